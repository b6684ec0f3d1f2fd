"""The console script as a real process (the few tests that start one): it starts, refuses
bad input with exit 2 and no traceback, writes a run; and the light commands start without
the heavy libraries."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess
LAYER0 = shutil.which("layer0", path=str(Path(sys.executable).parent)) or "layer0"
HEAVY = ("numpy", "pandas", "xarray", "scipy", "SALib", "dask", "pint")
ARTICLE = ("Oracle plans 900 MW campus in Wyoming\nOracle will invest $15 billion to build a "
           "900 MW AI data center campus in Wyoming, the company said on March 3, 2026.\n")


def _run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=600, **kw)


def test_help_lists_the_commands():
    done = _run(LAYER0, "--help")
    assert done.returncode == 0
    for command in ("run", "scenarios", "compare", "supply", "extract", "review"):
        assert command in done.stdout


def test_bad_input_exits_2_with_the_option_named(tmp_path):
    done = _run(LAYER0, "run", "--samples", "0", "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "--samples: field: must be at least 1" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "o").exists()


def test_a_run_through_the_console_script_writes_its_files(tmp_path):
    done = _run(sys.executable, "-m", "layer0", "run", "--samples", "2", "--out",
                str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "summary.json").read_text())["samples"] == 2
    assert (tmp_path / "demand.nc").is_file()


@pytest.mark.parametrize("args", [["--help"], ["scenarios", "list", "--format", "json"],
                                  ["extract", "ARTICLE", "--format", "json"]])
def test_light_commands_start_without_the_heavy_libraries(args, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = [str(article) if a == "ARTICLE" else a for a in args]
    probe = ("import sys; from layer0.cli import invoke; code = invoke(sys.argv[1:]); "
             f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules), "
             "file=sys.stderr); sys.exit(code)")
    done = _run(sys.executable, "-c", probe, *args)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr, done.stderr


def test_what_a_command_writes_is_in_the_database_when_the_process_has_exited(tmp_path):
    """The console script closes the registry before it leaves (and freezes its objects out
    of the last garbage collections): what it wrote is in the SQLite file itself, the
    write-ahead log folded back, as when the interpreter closed the connections."""
    import sqlite3

    env = {**os.environ, "LAYER0_USER_DATA_DIR": str(tmp_path)}
    done = _run(LAYER0, "projects", "add", "--id", "exit-check", "--operator", "Example Inc",
                "--name", "Exit check", "--region", "US-TX", "--announced", "2026-01-15",
                "--first-year", "2027", "--full-year", "2029", "--capacity-mw", "100",
                "--source", "https://example.com/exit-check", env=env)
    assert done.returncode == 0, done.stderr
    wal = tmp_path / "layer0.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    with sqlite3.connect(tmp_path / "layer0.db") as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
        found = [table for table in names if "project" in table]
        assert found and any(
            connection.execute(f"SELECT count(*) FROM {table} WHERE id = 'exit-check'")
            .fetchone()[0] for table in found if _has_id(connection, table))


def _has_id(connection, table: str) -> bool:
    return any(column[1] == "id" for column in connection.execute(f"PRAGMA table_info({table})"))
