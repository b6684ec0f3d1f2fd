"""News use cases: read articles, extract their events, ingest them as candidate records,
list the records and decide on them. Accepted projects enter the next run (services.runs).

Reading the events of an article needs only the exchange rates of the reference data; those
are read on their own (validated rows, no cross-checks of the other tables), so `extract`
starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

from layer0.errors import InputError, Problem, mention
from layer0.settings import Settings, from_environment

LANGS = ("de", "en")


class ArticleEvents(TypedDict):
    path: str
    language: str
    events: list[dict]


@dataclass
class IngestOutcome:
    path: str
    already: bool = False      # this article (by content hash) was ingested before
    new: int = 0               # new records
    sourced: int = 0           # known records that gained this article as a source
    events: int = 0


@dataclass
class ReadArticles:
    """The articles that could be read, and a problem for each one that could not."""

    articles: list = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)


def check_lang(lang: str | None) -> None:
    if lang is not None and lang not in LANGS:
        raise InputError.parameter("lang", f"unknown language '{lang}' (allowed: "
                                   f"{', '.join(LANGS)}; leave it out to detect)")


def read_articles(paths: list[Path], encoding: str | None = None) -> ReadArticles:
    """Every readable article; the others as problems. InputError if none could be read."""
    from layer0.io.articles import read_article

    read = ReadArticles()
    for path in paths:
        try:
            read.articles.append(read_article(Path(path), encoding))
        except InputError as error:
            read.failed.extend(error.problems)
    if not read.articles:
        raise InputError(read.failed + [Problem("", "", "no article could be read")] if paths
                         else "PATH: give one or more article files")
    return read


def fx_rates(settings: Settings):
    """The exchange rates of the reference data (validated rows of fx_rates.csv)."""
    from layer0.extract import rates_from_rows
    from layer0.reference.rows import read_rows

    return rates_from_rows((r.currency, r.year, r.usd_per_unit, r.source_id)
                           for r in read_rows("fx_rates.csv", settings.data_dir))


def _read(articles: list, lang: str | None, rates, progress=None) -> list[tuple]:
    """(article, document, events) of each article; `progress(done, total)` as they go."""
    from layer0.extract import extract as extract_article

    read = []
    for n, article in enumerate(articles, 1):
        read.append((article, *extract_article(article.text, lang, rates)))
        if progress:
            progress(n, len(articles))
    return read


def extract(articles: list, lang: str | None = None, settings: Settings | None = None,
            progress=None) -> list[ArticleEvents]:
    """The events of each article, with its detected (or given) language."""
    check_lang(lang)
    rates = fx_rates(settings or from_environment())
    return [{"path": article.path, "language": doc.lang,
             "events": [e.model_dump(mode="json") for e in events]}
            for article, doc, events in _read(articles, lang, rates, progress)]


def _open_store(settings: Settings):
    from layer0.store.candidates import CandidateStore

    return CandidateStore.open(settings.news_folder)


def _save(store, settings: Settings) -> None:
    """Save the records with the accepted projects as projects.csv rows, all or nothing."""
    from layer0.candidates.records import lead_times, projects_csv
    from layer0.services.inputs import reference_data

    lead = lead_times(reference_data(settings)["projects"])
    store.save(projects_csv(store.accepted("project"), lead))


def ingest(articles: list, lang: str | None = None, settings: Settings | None = None,
           progress=None) -> tuple[list[IngestOutcome], int, Path]:
    """Each article's events as candidate records (an article already ingested adds nothing;
    a fact already known gains the article as a source). Returns the outcomes, the number of
    records in the store and its folder."""
    from layer0.candidates.records import record_of
    from layer0.store.candidates import CandidateStore

    check_lang(lang)
    settings = settings or from_environment()
    rates = fx_rates(settings)
    read = _read(articles, lang, rates, progress)
    outcomes = []
    with CandidateStore.transaction(settings.news_folder) as store:
        for article, doc, events in read:
            outcome = IngestOutcome(article.path)
            outcomes.append(outcome)
            if article.sha256 in store.sources_seen():
                outcome.already = True
                continue
            now = datetime.now(UTC).isoformat(timespec="seconds")
            outcome.events = len(events)
            for event in events:
                kind, fields = record_of(event.model_dump())
                source = {"title": article.title, "date": doc.article_date,
                          "sha256": article.sha256, "path": article.path,
                          "evidence": event.evidence, "span": list(event.span),
                          "confidence": event.confidence, "ingested": now}
                result = store.add(kind, fields, source)
                outcome.new += result == "new"
                outcome.sourced += result == "source"
        _save(store, settings)
    return outcomes, len(store.records), store.folder


def check_show(show: str) -> None:
    from layer0.store.candidates import RECORD_STATUSES

    if show not in (*RECORD_STATUSES, "all"):
        raise InputError.parameter("show", f"unknown '{show}' (allowed: "
                                   f"{', '.join(RECORD_STATUSES)}, all)")


def records(show: str = "candidate", settings: Settings | None = None
            ) -> tuple[list[dict], Path]:
    """The records with status `show` (or all), and the store's folder."""
    check_show(show)
    store = _open_store(settings or from_environment())
    return [r for r in store.records if show == "all" or r["status"] == show], store.folder


def decide(accept: list[str] = (), reject: list[str] = (), changes: list[str] = (),
           settings: Settings | None = None) -> list[dict]:
    """Accept or reject records (`changes` correct the one accepted record first). Accepted
    projects are validated as `--projects` rows; on any problem nothing is written. Returns
    the decided records."""
    from layer0.services.inputs import accepted_projects, reference_data

    if changes and len(accept) != 1:
        raise InputError.parameter("set", f"applies to exactly one {mention('accept')} ID")
    both = set(accept) & set(reject)
    if both:
        raise InputError.at("review", "id", f"{', '.join(sorted(both))} both accepted and "
                            "rejected")
    from layer0.candidates.records import acceptance_problems, correct
    from layer0.store.candidates import CandidateStore

    settings = settings or from_environment()
    ref = reference_data(settings)
    with CandidateStore.transaction(settings.news_folder) as store:
        problems = []
        for record_id in accept:
            record = store.get(record_id)
            correct(record, list(changes))
            problems += acceptance_problems(record)
            record["status"] = "accepted"
        for record_id in reject:
            store.get(record_id)["status"] = "rejected"
        if problems:
            raise InputError(problems)
        accepted_projects(store, ref)   # validated as `layer0 run` will read them
        _save(store, settings)
    return [store.get(r) for r in [*accept, *reject]]
