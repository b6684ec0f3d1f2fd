"""`layer0 db`: which database, its schema version and contents, upgrades, and a check of
its integrity (SQLite's own checks, foreign keys, and the registry's rules)."""

from __future__ import annotations

import sqlalchemy as sa

from layer0.settings import Settings, from_environment
from layer0.store import db as store_db
from layer0.store import schema
from layer0.store.migrations import HEAD

COUNTED = (schema.Project, schema.ProjectVersion, schema.Source, schema.Article,
           schema.Event, schema.Candidate, schema.Decision, schema.SupplyAsset,
           schema.ExportControl, schema.ShareObservation, schema.ApiKey)


def status(settings: Settings | None = None) -> dict:
    """The database, its schema version against this layer0's, and its rows per table."""
    settings = settings or from_environment()
    db = store_db.connect(settings.database, upgrade=False,
                          make_folder=settings.database_url is None)
    revision = db.revision()
    out = {"database": db.shown, "backend": db.backend, "revision": revision, "head": HEAD,
           "up_to_date": revision == HEAD, "rows": {}}
    if revision is not None:
        with db.read() as session:
            out["rows"] = {t.__tablename__: session.scalar(
                sa.select(sa.func.count()).select_from(t)) for t in COUNTED}
            out["unusable"] = [{"id": d.candidate_id, "why": d.why} for d in session.scalars(
                sa.select(schema.Decision).where(schema.Decision.action == "unusable"))]
    return out


def upgrade(settings: Settings | None = None, revision: str = "head") -> dict:
    settings = settings or from_environment()
    db = store_db.connect(settings.database, upgrade=False,
                          make_folder=settings.database_url is None)
    before = db.revision()
    store_db.migrate(db, revision)
    return {"database": db.shown, "from": before, "to": db.revision()}


def downgrade(settings: Settings | None = None, revision: str = "base") -> dict:
    settings = settings or from_environment()
    db = store_db.connect(settings.database, upgrade=False,
                          make_folder=settings.database_url is None)
    before = db.revision()
    store_db.migrate(db, revision, down=True)
    return {"database": db.shown, "from": before, "to": db.revision()}


def check(settings: Settings | None = None) -> list[str]:
    """Problems found (none: the database is sound)."""
    settings = settings or from_environment()
    db = store_db.connect(settings.database, make_folder=settings.database_url is None)
    problems = []
    with db.read() as session:
        if db.backend == "sqlite":
            result = [r[0] for r in session.execute(sa.text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems += [f"integrity: {r}" for r in result]
            for table, rowid, parent, _fk in session.execute(
                    sa.text("PRAGMA foreign_key_check")):
                problems.append(f"foreign key: {table} row {rowid} points to a missing "
                                f"{parent} row")
        current = session.execute(sa.select(schema.Project.id).outerjoin(
            schema.ProjectVersion, sa.and_(
                schema.ProjectVersion.project_id == schema.Project.id,
                schema.ProjectVersion.version == schema.Project.current))
            .where(schema.ProjectVersion.version.is_(None))).scalars().all()
        problems += [f"project {p}: its current version does not exist" for p in current]
        lonely = session.execute(sa.select(schema.Candidate.id).where(~sa.exists().where(
            schema.CandidateSource.candidate_id == schema.Candidate.id))).scalars().all()
        problems += [f"candidate {c}: has no source" for c in lonely]
        statuses = ("candidate", "accepted", "rejected", "merged")
        bad = session.execute(sa.select(schema.Candidate.id, schema.Candidate.status).where(
            schema.Candidate.status.not_in(statuses))).all()
        problems += [f"candidate {c}: unknown status '{s}'" for c, s in bad]
    return problems
