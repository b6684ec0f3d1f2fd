"""The project registry's use cases: list, show, add, edit, retire, history, import and
export. Every change names a source (a URL, a source id of the reference data or news:HASH)
and is checked with the rules of projects.csv before anything is written; each command is
one transaction."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

from layer0 import limits
from layer0.errors import Conflict, InputError, Problem, mention
from layer0.reference import projects as user_projects
from layer0.services.registry import database, packaged_reference, who
from layer0.settings import Settings, from_environment
from layer0.store import registry

COLUMNS = ("id", *registry.ROW_COLUMNS)
ORIGINS = ("builtin", "user", "news")
QUALITIES = ("SRC", "SEC", "DERIVED", "ASSUMED")


def _settings(settings: Settings | None) -> Settings:
    return settings or from_environment()


def check_source(source: str | None, ref) -> str:
    """A change's source: an http(s) URL with a host, a source id of the reference data, or
    news:HASH; refused otherwise (and when missing)."""
    if not source:
        raise InputError.parameter("source", f"every change needs a source: give "
                                   f"{mention('source')} URL (where the figures are stated)")
    if source.startswith(("http://", "https://")):
        parts = urlsplit(source)
        if not parts.hostname or "." not in parts.hostname or " " in source:
            raise InputError.parameter("source", f"'{source}' is not a valid URL (e.g. "
                                       "https://example.com/news/item)")
        return source
    if source.startswith("news:") or source in ref.ids("sources"):
        return source
    raise InputError.parameter("source", f"'{source}' is neither an http(s) URL, a source id "
                               "of the reference data nor news:HASH")


def check_filters(origin: str | None, status: str | None) -> None:
    from layer0.reference.vocabulary import PROJECT_STATUSES

    if origin is not None and origin not in ORIGINS:
        raise InputError.parameter("origin", f"unknown '{origin}' (allowed: "
                                   f"{', '.join(ORIGINS)})")
    if status is not None and status not in PROJECT_STATUSES:
        raise InputError.parameter("status", f"unknown '{status}' (allowed: "
                                   f"{', '.join(PROJECT_STATUSES)})")


def list_projects(origin: str | None = None, region: str | None = None,
                  status: str | None = None, operator: str | None = None,
                  retired: bool = False, settings: Settings | None = None) -> list[dict]:
    """Current projects (with `origin`, `version`, `retired`, `updated`, `by`)."""
    check_filters(origin, status)
    if region is not None:
        from layer0.reference.geography import is_iso_region

        if not is_iso_region(region.upper()):
            raise InputError.parameter("region", f"'{region}' is not an ISO 3166 code (a "
                                       "country like IE, or a subdivision like US-TX)")
    db = database(_settings(settings))
    with db.read() as session:
        return registry.current_rows(session, origin, region and region.upper(), status,
                                     operator, None if retired else False)


def show(project_id: str, settings: Settings | None = None) -> dict:
    """A project's current row, its origin and version, its sources (the current row's and
    merged articles') and `source_links`: those and earlier versions' with URL and title."""
    db = database(_settings(settings))
    with db.read() as session:
        project = registry.get_project(session, project_id)
        row = registry.current_row(session, project_id)
        sources = [row["source_id"], *registry.extra_sources(session, project_id)]
        cited = list(dict.fromkeys([*sources, *registry.earlier_sources(session, project_id)]))
        return {**row, "origin": project.origin, "version": project.current,
                "retired": project.retired, "sources": sources,
                "source_links": registry.source_links(session, cited)}


def history(project_id: str, settings: Settings | None = None) -> list[dict]:
    db = database(_settings(settings))
    with db.read() as session:
        return registry.history(session, project_id)


NUMBERS = {"capacity_mw": limits.SITE_MW, "capex": limits.CAPEX}
TEXT_LIMIT = 2000   # a name or a note; the note of projects.csv rows runs to ~600


def _numbers_and_text(row: dict, where: str) -> None:
    """The range of each number (the same words as `review --set` and projects files) and
    text without control characters or absurd length, before the row rules."""
    problems = []
    for name, value in row.items():
        if name in NUMBERS and value not in (None, ""):
            try:
                number = float(value)
            except (TypeError, ValueError):
                problems.append(Problem(where, name, f"'{value}' is not a number"))
                continue
            if problem := NUMBERS[name].problem(number):
                problems.append(Problem(where, name, problem))
        elif isinstance(value, str) and (len(value) > TEXT_LIMIT or any(
                ord(c) < 32 and c not in "\t\n" for c in value)):
            problems.append(Problem(where, name, f"at most {TEXT_LIMIT:,} characters and no "
                                    "control characters"))
    if problems:
        raise InputError(problems)


def _validated(row: dict, where: str, ref, builtin: bool) -> None:
    _numbers_and_text(row, where)
    user_projects.from_rows([(where, row)], ref, builtin_ok=builtin)


def _quality(quality: str) -> str:
    if quality not in QUALITIES:
        raise InputError.parameter("quality", f"unknown '{quality}' (allowed: "
                                   f"{', '.join(QUALITIES)})")
    return quality


def add(row: dict, source: str | None, quality: str = "SRC", why: str = "",
        by: str | None = None, settings: Settings | None = None) -> dict:
    """A new project of the user's, from projects.csv columns (source_id and quality come
    from `source` and `quality`). Nothing is written if any field is refused."""
    settings = _settings(settings)
    ref = packaged_reference(settings)
    source_id = check_source(source, ref)
    unknown = sorted(set(row) - set(COLUMNS))
    if unknown:
        raise InputError.parameter(unknown[0], f"unknown column (allowed: {', '.join(COLUMNS)})")
    row = {**{c: None for c in COLUMNS}, **row, "source_id": source_id,
           "quality": _quality(quality), "note": row.get("note") or ""}
    db = database(settings)
    with db.read() as session:   # a taken id is a clash (409 over HTTP), not a bad row
        if registry.ids(session, [str(row["id"])]):
            raise Conflict.parameter("id", f"'{row['id']}' is already a project (change it "
                                     "with `layer0 projects edit` or PATCH)")
    _validated(row, "projects add", ref, builtin=False)
    with db.write() as session:
        registry.ensure_source(session, source_id, "user", url=_url(source_id))
        registry.add(session, row, "user", by or who(), why)
    return show(row["id"], settings)


def _url(source_id: str) -> str:
    return source_id if source_id.startswith("http") else ""


def _typed(column: str, value):
    """A changed value as the registry compares it (a number column's text as a number)."""
    if value is None or column not in ("capacity_mw", "capex", "first_year", "full_year"):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def parse_changes(changes: list[str]) -> dict[str, str | None]:
    """NAME=VALUE pairs of projects.csv columns (an empty VALUE clears the column)."""
    out: dict[str, str | None] = {}
    editable = [c for c in registry.ROW_COLUMNS if c != "source_id"]
    for change in changes:
        name, sep, value = change.partition("=")
        if not sep or name not in editable:
            raise InputError.parameter("set", f"'{change}' must be NAME=VALUE with NAME one of "
                                       f"{', '.join(editable)}")
        out[name] = value if value != "" else None
    if not out:
        raise InputError.parameter("set", "give at least one NAME=VALUE to change")
    return out


def edit(project_id: str, changes: list[str], source: str | None, why: str = "",
         by: str | None = None, settings: Settings | None = None) -> dict:
    """A new version of a project with some columns changed; the old version stays."""
    settings = _settings(settings)
    ref = packaged_reference(settings)
    source_id = check_source(source, ref)
    updates = parse_changes(changes)
    db = database(settings)
    with db.write() as session:
        project = registry.get_project(session, project_id)
        if project.retired:
            raise InputError.parameter("id", f"{project_id} is retired")
        current = registry.current_row(session, project_id)
        row = {**current, **updates, "source_id": source_id}
        if all(registry.clean(current[c]) == registry.clean(_typed(c, row[c]))
               for c in updates):
            raise InputError.parameter("set", "changes nothing: every value is already "
                                       "the project's")
        _validated(row, f"projects edit {project_id}", ref, builtin=project.origin == "builtin")
        registry.ensure_source(session, source_id, "user", url=_url(source_id))
        registry.change(session, project_id, row, by or who(), why)
    return show(project_id, settings)


def retire(project_id: str, source: str | None, why: str = "", by: str | None = None,
           settings: Settings | None = None) -> dict:
    """Take a project out of the runs (cancelled, a duplicate, never built); its history
    stays and `projects list --retired` still shows it."""
    settings = _settings(settings)
    ref = packaged_reference(settings)
    source_id = check_source(source, ref)
    db = database(settings)
    with db.write() as session:
        project = registry.get_project(session, project_id)
        if project.retired:
            raise InputError.parameter("id", f"{project_id} is already retired")
        row = {**registry.current_row(session, project_id), "source_id": source_id}
        registry.ensure_source(session, source_id, "user", url=_url(source_id))
        registry.change(session, project_id, row, by or who(), why, action="retire",
                        retired=True)
    return show(project_id, settings)


def import_csv(path: Path, why: str = "", by: str | None = None,
               settings: Settings | None = None) -> dict[str, int]:
    """A projects.csv file of the user's own projects: new ids are added, known ids of the
    user's get a new version where a column changed. All rows are checked first; one bad row
    and nothing is written."""
    settings = _settings(settings)
    ref = packaged_reference(settings)
    frame = user_projects.from_csv(Path(path), ref)
    rows = [{c: r.get(c) for c in COLUMNS} for r in frame.to_dict("records")]
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    db = database(settings)
    by = by or who()
    why = why or f"imported from {Path(path).name}"
    with db.write() as session:
        registry.ensure_sources(session, (r["source_id"] for r in rows), "user")
        known = registry.ids(session, (r["id"] for r in rows))
        fresh = [r for r in rows if r["id"] not in known]
        registry.add_many(session, fresh, "user", by, why)
        counts["added"] = len(fresh)
        currents = {r["id"]: r for r in registry.current_rows(session, retired=None)
                    if r["id"] in known}
        for row in (r for r in rows if r["id"] in known):
            current = currents[row["id"]]
            if current["origin"] == "builtin":
                raise InputError.at(f"{path}:0", "id", f"'{row['id']}' is a built-in project; "
                                    f"change it with {mention('edit')}")
            if not current["retired"] and all(
                    registry.clean(current[c]) == registry.clean(row[c]) for c in COLUMNS):
                counts["unchanged"] += 1
                continue
            registry.change(session, row["id"], row, by, why, action="import", retired=False)
            counts["changed"] += 1
    return counts


def export_csv(everything: bool = False, retired: bool = False,
               settings: Settings | None = None) -> str:
    """The user's and the news's current projects as a projects.csv file (what `projects
    import` and `layer0 run --projects` read); `everything`: the built-in ones too."""
    rows = [r for r in list_projects(retired=retired, settings=settings)
            if everything or r["origin"] != "builtin"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _csv_cell(row[c]) for c in COLUMNS})
    return buffer.getvalue()


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
