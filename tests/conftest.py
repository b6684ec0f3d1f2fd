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
