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


def pytest_configure(config):
    """Compile the engine's kernels once, before any test (and any xdist worker) starts: a
    fresh clone compiles them in ~20 s, which a test with a request timeout would otherwise
    pay in its first model run; the workers load them from numba's cache."""
    if not hasattr(config, "workerinput"):
        from layer0.model import kernels

        kernels.warm_up()


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


@pytest.fixture(scope="session")
def _registry_template(tmp_path_factory) -> Path:
    """A registry database made once per test process (schema and the packaged projects),
    copied for each test: making one takes longer than most tests."""
    from layer0.services.registry import database
    from layer0.settings import Settings
    from layer0.store.db import dispose_all

    folder = tmp_path_factory.mktemp("template")
    settings = Settings(user_data_dir=folder, news_dir=folder / "news",
                        cache_dir=folder / "cache")
    database(settings)
    dispose_all()   # closing the last connection folds the WAL into the file
    return folder / "layer0.db"


@pytest.fixture(scope="session", autouse=True)
def _session_user_data(tmp_path_factory, _registry_template):
    """Module- and session-scoped fixtures run before any test's own folder exists: they get
    one of their own, never the real user data folder."""
    user = tmp_path_factory.mktemp("session-user")
    shutil.copyfile(_registry_template, user / "layer0.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAYER0_USER_DATA_DIR", str(user))
        patch.setenv("LAYER0_NEWS_DIR", str(user / "news"))
        # the reference data's disk cache: one per test process, never the user's own
        patch.setenv("LAYER0_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.delenv("LAYER0_DATABASE_URL", raising=False)
        yield


@pytest.fixture(autouse=True)
def _own_user_data(tmp_path_factory, monkeypatch, _registry_template):
    """Every test gets its own user data folder (a fresh registry database) and an empty
    news folder: nothing of the user's own leaks into a run, and no test writes to the real
    user data folder."""
    from layer0.store.db import dispose_all

    user = tmp_path_factory.mktemp("user")
    shutil.copyfile(_registry_template, user / "layer0.db")
    monkeypatch.setenv("LAYER0_USER_DATA_DIR", str(user))
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(tmp_path_factory.mktemp("news")))
    monkeypatch.delenv("LAYER0_DATA_DIR", raising=False)
    monkeypatch.delenv("LAYER0_DATABASE_URL", raising=False)
    yield
    dispose_all()   # one test's pooled connections must not pile up over a session


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
