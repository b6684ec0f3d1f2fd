"""Two `layer0 ingest` processes at once on one database (made by whichever comes first)
both keep their work: every article is read, and the records are those of the same articles
ingested one after the other into another database."""

from __future__ import annotations

import pytest
from store_helpers import (
    articles,
    candidates,
    new_database_url,
    start_ingest,
    write_articles,
)

pytestmark = pytest.mark.subprocess

PER_PROCESS = 20


def test_two_ingest_processes_at_once_both_keep_their_articles(database, backend, tmp_path,
                                                              cli):
    first = write_articles(tmp_path / "first", range(PER_PROCESS))
    second = write_articles(tmp_path / "second", range(PER_PROCESS, 2 * PER_PROCESS))
    procs = [start_ingest(database, tmp_path / f"user{n}", paths)
             for n, paths in enumerate((first, second))]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (proc.returncode, out, err)
        assert "Traceback" not in err

    serial = new_database_url(backend, tmp_path)
    for paths in (first, second):   # the same articles one after the other, in this process
        done = cli("ingest", *paths, "--database", serial)
        assert done.returncode == 0, done.stderr

    read = articles(database)
    assert sorted(read.values()) == sorted(str(p) for p in first + second)
    expected = candidates(serial)
    assert len(expected) == 2 * PER_PROCESS   # one record per article: nothing merged
    assert candidates(database) == expected
