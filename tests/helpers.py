"""Helpers shared by the tests (import as `from helpers import ...`)."""

from __future__ import annotations

import csv
import io
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from layer0.errors import InputError

ROOT = Path(__file__).resolve().parents[1]   # the repository

# a user's projects file: the columns of projects.csv and one good row
PROJECTS_HEADER = ("id,operator,name,region,announced_date,capex,capex_currency,capex_scope,"
                   "capacity_mw,capacity_basis,status,first_year,full_year,archetype,source_id,"
                   "quality,note")
GOOD_PROJECT = ("u1,Example,Example campus,US-AZ,2026-01-15,,,,500,it,announced,2027,2028,"
                "hyperscale_ai,https://example.org/a,SEC,")


def many_projects(path: Path, rows: int) -> Path:
    """A projects file of `rows` copies of the good row, each with its own id."""
    path.write_text(PROJECTS_HEADER + "\n" + "\n".join(
        GOOD_PROJECT.replace("u1,", f"u{i},", 1) for i in range(rows)) + "\n")
    return path


@dataclass
class Done:
    """What a command did: exit code, stdout, stderr (as a subprocess result reads)."""

    returncode: int
    stdout: str
    stderr: str


def refused(done: Done, *needles: str) -> None:
    """Exit 2, no traceback, every needle on stderr."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    for needle in needles:
        assert needle in done.stderr, (needle, done.stderr)


def problems_of(caught) -> list[str]:
    """The problems of a caught InputError as text."""
    error = caught.value if hasattr(caught, "value") else caught
    assert isinstance(error, InputError)
    return [str(p) for p in error.problems]


def edit_csv(path: Path, changes: dict, match: dict | None = None, index: int = 0,
             duplicate: bool = False) -> int:
    """Change one data row of a CSV: the first matching `match`, else row `index`; with
    `duplicate`, a copy inserted after it. Returns the changed row's line number."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if match is not None:
        index = next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))
    if duplicate:
        rows.insert(index + 1, dict(rows[index]))
        index += 1
    rows[index].update(changes)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return index + 2


def registry_dump() -> list[str]:
    """This test's registry database as SQL statements (a logical copy: what a refused
    command must leave unchanged, whatever SQLite's files do)."""
    import os
    import sqlite3

    path = Path(os.environ["LAYER0_USER_DATA_DIR"]) / "layer0.db"
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


def stored_records(cli) -> list[dict]:
    """Every news record in the registry (`layer0 review --show all --format json`)."""
    import json

    done = cli("review", "--show", "all", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def free_port() -> int:
    """A TCP port free on the loopback now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop a server a test started: SIGTERM, then kill if it does not go within 15 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)

