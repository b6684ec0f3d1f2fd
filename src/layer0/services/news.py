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
from typing import TYPE_CHECKING, TypedDict

from layer0.candidates.records import CORRECTABLE
from layer0.errors import InputError, Problem, mention

if TYPE_CHECKING:
    from layer0.settings import Settings

LANGS = ("de", "en")
CORRECTABLE_FIELDS = CORRECTABLE   # what `review --set` may correct


def from_environment() -> Settings:
    """The process's settings (imported when used: the CLI's help reads this module, and
    the settings bring pydantic)."""
    from layer0.settings import from_environment as read

    return read()


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


def article_of(text: str, html: bool = False, where: str = "article"):
    """An article from text (or a saved page's HTML) given directly, not in a file."""
    from layer0.io.articles import article_from_bytes

    return article_from_bytes(text.encode("utf-8"), where, html=html)


def fx_rates(settings: Settings):
    """The exchange rates of the reference data (validated rows of fx_rates.csv)."""
    from layer0.extract import rates_from_rows
    from layer0.reference.rows import read_rows

    return rates_from_rows((r.currency, r.year, r.month, r.usd_per_unit, r.source_id)
                           for r in read_rows("fx_rates.csv", settings.data_dir))


def _read(articles: list, lang: str | None, rates, progress=None) -> list[tuple]:
    """(article, document, events) of each article; `progress(done, total)` as they go."""
    from layer0.extract import extract as extract_article

    read = []
    for n, article in enumerate(articles, 1):
        read.append((article, *extract_article(article.text, lang, rates, article.date)))
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


def ingest(articles: list, lang: str | None = None, settings: Settings | None = None,
           progress=None) -> tuple[list[IngestOutcome], int, str]:
    """Each article's events as candidate records (an article already ingested adds nothing;
    a fact already known gains the article as a source), in one transaction: all articles
    or none. Returns the outcomes, the number of records and the database."""
    from layer0.candidates.records import record_of
    from layer0.services.registry import database
    from layer0.store.candidates import CandidateStore

    check_lang(lang)
    settings = settings or from_environment()
    rates = fx_rates(settings)
    db = database(settings)
    read = _read(articles, lang, rates, progress)   # before the write lock: reading is slow
    outcomes = []
    with db.write() as session:
        store = CandidateStore.load(session)
        for article, doc, events in read:
            outcome = IngestOutcome(article.path)
            outcomes.append(outcome)
            if article.sha256 in store.sources_seen():
                outcome.already = True
                continue
            now = datetime.now(UTC).isoformat(timespec="seconds")
            dumped = [e.model_dump(mode="json") for e in events]
            day = article.date or doc.article_date   # a page's own date before a guess
            store.add_article(article.sha256, article.path, article.title, day,
                              doc.lang, dumped, url=article.url)
            outcome.events = len(events)
            for event in events:
                kind, fields = record_of(event.model_dump())
                source = {"title": article.title, "date": day,
                          "sha256": article.sha256, "path": article.path,
                          "evidence": event.evidence, "span": list(event.span),
                          "confidence": event.confidence, "ingested": now}
                result = store.add(kind, fields, source)
                outcome.new += result == "new"
                outcome.sourced += result == "source"
        store.save()
        count = len(store.records)
    return outcomes, count, db.shown


def check_show(show: str) -> None:
    from layer0.store.candidates import RECORD_STATUSES

    if show not in (*RECORD_STATUSES, "all"):
        raise InputError.parameter("show", f"unknown '{show}' (allowed: "
                                   f"{', '.join(RECORD_STATUSES)}, all)")


def records(show: str = "candidate", settings: Settings | None = None
            ) -> tuple[list[dict], str]:
    """The records with status `show` (or all), and the database. A project candidate
    carries `likely_duplicates`: registry projects it may describe."""
    from layer0.candidates.matching import likely_duplicates
    from layer0.services.registry import database
    from layer0.store import registry
    from layer0.store.candidates import CandidateStore

    check_show(show)
    db = database(settings or from_environment())
    with db.read() as session:
        listed = [r for r in CandidateStore.load(session).records
                  if show == "all" or r["status"] == show]
        projects = None
        for record in listed:
            if record["kind"] == "project" and record["status"] == "candidate":
                projects = projects or registry.current_rows(session)
                record["likely_duplicates"] = likely_duplicates(record["fields"], projects)
    return listed, db.shown


