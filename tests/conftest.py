"""Shared fixtures: the packaged reference data, loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layer0 import reference

DATA = reference.data_dir()


@pytest.fixture(scope="session")
def ref():
    return reference.load()


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
