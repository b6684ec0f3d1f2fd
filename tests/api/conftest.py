"""Fixtures of the REST API tests: the app made from this test's settings (its own registry
database, see tests/conftest.py), a client calling it in process, API keys of each scope,
and waiting for a run (bounded: a run that does not finish fails the test with its state)."""

from __future__ import annotations

import time
import warnings

import pytest

from layer0.settings import Settings

with warnings.catch_warnings():   # starlette's TestClient warns about httpx at import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def pytest_collection_modifyitems(items):
    """schemathesis names each operation's test `test_generated_requests[GET /v1/...]`, but
    under pytest 9.2 (node ids built from the function's name and a parametrization) all 28
    share the function's node id; `make test`'s `--dist loadgroup` schedules by node id, so
    27 of them ran nowhere (20 passed, not 47). Each gets its name as its id, as pytest's
    own parametrized tests have (a private attribute: test code, checked by the count test)."""
    for item in items:
        suffix = item.name[len(getattr(item, "originalname", item.name)):]
        if not suffix.startswith("[") or item.nodeid.endswith(suffix):
            continue
        unique = item.nodeid + suffix
        if hasattr(item, "_id"):        # pytest >= 9.2: a structured NodeId
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(unique)
        else:
            item._nodeid = unique


@pytest.fixture
def app():
    """The API for this test's settings (nothing loaded yet; the run queue starts on use)."""
    from layer0.api import create_app

    return create_app(Settings.from_environment())


@pytest.fixture
def client(app):
    """A client calling `app` in this process; its shutdown closes the run queue."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def write_key() -> str:
    from layer0.services.keys import create

    return create("writer-ann", "write", Settings.from_environment())


@pytest.fixture
def read_key() -> str:
    from layer0.services.keys import create

    return create("reader-bo", "read", Settings.from_environment())


@pytest.fixture
def wait_for_run(client):
    """`wait(run_id, via=client, polls=600, pause=0.05)`: the run's state once it is done;
    fails with the last state if it failed or is not done after `polls` polls."""

    def wait(run_id: str, via=None, polls: int = 600, pause: float = 0.05) -> dict:
        via = via or client
        state = None
        for _ in range(polls):
            response = via.get(f"/v1/runs/{run_id}")
            assert response.status_code == 200, response.text
            state = response.json()
            if state["status"] == "done":
                return state
            assert state["status"] != "failed", state
            time.sleep(pause)
        pytest.fail(f"run {run_id} not done after {polls} polls: {state}")

    return wait
