"""The schema is made by the Alembic migrations alone: on an empty database `head` gives
exactly the tables of the ORM (nothing missing, nothing different), `base` removes them all,
and up again works; `db status` and `db check` agree; a database at a revision this layer0
does not know is refused by every command, naming `--database`."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from store_helpers import query, table_names

from helpers import refused
from layer0.errors import InputError
from layer0.store.db import connect, dispose_all, migrate
from layer0.store.migrations import HEAD
from layer0.store.schema import Base

LAYER0_TABLES = set(Base.metadata.tables)


def _differences(db) -> list:
    with db.writer.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_migrations_make_exactly_the_orm_schema_and_undo_it(database):
    db = connect(database, upgrade=False)
    assert db.revision() is None
    assert not table_names(database) & LAYER0_TABLES

    migrate(db, "head")
    assert db.revision() == HEAD
    assert table_names(database) >= LAYER0_TABLES
    assert _differences(db) == []

    migrate(db, "base", down=True)
    assert table_names(database) <= {"alembic_version"}
    assert db.revision() is None

    migrate(db, "head")
    assert db.revision() == HEAD
    assert _differences(db) == []


def test_status_and_check_of_a_database_made_on_first_use(database, cli):
    before = json.loads(cli("db", "status", "--format", "json").stdout)
    assert (before["revision"], before["up_to_date"], before["rows"]) == (None, False, {})

    listed = cli("projects", "list", "--format", "json")   # first use makes the schema
    assert listed.returncode == 0, listed.stderr
    done = cli("db", "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["up_to_date"] is True and status["revision"] == status["head"] == HEAD
    assert status["backend"] == database.split(":")[0].split("+")[0]
    assert status["rows"]["projects"] == len(json.loads(listed.stdout)) > 0

    checked = cli("db", "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""


def test_db_upgrade_brings_a_downgraded_database_back(database, cli):
    from layer0.services.database import downgrade

    assert cli("db", "upgrade").returncode == 0
    assert json.loads(cli("db", "status", "--format", "json").stdout)["up_to_date"] is True
    assert downgrade()["to"] is None
    assert not table_names(database) & LAYER0_TABLES
    done = cli("db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"-> {HEAD}" in done.stdout
    assert json.loads(cli("db", "status", "--format", "json").stdout)["up_to_date"] is True
    assert cli("db", "check").returncode == 0


def test_a_database_made_again_in_the_same_process_gets_the_builtin_projects(database, cli):
    from layer0.services.database import downgrade

    count = len(json.loads(cli("projects", "list", "--format", "json").stdout))
    assert count > 0
    downgrade()
    assert cli("db", "upgrade").returncode == 0
    again = cli("projects", "list", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert len(json.loads(again.stdout)) == count


def _at_unknown_revision(database: str, cli) -> None:
    assert cli("projects", "list").returncode == 0
    eng = sa.create_engine(database, poolclass=sa.pool.NullPool)
    with eng.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'zzzz'"))
    eng.dispose()
    dispose_all()   # what a new process sees: nothing known about the database yet


def test_a_database_at_an_unknown_revision_is_refused(database, cli, tmp_path):
    _at_unknown_revision(database, cli)
    article = tmp_path / "a.txt"
    article.write_text("Acme Corp will invest $2 billion in a 300 MW data center in Texas.\n")
    for command in (("projects", "list"), ("db", "check"), ("ingest", str(article)),
                    ("review",)):
        refused(cli(*command), "--database", "zzzz", "newer layer0")
    # refused before anything was written
    assert query(database, "SELECT count(*) FROM articles") == [(0,)]
    assert query(database, "SELECT version_num FROM alembic_version") == [("zzzz",)]
    status = json.loads(cli("db", "status", "--format", "json").stdout)
    assert (status["revision"], status["up_to_date"]) == ("zzzz", False)


def test_db_upgrade_and_downgrade_refuse_a_database_at_an_unknown_revision(database, cli):
    from layer0.services.database import downgrade

    _at_unknown_revision(database, cli)
    refused(cli("db", "upgrade"), "--database", "zzzz", "newer layer0")
    with pytest.raises(InputError, match="zzzz"):
        downgrade()
    assert query(database, "SELECT version_num FROM alembic_version") == [("zzzz",)]
