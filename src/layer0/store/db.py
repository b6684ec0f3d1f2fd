"""The registry database: which one (a URL), its schema version, and transactions.

SQLite (the default, a file in the user data folder) or PostgreSQL (`postgresql+psycopg://`).
Every command is one transaction. Writers are serialised: SQLite's `BEGIN IMMEDIATE` (the
write lock is taken at the start, so two writers never deadlock on a lock upgrade; WAL lets
readers go on meanwhile) and a transaction-scoped advisory lock on PostgreSQL. Read, decide
and write then happen on data no other writer changes in between: two ingests at once both
keep their work.

The schema is made and changed by Alembic migrations only (`store/migrations`); an empty
database, or an older SQLite file (the user's own), is brought to the newest version on
first use; an older PostgreSQL database (shared) is refused until `layer0 db upgrade`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from layer0.errors import InputError
from layer0.store.migrations import HEAD

DRIVERS = ("sqlite", "postgresql")
WRITE_LOCK = 7_210_001   # the advisory lock writers take on PostgreSQL (any fixed number)
BUSY_MS = 60_000         # how long a SQLite writer waits for another one


def _problem(field: str, message: str) -> InputError:
    return InputError.parameter(field, message)


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def parse_url(url: str):
    """A SQLAlchemy URL of a supported database, or a located InputError."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise _problem("database_url", f"'{url}' is not a database URL (e.g. "
                       "sqlite:///path/layer0.db or postgresql+psycopg://user@host/db)") from None
    if parsed.get_backend_name() not in DRIVERS:
        raise _problem("database_url", f"'{parsed.get_backend_name()}' is not supported "
                       f"(allowed: {', '.join(DRIVERS)})")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise _problem("database_url", "a SQLite database needs a file path "
                       "(sqlite:///path/layer0.db); an in-memory one would be lost at exit")
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")   # the driver layer0 ships
    return parsed


