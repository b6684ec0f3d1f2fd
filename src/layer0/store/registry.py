"""Projects with their history, and the sources they cite.

A project's current row is its `current` version; every change appends a version (the old
ones stay). The packaged projects.csv is mirrored per data version as `release` versions: a
release that changes a project the user never edited moves it on; one the user edited keeps
the user's version current (the release's row is still recorded, so history shows both).
Rows reach this module validated (services check them against the reference data).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from layer0.errors import Conflict, NotFound
from layer0.store.schema import Meta, Project, ProjectSource, ProjectVersion, Source

ROW_COLUMNS = ("operator", "name", "region", "announced_date", "capex", "capex_currency",
               "capex_scope", "capacity_mw", "capacity_basis", "status", "first_year",
               "full_year", "archetype", "source_id", "quality", "note")
RELEASE_BY = "layer0 release"


def now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A time as UTC text, the same from SQLite (which returns it without a zone) and
    PostgreSQL (which returns it in the session's zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def clean(value):
    """A CSV/pandas cell as the database keeps it (NaN and '' are None)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if hasattr(value, "item"):   # numpy scalars
        return value.item()
    return value


def row_of(version: ProjectVersion, project: Project | None = None) -> dict:
    """The projects.csv row of a version (with its id)."""
    row = {"id": version.project_id}
    row.update({c: getattr(version, c) for c in ROW_COLUMNS})
    return row


# -- meta -------------------------------------------------------------------------------

def get_meta(session: Session, key: str) -> str | None:
    found = session.get(Meta, key)
    return found.value if found else None


def set_meta(session: Session, key: str, value: str) -> None:
    session.merge(Meta(key=key, value=value))


# -- sources ----------------------------------------------------------------------------

def ensure_source(session: Session, source_id: str, origin: str, **fields) -> Source:
    """The source `source_id`, made if new (a URL, news:HASH or a reference id)."""
    found = session.get(Source, source_id)
    if found is None:
        found = Source(id=source_id, origin=origin, url=fields.pop("url", "") or "",
                       recorded=now(),
                       **{k: v for k, v in fields.items() if v is not None})
        session.add(found)
        session.flush([found])
    return found


def source_rows(session: Session, origins: tuple[str, ...] = ("user", "news")) -> list[dict]:
    """Sources the reference data does not hold, in the columns of sources.csv (a URL's
    publisher is its host; an undated one carries the day it was recorded, said in its
    note)."""
    rows = session.scalars(sa.select(Source).where(Source.origin.in_(origins))).all()
    out = []
    for s in rows:
        note = s.note or ""
        if not s.date:
            note = (note + " " if note else "") + f"date: recorded {s.recorded:%Y-%m-%d}"
        out.append({"id": s.id, "title": s.title or s.id,
                    "publisher": s.publisher or urlsplit(s.url).hostname or s.origin,
                    "date": s.date or f"{s.recorded:%Y-%m-%d}", "url": s.url or "",
                    "note": note})
    return out


# -- the release mirror ---------------------------------------------------------------------

def sync_release(session: Session, version: str, projects: pd.DataFrame,
                 sources: pd.DataFrame) -> bool:
    """Mirror the packaged sources and projects of data version `version` (once per version;
    True if anything was written)."""
    if get_meta(session, "release") == version:
        return False
    known = set(session.scalars(sa.select(Source.id)))
    for row in sources.to_dict("records"):
        if row["id"] not in known:
            session.add(Source(id=row["id"], origin="builtin", url=clean(row["url"]) or "",
                               recorded=now(),
                               title=clean(row["title"]) or "",
                               publisher=clean(row["publisher"]) or "",
                               date=str(clean(row["date"]) or ""),
                               note=clean(row["note"]) or ""))
    session.flush()
    existing = {p.id: p for p in session.scalars(sa.select(Project))}
    last_release = _last_release_rows(session)
    at = now()
    released = set()
    for raw in projects.to_dict("records"):
        row = {c: clean(raw[c]) for c in ("id", *ROW_COLUMNS)}
        pid = row["id"]
        released.add(pid)
        project = existing.get(pid)
        if project is None:
            project = Project(id=pid, origin="builtin", current=0, retired=False)
            session.add(project)
            session.flush([project])
        elif project.origin != "builtin":
            continue   # a user's id that a later release also uses: the user's stays
        if project.retired and _is_release(session, project):
            project.retired = False   # an earlier release dropped it, this one has it again
        if last_release.get(pid) == row:
            continue
        number = _append(session, project, row, "release", RELEASE_BY, at,
                         f"reference data {version}", data_version=version)
        if project.current == 0 or _is_release(session, project):
            project.current = number
    for pid, project in existing.items():
        if project.origin == "builtin" and pid not in released and not project.retired \
                and _is_release(session, project):
            project.retired = True   # gone from the release, never edited by the user
    set_meta(session, "release", version)
    return True


