"""PostgreSQL for the tests (import as `from pg import fresh_database_url`).

One throwaway server per test process, started on first use by scripts/pg-test-server and
stopped at exit; every test gets its own empty database on it, so tests on different
pytest-xdist workers (or in the same one) never see each other's rows.

A server that cannot start fails the tests rather than skipping them: CI has to prove the
PostgreSQL path works. LAYER0_TEST_POSTGRES=0 turns it off on purpose (the tests skip).
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg-test-server"

_lock = threading.Lock()
_url: str | None = None


def server_url() -> str | None:
    """The URL of this process's server (database `layer0`), or None if turned off."""
    global _url
    if os.environ.get("LAYER0_TEST_POSTGRES") == "0":
        return None
    with _lock:
        if _url is None:
            _url = _start()
    return _url


def _start() -> str:
    folder = Path(tempfile.mkdtemp(prefix="layer0-tests-pg-"))
    state = folder / "state.json"
    # sys.executable: the script is stdlib-only, and the venv's Python is surely there
    done = subprocess.run([sys.executable, str(SCRIPT), "start", "--state", str(state)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL for the tests did not start (set "
                           f"LAYER0_TEST_POSTGRES=0 to skip those tests):\n{done.stderr}")
    atexit.register(_stop, state, folder)
    return json.loads(state.read_text())["url"]


def _stop(state: Path, folder: Path) -> None:
    # a connection a test dropped without closing may still sit in a reference cycle: collect
    # it while the server is up, or its rollback at interpreter exit prints a traceback
    gc.collect()
    subprocess.run([sys.executable, str(SCRIPT), "stop", "--state", str(state)],
                   capture_output=True, stdin=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)


def fresh_database_url() -> str:
    """The SQLAlchemy URL of a new, empty database on this process's server."""
    import psycopg  # here, not at the top: most test modules import this file without using it

    base = server_url()
    if base is None:
        pytest.skip("LAYER0_TEST_POSTGRES=0")
    name = f"t_{uuid.uuid4().hex[:12]}"
    # libpq takes the same URL without SQLAlchemy's driver suffix
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://", 1),
                         autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


postgres_url = fresh_database_url   # the name some tests import
