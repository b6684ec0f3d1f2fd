"""The registry database as the use cases see it: opened (made on first use, the packaged
projects mirrored for this data version, an older news folder imported), the reference data
with the registry's changes laid over it, and what an accepted news record becomes."""

from __future__ import annotations

import getpass
from threading import Lock

from layer0 import reference
from layer0.errors import InputError, Problem
from layer0.reference.overlay import Overlay, apply, check_assets, check_controls
from layer0.settings import Settings
from layer0.store import registry
from layer0.store.db import Database, connect, migrations_run

_PREPARED: set[tuple[str, str, int]] = set()
_LOCK = Lock()


def who() -> str:
    """Who makes a change when they do not say: the login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def packaged_reference(settings: Settings) -> reference.ReferenceData:
    return reference.load_cached(settings.data_dir, settings.cache_dir)


def database(settings: Settings, ref: reference.ReferenceData | None = None) -> Database:
    """The settings' database, ready: the schema made, this data version's projects and
    sources mirrored, and an older store in the news folder imported (each once). `ref`:
    the packaged reference data, if the caller has it already."""
    db = connect(settings.database, make_folder=settings.database_url is None)
    ref = ref or packaged_reference(settings)
    key = (db.url, ref.version, migrations_run())
    if key not in _PREPARED:
        with db.read() as session:
            synced = registry.get_meta(session, "release") == ref.version
        if not synced:
            with db.write() as session:
                registry.sync_release(session, ref.version, ref["projects"], ref["sources"])
        with _LOCK:
            _PREPARED.add(key)
    _import_legacy(db, settings, ref)
    return db


_LEGACY_SEEN: set[tuple] = set()   # (database, file, mtime, size) already imported


def _import_legacy(db: Database, settings: Settings, ref) -> None:
    """Import an old store once; a file this process has seen unchanged is not read again
    (every command, and every API request, opens the database through here)."""
    from layer0.store import legacy

    path = settings.news_folder / legacy.STORE
    try:
        stat = path.stat()
        seen = (db.url, str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        seen = None   # no file (or none readable): read_records says which
    if seen in _LEGACY_SEEN:
        return
    found = legacy.read_records(settings.news_folder)
    if found is None:
        return
    key = f"legacy:{settings.news_folder.resolve()}"
    with db.read() as session:
        done = registry.get_meta(session, key) == found[1]
    if not done:
        _import_records(db, settings, ref, legacy)
    if seen is not None:
        with _LOCK:
            _LEGACY_SEEN.add(seen)


def _import_records(db: Database, settings: Settings, ref, legacy) -> None:
    from layer0.store.registry import now
    from layer0.store.schema import Decision

    with db.write() as session:
        for record in legacy.import_folder(session, settings.news_folder):
            if record["status"] == "accepted":
                try:
                    with session.begin_nested():   # a refused record undoes only its own rows
                        apply_accepted(session, record, ref, "layer0 import", "imported "
                                       f"from {settings.news_folder}")
                except InputError as error:
                    # kept as accepted, as 0.4 had it; the log says why the model cannot use
                    # it (`layer0 db status` counts these)
                    session.add(Decision(candidate_id=record["id"], action="unusable",
                                         by="layer0 import", at=now(), why=str(error),
                                         changes={}))


def overlay(session, ref) -> Overlay:
    """What the registry changes in the reference data."""
    from layer0.store.news import accepted_rows

    _own, edited, retired = registry.registry_changes(session)
    assets, controls = accepted_rows(session)
    return Overlay(edited=[_row(r) for r in edited], retired=retired, assets=assets,
                   controls=controls, sources=registry.source_rows(session))


def _row(row: dict) -> dict:
    return {k: row[k] for k in ("id", *registry.ROW_COLUMNS)}


_OVERLAID: dict[tuple, reference.ReferenceData | None] = {}


def reference_with_registry(settings: Settings) -> reference.ReferenceData:
    """The packaged (or --data-dir) reference data with the registry's changes, kept per
    database, data version and registry generation (every write changes the generation),
    so a server lays the overlay once per change, not once per request."""
    return registry_inputs(settings, news=None)[0]


def registry_inputs(settings: Settings, news: bool | None = True
                    ) -> tuple[reference.ReferenceData, list[dict]]:
    """The overlaid reference data and, unless `news` is None, the registry's own projects
    (the news's too with `news`), from one read of the database."""
    ref = packaged_reference(settings)
    db = database(settings, ref)
    with db.read() as session:
        overlaid = _overlaid(ref, db, session)
        if news is None:
            return overlaid, []
        own, _edited, _retired = registry.registry_changes(session)
    return overlaid, [_row(r) for r in own if news or r["origin"] != "news"]


def _overlaid(ref, db: Database, session) -> reference.ReferenceData:
    key = (db.url, ref.version, generation(session))
    if key not in _OVERLAID:
        overlaid = apply(ref, overlay(session, ref))
        kept = overlaid if overlaid is not ref else None   # None: nothing laid over
        with _LOCK:
            if len(_OVERLAID) >= 8:
                _OVERLAID.clear()
            _OVERLAID[key] = kept
        return overlaid.handed_out() if kept is not None else ref
    kept = _OVERLAID[key]
    return kept.handed_out() if kept is not None else ref


def generation(session) -> str:
    """A token every write transaction changes (see store.db.Database.write)."""
    return registry.get_meta(session, "generation") or ""


def apply_accepted(session, record: dict, ref, by: str, why: str) -> None:
    """What an accepted record becomes: a project (origin news), a supply asset, an export
    control or a share observation. Checked as the packaged rows are; InputError if not."""
    from layer0.candidates.records import (
        control_row,
        lead_times,
        offtake_row,
        project_row,
    )
    from layer0.reference import projects as user_projects
    from layer0.store import news

    kind, where = record["kind"], f"review: {record['id']}"
    if kind == "project":
        row = project_row(record, lead_times(ref["projects"]))
        user_projects.from_rows([(f"accepted project {record['id']}", row)], ref)
        registry.add(session, row, "news", by, why, candidate_id=record["id"])
        for source in record["sources"][1:]:
            registry.add_source(session, record["id"], news.source_of(source))
    elif kind == "offtake":
        row = offtake_row(record)
        _raise(check_assets([(where, row)]))
        news.add_asset(session, row, record["id"])
    elif kind == "export_control":
        row = control_row(record)
        _raise(check_controls([(where, row)]))
        news.add_control(session, row, record["id"])
    elif kind == "share":
        news.add_share(session, record)


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)