def _last_release_rows(session: Session) -> dict[str, dict]:
    newest = (sa.select(ProjectVersion.project_id, sa.func.max(ProjectVersion.version))
              .where(ProjectVersion.action == "release").group_by(ProjectVersion.project_id))
    keys = {pid: number for pid, number in session.execute(newest)}
    if not keys:
        return {}
    versions = session.scalars(sa.select(ProjectVersion).where(
        ProjectVersion.action == "release")).all()
    return {v.project_id: row_of(v) for v in versions if keys.get(v.project_id) == v.version}


def _is_release(session: Session, project: Project) -> bool:
    current = session.get(ProjectVersion, (project.id, project.current))
    return current is None or current.action == "release"


def _append(session: Session, project: Project, row: dict, action: str, by: str,
            at: datetime, why: str, data_version: str | None = None) -> int:
    number = (session.scalar(sa.select(sa.func.max(ProjectVersion.version)).where(
        ProjectVersion.project_id == project.id)) or 0) + 1
    session.add(ProjectVersion(project_id=project.id, version=number, action=action, by=by,
                               at=at, why=why, data_version=data_version,
                               **{c: row.get(c) for c in ROW_COLUMNS}))
    return number


# -- reading ---------------------------------------------------------------------------------

def current_rows(session: Session, origin: str | None = None, region: str | None = None,
                 status: str | None = None, operator: str | None = None,
                 retired: bool | None = False) -> list[dict]:
    """Current rows with `origin`, `version`, `retired`, `updated` (the time of the current
    version), `by` and `action`; filters combine (region matches a prefix: US matches
    US-TX). Plain columns, not ORM objects: listing 10,000 projects is a query, not 20,000
    objects to build and collect."""
    v = ProjectVersion
    columns = [v.project_id.label("id"), *(getattr(v, c) for c in ROW_COLUMNS),
               Project.origin, v.version, Project.retired, v.at, v.by, v.action]
    query = (sa.select(*columns)
             .join(v, sa.and_(v.project_id == Project.id, v.version == Project.current))
             .order_by(Project.id))
    if origin:
        query = query.where(Project.origin == origin)
    if region:
        query = query.where(sa.or_(v.region == region, v.region.startswith(region + "-")))
    if status:
        query = query.where(v.status == status)
    if operator:
        query = query.where(v.operator.ilike(f"%{operator}%"))
    if retired is not None:
        query = query.where(Project.retired == retired)
    out = []
    for row in session.execute(query).mappings():
        item = dict(row)
        item["updated"] = stamp(item.pop("at"))
        out.append(item)
    return out


def get_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound.at("projects", "id", f"no project '{project_id}' (see `layer0 "
                            "projects list`)")
    return project


def current_row(session: Session, project_id: str) -> dict:
    project = get_project(session, project_id)
    return row_of(session.get(ProjectVersion, (project.id, project.current)))


def history(session: Session, project_id: str) -> list[dict]:
    """Every version of a project, oldest first: who, when, why, and what changed."""
    project = get_project(session, project_id)
    versions = session.scalars(sa.select(ProjectVersion).where(
        ProjectVersion.project_id == project.id).order_by(ProjectVersion.version)).all()
    out, before = [], None
    for v in versions:
        row = row_of(v)
        changed = {c: [before.get(c), row[c]] for c in ROW_COLUMNS
                   if before is not None and before.get(c) != row[c]}
        out.append({"version": v.version, "action": v.action, "by": v.by,
                    "at": stamp(v.at), "why": v.why,
                    "source_id": v.source_id, "data_version": v.data_version,
                    "current": v.version == project.current, "changed": changed, "row": row})
        if v.action != "release" or before is None or v.version == project.current:
            before = row
    return out


def extra_sources(session: Session, project_id: str) -> list[str]:
    return list(session.scalars(sa.select(ProjectSource.source_id).where(
        ProjectSource.project_id == project_id).order_by(ProjectSource.at)))