def _sqlite_engines(url, make_folder: bool) -> tuple[Engine, Engine]:
    """A reader (deferred transactions) and a writer (BEGIN IMMEDIATE) on one file. The
    folder is made only for the default file; a URL someone typed names a folder that
    exists (a typo must not look like an empty registry)."""
    path = Path(url.database).expanduser()
    if path.parent.exists() and not path.parent.is_dir():
        raise _problem("database_url", f"{path.parent} is a file, not a folder")
    if not path.parent.exists() and not make_folder:
        raise _problem("database_url", f"the folder {path.parent} does not exist")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _problem("database_url", f"cannot create the folder {path.parent}: "
                       f"{error.strerror}") from None
    if path.exists() and not path.is_file():
        raise _problem("database_url", f"{path} is not a file")

    def engine(begin: str) -> Engine:
        made = sa.create_engine(url, connect_args={"timeout": BUSY_MS / 1000})

        @event.listens_for(made, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None   # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            cursor.close()

        @event.listens_for(made, "begin")
        def _on_begin(connection):
            connection.exec_driver_sql(begin)

        return made

    return engine("BEGIN"), engine("BEGIN IMMEDIATE")


_ENGINES: dict[str, tuple[Engine, Engine]] = {}
_READY: set[str] = set()
_LOCK = Lock()
_MIGRATIONS = [0]   # migrations run by this process: what callers cached may be stale


def migrations_run() -> int:
    return _MIGRATIONS[0]


@dataclass(frozen=True)
class Database:
    url: str
    reader: Engine
    writer: Engine

    @property
    def backend(self) -> str:
        return self.reader.dialect.name

    @property
    def shown(self) -> str:
        return safe_url(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (rolled back at the end)."""
        with _reachable(self.url), Session(self.reader, expire_on_commit=False) as session:
            with session.begin():
                yield session
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: all of it is committed, or (on any error) none of it.
        No other writer runs meanwhile. Each one leaves a new `generation` token, so what a
        process derived from the registry can tell it is out of date."""
        from layer0.store.schema import Meta

        with _reachable(self.url), Session(self.writer, expire_on_commit=False) as session:
            with session.begin():
                if self.backend == "postgresql":
                    session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                                    {"k": WRITE_LOCK})
                event.listen(session, "after_flush", _changed)
                event.listen(session, "do_orm_execute", _changed_by_statement)
                yield session
                session.flush()
                if session.info.get("changed"):   # a write that changed nothing leaves no trace
                    session.merge(Meta(key="generation", value=uuid.uuid4().hex))

    def revision(self) -> str | None:
        """The schema version the database is at (None: no schema yet)."""
        with _reachable(self.url), self.reader.connect() as connection:
            return _revision_of(connection)


# a feed's last read and its items are bookkeeping of `layer0 watch`: writing them does not
# change what the registry says (its articles and candidates do)
BOOKKEEPING = frozenset({"feeds", "feed_items"})


def _changed(session, _context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(o, "__tablename__", None) not in BOOKKEEPING for o in touched):
        session.info["changed"] = True


def _changed_by_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["changed"] = True


def _revision_of(connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def _reachable(url: str) -> Iterator[None]:
    """A database that cannot be reached or read is a located problem, not a traceback."""
    try:
        yield
    except DBAPIError as error:
        # OperationalError: cannot connect or open; a plain DatabaseError: not a database
        # (SQLite given some other file); integrity and programming errors stay bugs
        if error.connection_invalidated or type(error) in (sa.exc.OperationalError,
                                                            sa.exc.DatabaseError):
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise _problem("database_url", f"cannot use {safe_url(url)}: {reason}") from None
        raise


def connect(url: str, upgrade: bool = True, make_folder: bool = False) -> Database:
    """The database at `url`, its schema made on first use (`upgrade`); an older schema is
    refused with the command that upgrades it, a newer one with the advice to update layer0."""
    parsed = parse_url(url)
    key = parsed.render_as_string(hide_password=False)
    with _LOCK:
        engines = _ENGINES.get(key)
        if engines is None:
            try:
                if parsed.get_backend_name() == "sqlite":
                    engines = _sqlite_engines(parsed, make_folder)
                else:
                    made = sa.create_engine(parsed, pool_pre_ping=True,
                                            connect_args={"connect_timeout": 10})
                    engines = (made, made)
            except NoSuchModuleError:
                raise _problem("database_url", f"no driver for '{parsed.drivername}'") from None
            _ENGINES[key] = engines
    db = Database(key, *engines)
    if upgrade and key not in _READY:
        revision = db.revision()
        if revision is None:
            migrate(db, "head")
        elif revision != HEAD:
            from layer0.store.migrations import REVISIONS

            if revision in REVISIONS and db.backend == "sqlite":
                migrate(db, "head")   # a user's own file: brought up to date on first use
            elif revision in REVISIONS:   # shared: whoever runs it decides when
                raise _problem("database_url", f"{db.shown} is at schema {revision}, this "
                               f"layer0 needs {HEAD}: run `layer0 db upgrade`")
            else:
                raise _problem("database_url", f"{db.shown} is at schema {revision}, which "
                               "this layer0 does not know: it was made by a newer layer0; "
                               "update it")
        _READY.add(key)
    return db


def migrate(db: Database, target: str, down: bool = False) -> None:
    """Run the Alembic migrations to `target` (or down to it) in one write transaction. A
    database at a revision this layer0 does not know is refused before Alembic sees it."""
    from alembic import command
    from alembic.config import Config

    from layer0.store.migrations import REVISIONS

    current = db.revision()
    if current is not None and current not in REVISIONS:
        raise _problem("database_url", f"{db.shown} is at schema {current}, which this layer0 "
                       "does not know: it was made by a newer layer0; update it")
    if target not in ("head", "base", *REVISIONS):
        raise _problem("revision", f"unknown revision '{target}' (allowed: head, base, "
                       f"{', '.join(REVISIONS)})")
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with _reachable(db.url), db.writer.connect() as connection:
        with connection.begin():
            if db.backend == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                                   {"k": WRITE_LOCK})
            if not down and target in ("head", HEAD) and _revision_of(connection) == HEAD:
                return   # another process made it while this one waited for the lock
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, target)
    _READY.discard(db.url)
    _MIGRATIONS[0] += 1


def dispose_all() -> None:
    """Close every pooled connection (tests, and a forked worker)."""
    with _LOCK:
        for reader, writer in _ENGINES.values():
            reader.dispose()
            writer.dispose()
        _ENGINES.clear()
        _READY.clear()
