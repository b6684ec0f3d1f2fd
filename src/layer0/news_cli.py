"""`layer0 extract`, `layer0 ingest` and `layer0 review`: news articles -> events ->
candidate records -> accepted projects that the next `layer0 run` includes."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from layer0.console import check_format, err, out
from layer0.errors import InputError

news_commands = typer.Typer()
LANGS = ("de", "en")


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in LANGS:
        raise InputError(f"--lang: field: unknown language '{lang}' (allowed: de, en; "
                         "leave it out to detect)")


def _read_all(paths: list[Path], encoding: str | None):
    """Every readable article; a per-file error on stderr for the rest; exit 2 if none."""
    from layer0.io.articles import read_article

    articles, failed = [], []
    for path in paths:
        try:
            articles.append(read_article(path, encoding))
        except InputError as error:
            failed.extend(error.problems)
    for line in failed:
        err.print(line, markup=False, highlight=False, soft_wrap=True)
    if not articles:
        raise InputError("no article could be read" if paths else "PATH: give one or more "
                         "article files")
    return articles


def _fmt_number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "USD":
        return f"${value / 1e9:,.2f} bn" if value >= 1e8 else f"${value:,.0f}"
    return f"{value:,.4g} {unit}"


def _event_table(path: str, language: str, events: list[dict]) -> Table:
    table = Table(title=f"{path} ({language}): {len(events)} event(s)", show_lines=True)
    for column in ("type", "actor", "material", "location", "figures", "date", "conf.",
                   "evidence"):
        table.add_column(column, overflow="fold", max_width=60 if column == "evidence"
                         else None)
    for e in events:
        figures = "; ".join(x for x in (
            _fmt_number(e["amount_usd"], "USD")
            + (f" ({e['amount']:,.4g} {e['currency']})" if e["currency"] not in (None, "USD")
               else ""),
            _fmt_number(e["capacity_mw"], "MW"), _fmt_number(e["quantity_t"], "t"),
            _fmt_number(e["share_pct"], "%") + (f" {e['stage']}" if e["stage"] else ""),
            _fmt_number(e["period_years"], "years")) if x.strip())
        table.add_row(e["type"], e["actor"] or "", e["material"] or "", e["location"] or "",
                      figures, e["date"] or "", f"{e['confidence']:.2f}", e["evidence"])
    return table


@news_commands.command()
def extract(
    paths: list[Path] = typer.Argument(None, help="Article files (UTF-8 text or HTML)."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    lang: str | None = typer.Option(None, help="de or en (default: detected per file)."),
    encoding: str | None = typer.Option(None, help="Read the files in this encoding "
                                        "instead of UTF-8 (e.g. cp1252)."),
) -> None:
    """Events (investments, capacity, offtakes, production, export controls, shares) in
    news articles, each with its evidence sentence; JSON: one object per file."""
    from layer0.extract import extract as extract_article

    check_format(fmt)
    _check_lang(lang)
    results = []
    for article in _read_all(paths or [], encoding):
        doc, events = extract_article(article.text, lang)
        results.append({"path": article.path, "language": doc.lang,
                        "events": [e.model_dump(mode="json") for e in events]})
    if fmt == "json":
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    for result in results:
        out.print(_event_table(result["path"], result["language"], result["events"]))


@news_commands.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Article files (UTF-8 text or HTML)."),
    lang: str | None = typer.Option(None, help="de or en (default: detected per file)."),
    encoding: str | None = typer.Option(None, help="Read the files in this encoding."),
    news_dir: Path | None = typer.Option(None, envvar="LAYER0_NEWS_DIR",
                                         help="Folder of the candidates (default: your user "
                                         "data folder)."),
) -> None:
    """Turn the events of articles into candidate records for `layer0 review`. An article
    already ingested adds nothing; a fact already known gains the article as a source."""
    from layer0.registry.candidates import Store
    from layer0.registry.ingest import ingest as ingest_article

    _check_lang(lang)
    articles = _read_all(paths or [], encoding)
    store = Store.open(news_dir)
    for article in articles:
        result = ingest_article(store, article, lang)
        if result.already:
            out.print(f"{article.path}: already ingested, nothing added")
        else:
            out.print(f"{article.path}: {result.events} event(s) -> {result.new} new "
                      f"record(s), {result.sourced} known record(s) with a new source")
    store.save()
    out.print(f"{len(store.records)} record(s) in {store.folder}; see `layer0 review`")


def _apply_settings(record: dict, settings: list[str]) -> None:
    from layer0.extract.event import NUMERIC_FIELDS
    from layer0.registry.records import FIELDS

    allowed = set(FIELDS) | {"status", "archetype"}
    for setting in settings:
        name, sep, value = setting.partition("=")
        if not sep or name not in allowed:
            raise InputError(f"--set: field: '{setting}' must be NAME=VALUE with NAME one of "
                             f"{', '.join(sorted(allowed))}")
        if name in NUMERIC_FIELDS or name == "amount":
            try:
                record["fields"][name] = float(value)
            except ValueError:
                raise InputError(f"--set: {name}: '{value}' is not a number") from None
        else:
            record["fields"][name] = value or None


@news_commands.command()
def review(
    accept: list[str] = typer.Option([], help="Accept the record with this id (repeatable)."),
    reject: list[str] = typer.Option([], help="Reject the record with this id (repeatable)."),
    set_: list[str] = typer.Option([], "--set", help="NAME=VALUE: correct a field of the "
                                   "accepted record first (e.g. location=US-TX)."),
    show: str = typer.Option("candidate", help="Which records to list: candidate, accepted, "
                             "rejected or all."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    news_dir: Path | None = typer.Option(None, envvar="LAYER0_NEWS_DIR",
                                         help="Folder of the candidates."),
) -> None:
    """List candidate records, or decide on them. Accepted projects enter `layer0 run`."""
    from layer0.registry.candidates import STATUSES, Store

    check_format(fmt)
    if show not in (*STATUSES, "all"):
        raise InputError(f"--show: field: unknown '{show}' (allowed: {', '.join(STATUSES)}, "
                         "all)")
    if set_ and len(accept) != 1:
        raise InputError("--set: field: applies to exactly one --accept ID")
    store = Store.open(news_dir)
    if accept or reject:
        _decide(store, accept, reject, set_)
        return
    records = [r for r in store.records if show == "all" or r["status"] == show]
    if fmt == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return
    _record_table(records, show, store.folder)


def _decide(store, accept: list[str], reject: list[str], settings: list[str]) -> None:
    from layer0.inputs import load_reference
    from layer0.registry.records import acceptance_problems

    both = set(accept) & set(reject)
    if both:
        raise InputError(f"review: id: {', '.join(sorted(both))} both accepted and rejected")
    problems = []
    for record_id in accept:
        record = store.get(record_id)
        _apply_settings(record, settings)
        problems += acceptance_problems(record)
        record["status"] = "accepted"
    for record_id in reject:
        store.get(record_id)["status"] = "rejected"
    if problems:
        raise InputError(problems)
    store.check_accepted(load_reference(None))
    store.save()
    for record_id in accept:
        out.print(f"accepted {record_id}")
    for record_id in reject:
        out.print(f"rejected {record_id}")


def _record_table(records: list[dict], show: str, folder: Path) -> None:
    table = Table(title=f"{len(records)} {show} record(s) in {folder}", show_lines=True)
    for column in ("id", "kind", "status", "fields", "sources", "evidence"):
        table.add_column(column, overflow="fold", max_width=60 if column == "evidence"
                         else None)
    for r in records:
        fields = ", ".join(f"{k}={v:,.4g}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in r["fields"].items() if v is not None)
        sources = "\n".join(f"{s['title'][:40]} ({s['date'] or 'undated'}, "
                            f"{s['sha256'][:8]})" for s in r["sources"])
        table.add_row(r["id"], r["kind"], r["status"], fields, sources,
                      r["sources"][0]["evidence"])
    out.print(table)
