"""`layer0 extract`, `layer0 ingest`, `layer0 watch` and `layer0 review`: news articles
(files, pages, feeds) -> events -> candidate records -> accepted projects that the next
`layer0 run` includes."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from layer0.cli import options
from layer0.cli.console import err, out, print_table, working
from layer0.services.news import CORRECTABLE_FIELDS

news_commands = typer.Typer()


def _read_all(paths: list[Path], encoding: str | None):
    """Every readable article; a per-file error on stderr for the rest; exit 2 if none."""
    from layer0.services.news import read_articles

    read = read_articles(paths, encoding)
    for problem in read.failed:
        err.print(options.render(problem), markup=False, highlight=False, soft_wrap=True)
    return read.articles


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
    from layer0.services.news import check_lang
    from layer0.services.news import extract as extract_events

    options.check_format(fmt)
    check_lang(lang)
    with working("articles", "reading the articles") as progress:
        results = extract_events(_read_all(paths or [], encoding), lang, options.settings(),
                                 progress)
    if fmt == "json":
        print(json.dumps(results, ensure_ascii=False, indent=1, allow_nan=False))
        return
    for result in results:
        print_table(_event_table(result["path"], result["language"], result["events"]))


@news_commands.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Article files (UTF-8 text or HTML)."),
    lang: str | None = typer.Option(None, help="de or en (default: detected per file)."),
    encoding: str | None = typer.Option(None, help="Read the files in this encoding."),
    news_dir: Path | None = options.NEWS_DIR,
    database: str | None = options.DATABASE,
) -> None:
    """Turn the events of articles into candidate records for `layer0 review`. An article
    already ingested adds nothing; a fact already known gains the article as a source."""
    from layer0.services.news import check_lang
    from layer0.services.news import ingest as ingest_articles

    check_lang(lang)
    with working("articles", "reading the articles") as progress:
        outcomes, count, where = ingest_articles(_read_all(paths or [], encoding), lang,
                                                 options.settings(news_dir=news_dir,
                                                                  database=database),
                                                 progress)
    for result in outcomes:
        if result.already:
            out.print(f"{result.path}: already ingested, nothing added")
        else:
            out.print(f"{result.path}: {result.events} event(s) -> {result.new} new "
                      f"record(s), {result.sourced} known record(s) with a new source")
    out.print(f"{count} record(s) in {where}; see `layer0 review`")


@news_commands.command()
def review(
    accept: list[str] = typer.Option([], help="Accept the record with this id (repeatable)."),
    reject: list[str] = typer.Option([], help="Reject the record with this id (repeatable)."),
    set_: list[str] = typer.Option([], "--set", help="NAME=VALUE: correct a field of the "
                                   "accepted record first (e.g. location=US-TX; an empty "
                                   "VALUE clears it). NAME: "
                                   f"{', '.join(CORRECTABLE_FIELDS)}."),
    merge_into: str | None = typer.Option(None, help="Merge the accepted project record into "
                                          "this registry project: its articles become new "
                                          "sources of that project."),
    new: bool = typer.Option(False, "--new", help="Accept a project record that looks like a "
                             "registry project as a project of its own."),
    show: str = typer.Option("candidate", help="Which records to list: candidate, accepted, "
                             "rejected, merged or all."),
    why: str = typer.Option("", "--why", help="Why the decision (kept in the audit log)."),
    by: str | None = typer.Option(None, "--by", help="Who decides (default: your login)."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    news_dir: Path | None = options.NEWS_DIR,
    database: str | None = options.DATABASE,
) -> None:
    """List candidate records, or decide on them. Accepted projects enter `layer0 run`,
    offtakes `coverage --asset`, export controls `controls` and `disrupt`; shares are shown
    beside the USGS shares in `layer0 supply`."""
    from layer0.services.news import check_show, decide, records

    options.check_format(fmt)
    check_show(show)
    settings = options.settings(news_dir=news_dir, database=database)
    if accept or reject or set_ or merge_into or new:
        for record in decide(accept, reject, set_, settings, merge_into, new, by, why):
            out.print(f"{record['status']} {record['id']}{_becomes(record, merge_into)}")
        return
    listed, where = records(show, settings)
    if fmt == "json":
        print(json.dumps(listed, ensure_ascii=False, indent=1, allow_nan=False))
        return
    _record_table(listed, show, where)


USED_BY = {"project": "a project in `layer0 projects` and every run",
           "offtake": "a supply asset for `layer0 coverage --asset`",
           "export_control": "an export control in `layer0 controls` and `disrupt`",
           "share": "a share observation beside the USGS shares in `layer0 supply`",
           "production": "kept as a record; production figures do not enter the model yet"}


def _becomes(record: dict, merge_into: str | None) -> str:
    if record["status"] == "merged":
        return f" into {merge_into} (its articles are now sources of it)"
    if record["status"] != "accepted":
        return ""
    return f": now {USED_BY[record['kind']]}"


def _record_table(records: list[dict], show: str, where: str) -> None:
    """A table when the terminal is wide; below 110 columns one plain block per record
    (a table that narrow would break ids and evidence mid-word)."""
    rows = []
    for r in records:
        fields = ", ".join(f"{k}={v:,.4g}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in r["fields"].items() if v is not None)
        sources = [f"{s['title'][:60]} ({s['date'] or 'undated'}, {s['sha256'][:8]})"
                   for s in r["sources"]]
        dups = "; ".join(f"{d['id']} ({d['why']})" for d in r.get("likely_duplicates") or [])
        rows.append((r, fields, sources, dups))
    if out.width < 110:
        out.print(f"{len(records)} {show} record(s) in {where}")
        for r, fields, sources, dups in rows:
            out.print(f"\n{r['id']} ({r['kind']}, {r['status']}): {fields}")
            if dups:
                out.print(f"  likely the same as: {dups}")
            for source in sources:
                out.print(f"  source: {source}")
            out.print(f"  evidence: {r['sources'][0]['evidence']}")
        return
    table = Table(title=f"{len(records)} {show} record(s) in {where}", show_lines=True)
    for column in ("id", "kind", "status", "fields", "sources", "evidence"):
        table.add_column(column, overflow="fold", no_wrap=column == "id",   # ids stay whole
                         max_width=60 if column == "evidence" else None)
    for r, fields, sources, dups in rows:
        table.add_row(r["id"], r["kind"], r["status"],
                      fields + (f"\nlikely the same as: {dups}" if dups else ""),
                      "\n".join(sources), r["sources"][0]["evidence"])
    print_table(table)


@news_commands.command()
def watch(
    feed: list[str] = typer.Option([], "--feed", help="An RSS or Atom feed's URL "
                                   "(repeatable)."),
    once: bool = typer.Option(False, "--once", help="Read each feed once and stop (the "
                              "default without --interval)."),
    interval: float | None = typer.Option(None, help="Minutes between reads (1-1440); Ctrl-C "
                                          "stops."),
    timeout: float = typer.Option(20.0, help="Seconds allowed for a whole feed or page."),
    lang: str | None = typer.Option(None, help="de or en (default: detected per article)."),
    news_dir: Path | None = options.NEWS_DIR,
    database: str | None = options.DATABASE,
) -> None:
    """Read feeds, fetch the pages of items not read before and ingest them (as `layer0
    ingest`). An unchanged feed costs a conditional request; a failing feed is reported and
    the others go on (exit code 1 if any failed)."""
    import time

    from layer0.errors import InputError
    from layer0.services.watch import watch_once  # checks the feeds before any request

    if once and interval is not None:
        raise InputError.parameter("interval", "give --once or --interval, not both")
    if interval is not None and not 1 <= interval <= 1440:
        raise InputError.parameter("interval", f"must be between 1 and 1440 minutes, got "
                                   f"{interval:g}")
    if not feed:
        raise InputError.parameter("feed", "give at least one --feed URL")
    settings = options.settings(news_dir=news_dir, database=database)
    failed = False
    try:
        while True:
            with working("feeds", "reading the feeds"):
                reports = watch_once(feed, settings, lang, timeout)   # never raises per feed
            for report in reports:
                _print_feed(report)
            failed = any(r.status == "failed" for r in reports)
            if interval is None:
                break
            out.print(f"next read in {interval:g} min (Ctrl-C stops)")
            time.sleep(interval * 60)
    except KeyboardInterrupt:
        out.print("stopped")
    if failed:
        raise typer.Exit(1)


def _print_feed(report) -> None:
    if report.status == "failed":
        err.print(f"{report.feed}: failed: {report.error}", markup=False, soft_wrap=True)
        return
    if report.status == "unchanged":
        out.print(f"{report.feed}: unchanged since the last read", markup=False, soft_wrap=True)
        return
    out.print(f"{report.feed}: {report.items} item(s), {report.new} new -> {report.articles} "
              f"article(s) read ({report.already} known), {report.records_new} new record(s), "
              f"{report.records_sourced} known record(s) with a new source",
              markup=False, soft_wrap=True)
    for problem in report.problems:
        err.print(f"  {problem} (tried again next time)", markup=False, soft_wrap=True)