def earlier_sources(session: Session, project_id: str) -> list[str]:
    """The sources of a project's earlier versions, newest first (an edit's source does not
    make the release's source any less cited)."""
    found = session.scalars(sa.select(ProjectVersion.source_id).where(
        ProjectVersion.project_id == project_id).order_by(ProjectVersion.version.desc()))
    return list(dict.fromkeys(found))


# -- writing ---------------------------------------------------------------------------------

def add(session: Session, row: dict, origin: str, by: str, why: str,
        candidate_id: str | None = None, action: str = "add") -> Project:
    """A new project (its id must be free)."""
    if session.get(Project, row["id"]) is not None:
        raise Conflict.parameter("id", f"'{row['id']}' is already a project (change it with "
                                 "`layer0 projects edit`)")
    project = Project(id=row["id"], origin=origin, current=0, retired=False,
                      candidate_id=candidate_id)
    session.add(project)
    session.flush([project])
    project.current = _append(session, project, {c: clean(row.get(c)) for c in ROW_COLUMNS},
                              action, by, now(), why)
    return project


def add_many(session: Session, rows: list[dict], origin: str, by: str, why: str,
             action: str = "import") -> None:
    """New projects in bulk (their ids must be free): two INSERTs, not two per row."""
    if not rows:
        return
    at = now()
    session.execute(sa.insert(Project), [
        {"id": r["id"], "origin": origin, "current": 1, "retired": False} for r in rows])
    session.execute(sa.insert(ProjectVersion), [
        {"project_id": r["id"], "version": 1, "action": action, "by": by, "at": at,
         "why": why, "data_version": None, **{c: clean(r.get(c)) for c in ROW_COLUMNS}}
        for r in rows])


def ensure_sources(session: Session, source_ids: Iterable[str], origin: str) -> None:
    """Sources for these ids where none exists yet (URLs keep their URL)."""
    wanted = set(source_ids)
    known = set(session.scalars(sa.select(Source.id).where(Source.id.in_(wanted)))) \
        if wanted else set()
    missing = sorted(wanted - known)
    if missing:
        at = now()
        session.execute(sa.insert(Source), [
            {"id": s, "origin": origin, "url": s if s.startswith("http") else "", "title": "",
             "publisher": "", "date": "", "note": "", "recorded": at} for s in missing])


def change(session: Session, project_id: str, row: dict, by: str, why: str,
           action: str = "edit", retired: bool | None = None) -> int:
    """A new current version of a project with `row` (a whole row); returns its number."""
    project = get_project(session, project_id)
    project.current = _append(session, project, {c: clean(row.get(c)) for c in ROW_COLUMNS},
                              action, by, now(), why)
    if retired is not None:
        project.retired = retired
    return project.current


def add_source(session: Session, project_id: str, source_id: str) -> bool:
    """One more source of a project (False if it already has it)."""
    if session.get(ProjectSource, (project_id, source_id)) is not None:
        return False
    session.add(ProjectSource(project_id=project_id, source_id=source_id, at=now()))
    return True


def registry_changes(session: Session) -> tuple[list[dict], list[dict], set[str]]:
    """What the model reads from the registry: the user's and the news's current projects,
    the built-in projects the user edited (current rows), and the retired built-in ids."""
    rows = current_rows(session, retired=None)
    own = [r for r in rows if r["origin"] != "builtin" and not r["retired"]]
    edited = [r for r in rows if r["origin"] == "builtin" and not r["retired"]
              and r["action"] != "release"]
    retired = {r["id"] for r in rows if r["origin"] == "builtin" and r["retired"]}
    return own, edited, retired


def ids(session: Session, project_ids: Iterable[str]) -> set[str]:
    wanted = list(project_ids)
    if not wanted:
        return set()
    return set(session.scalars(sa.select(Project.id).where(Project.id.in_(wanted))))


def source_links(session: Session, ids: list[str]) -> list[dict]:
    """Each source id with its URL and title (a URL given as the source is its own link)."""
    known = {s.id: s for s in session.scalars(sa.select(Source).where(Source.id.in_(ids)))}
    out = []
    for source_id in ids:
        found = known.get(source_id)
        url = found.url if found is not None and found.url else (
            source_id if source_id.startswith(("http://", "https://")) else "")
        out.append({"id": source_id, "url": url, "title": found.title if found else ""})
    return out
