"""Shared fixtures: the reference data (loaded once per process), a writable copy of it, an
own news folder per test, and the command line run in this process.

Tests mirror the source tree. Rules are tested in process, against `InputError.problems`;
`cli/` runs the command line in process too (same messages, same exit codes, no start-up
cost), and only `cli/test_console_script.py` starts real processes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layer0 import reference
from layer0.settings import Settings

DATA = reference.data_dir()
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def ref():
    """The packaged reference data: the same object the services use (read-only)."""
    return reference.load_cached()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the reference data, for corrupting one file at a time."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture(autouse=True)
def _own_news_folder(tmp_path_factory, monkeypatch):
    """Every test gets an empty news folder: nothing from the user's own candidates leaks
    into a run, and no test writes to the real user data folder."""
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(tmp_path_factory.mktemp("news")))
    monkeypatch.delenv("LAYER0_DATA_DIR", raising=False)


@pytest.fixture
def settings() -> Settings:
    """The settings of this test's environment (its own news folder)."""
    return Settings.from_environment()


@pytest.fixture
def cli(capsys):
    """Run `layer0 ARGS...` in this process; returns a `Done`."""
    from helpers import Done
    from layer0.cli import invoke

    def run(*args: str) -> Done:
        capsys.readouterr()
        code = invoke([str(a) for a in args])
        captured = capsys.readouterr()
        return Done(code, captured.out, captured.err)

    return run
