"""An ingest killed (SIGKILL) at a random moment leaves a sound database, and running it again
completes: every article read once, no record twice, the same records as one clean ingest.
The moment is drawn between the start and the time a whole clean ingest took, so it falls
before, during or after the write; it is printed with any failure."""

from __future__ import annotations

import random
import signal
import time

import pytest
from store_helpers import (
    articles,
    candidates,
    new_database_url,
    query,
    start_ingest,
    table_names,
    write_articles,
)

pytestmark = pytest.mark.subprocess

COUNT = 200


def test_an_ingest_killed_at_a_random_moment_loses_nothing_when_run_again(
        database, backend, tmp_path, cli):
    paths = write_articles(tmp_path / "articles", range(COUNT))

    clean = new_database_url(backend, tmp_path)
    began = time.monotonic()
    proc = start_ingest(clean, tmp_path / "clean", paths)
    out, err = proc.communicate(timeout=300)
    took = time.monotonic() - began
    assert proc.returncode == 0, (out, err)

    delay = random.uniform(0.2, max(0.3, took))
    proc = start_ingest(database, tmp_path / "killed", paths)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=300)
    # it may finish between the look and the kill: the exit code says which happened
    assert proc.returncode in (0, -signal.SIGKILL), proc.returncode
    killed = proc.returncode == -signal.SIGKILL
    context = f"killed after {delay:.2f} s of a {took:.2f} s ingest" if killed else \
        f"finished before the kill at {delay:.2f} s"

    if "articles" in table_names(database):   # one transaction: all the articles or none
        assert query(database, "SELECT count(*) FROM articles")[0][0] in (0, COUNT), context

    checked = cli("db", "check")
    assert checked.returncode == 0, (context, checked.stderr, checked.stdout)

    again = cli("ingest", *paths)
    assert again.returncode == 0, (context, again.stderr)
    assert cli("db", "check").returncode == 0, context
    assert sorted(articles(database).values()) == sorted(map(str, paths)), context
    assert query(database, "SELECT article_sha256 FROM candidate_sources GROUP BY "
                 "article_sha256 HAVING count(*) > 1") == [], context
    expected = candidates(clean)
    assert len(expected) == COUNT, context
    assert candidates(database) == expected, context
