"""The registry database tests run on both backends: `database` is a new, empty database
(a SQLite file or a PostgreSQL database), set as LAYER0_DATABASE_URL for the test."""

from __future__ import annotations

import pytest
from store_helpers import new_database_url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def database(backend, tmp_path, monkeypatch) -> str:
    """The URL of a new, empty database of `backend`, which every command of the test uses."""
    url = new_database_url(backend, tmp_path)
    monkeypatch.setenv("LAYER0_DATABASE_URL", url)
    return url
