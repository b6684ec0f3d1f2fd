"""A command that finds something wrong says so with exit code 1, in process as from the
console script (click returns an Exit's code instead of raising it outside standalone mode)."""

from __future__ import annotations

import sqlite3

from layer0.settings import Settings


def test_db_check_exits_1_when_the_database_breaks_a_rule(cli):
    assert cli("db", "check").returncode == 0
    path = Settings.from_environment().user_data_dir / "layer0.db"
    with sqlite3.connect(path) as connection:   # an event of an article that is not there
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("INSERT INTO events (article_sha256, position, type, data) "
                           "VALUES ('no-such-article', 0, 'capacity', '{}')")
    done = cli("db", "check")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "events" in done.stderr