def decide(accept: list[str] = (), reject: list[str] = (), changes: list[str] = (),
           settings: Settings | None = None, merge_into: str | None = None,
           new: bool = False, by: str | None = None, why: str = "") -> list[dict]:
    """Accept or reject records (`changes` correct the one accepted record first), in one
    transaction: on any problem nothing is written. An accepted record becomes what the
    model reads (a project, a supply asset, an export control, a share observation). A
    project candidate that likely duplicates a registry project is refused unless it is
    merged into it (`merge_into`: the article becomes a new source of that project) or
    accepted as a project of its own (`new`). Every decision is logged. Returns the decided
    records."""
    from layer0.candidates.matching import likely_duplicates
    from layer0.candidates.records import acceptance_problems, correct
    from layer0.services.registry import apply_accepted, database, packaged_reference, who
    from layer0.store import news, registry
    from layer0.store.candidates import CandidateStore
    from layer0.store.schema import Decision

    if (changes or merge_into or new) and len(accept) != 1:
        raise InputError.parameter("set", f"{mention('set')}, {mention('merge_into')} and "
                                   f"{mention('new')} apply to exactly one "
                                   f"{mention('accept')} ID")
    if merge_into and new:
        raise InputError.parameter("new", f"choose {mention('merge_into')} PROJECT or "
                                   f"{mention('new')}, not both")
    both = set(accept) & set(reject)
    if both:
        raise InputError.at("review", "id", f"{', '.join(sorted(both))} both accepted and "
                            "rejected")
    settings = settings or from_environment()
    ref = packaged_reference(settings)
    db = database(settings)
    by = by or who()
    at = datetime.now(UTC)
    with db.write() as session:
        store = CandidateStore.load(session)
        problems, projects = [], None   # the registry's projects, read when first needed
        for record_id in accept:
            record = store.get(record_id)
            if record["status"] != "candidate":
                raise InputError.at("review", "id", f"{record_id} is already {record['status']}")
            before = dict(record["fields"])
            correct(record, list(changes))
            if record["fields"] != before:
                session.add(Decision(candidate_id=record_id, action="edit", by=by, at=at,
                                     why=why, changes={k: [before.get(k), v] for k, v in
                                                       record["fields"].items()
                                                       if before.get(k) != v}))
            if merge_into:
                if record["kind"] != "project":
                    raise InputError.parameter("merge_into", f"{record_id} is a "
                                               f"{record['kind']}, only projects merge")
                registry.get_project(session, merge_into)
                for source in record["sources"]:
                    registry.add_source(session, merge_into, news.source_of(source))
                record["status"] = "merged"
                session.add(Decision(candidate_id=record_id, action="merge", by=by, at=at,
                                     why=why, changes={"into": merge_into}))
                continue
            found = acceptance_problems(record)
            problems += found
            if record["kind"] == "project" and not new and not found:
                projects = projects if projects is not None else registry.current_rows(session)
                dups = likely_duplicates(record["fields"], projects)
                if dups:
                    problems.append(Problem(
                        f"review: {record_id}", "merge_into",
                        f"likely the same as project {dups[0]['id']} ({dups[0]['why']}): "
                        f"merge it as a new source with {mention('merge_into')} "
                        f"{dups[0]['id']}, or add it as its own project with {mention('new')}"))
            record["status"] = "accepted"
            session.add(Decision(candidate_id=record_id, action="accept", by=by, at=at,
                                 why=why))
        for record_id in reject:
            record = store.get(record_id)
            if record["status"] != "candidate":   # what it became is in use: undo that first
                raise InputError.at("review", "id", f"{record_id} is already "
                                    f"{record['status']}; only candidates can be rejected")
            record["status"] = "rejected"
            session.add(Decision(candidate_id=record_id, action="reject", by=by, at=at,
                                 why=why))
        if problems:
            raise InputError(problems)
        store.save()
        for record_id in accept:
            record = store.get(record_id)
            if record["status"] == "accepted":
                apply_accepted(session, record, ref, by, why or "accepted from the news")
    return [store.get(r) for r in [*accept, *reject]]
