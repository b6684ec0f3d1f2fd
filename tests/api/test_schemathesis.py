"""The REST API against its own OpenAPI document (schemathesis, in process): generated
requests for every operation, then known-good requests and flows that reach the success
answers generated data rarely gets to (a finished run, an added project, an accepted news
record). Every answer: no 5xx, the documented schema, a documented status (see KNOWN_GAPS),
and every error an `application/problem+json` body naming its own status.

Bounded: a few examples per operation, and the test server computes runs of at most 50
samples; the answers that compute (disrupt, coverage, compare) get at most 50 samples too
(see `_bounded`). Writes carry a key with the write scope, made in the module's own folder.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.openapi.checks import UndefinedStatusCode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from layer0.api.app import create_app
from layer0.settings import Settings

# The document only: every request below goes to the module's own app (`st_api`), never to
# this one, whose folder does not exist (a request that reached it would fail loudly).
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(
    Settings(user_data_dir=Path("/nonexistent/layer0-openapi-document-only"))))

MAX_SAMPLES = 50      # the test server's cap on a run's samples, and the fuzzed answers' too
COMPUTED = {("POST", "/v1/disrupt"), ("POST", "/v1/coverage"), ("POST", "/v1/compare")}

# The one status the API answers (as problem+json) that no route declares: a method a path
# does not have is answered by the router. Every other undocumented status fails the test.
KNOWN_GAPS = {405}   # a method a path does not have: answered by the router, not a route
PROBLEM = "application/problem+json"


def status_documented(ctx, response, case):
    """status_code_conformance, except for the statuses in KNOWN_GAPS."""
    try:
        return status_code_conformance(ctx, response, case)
    except UndefinedStatusCode:
        if response.status_code not in KNOWN_GAPS:
            raise
    return None


def problem_details(ctx, response, case):
    """An error is application/problem+json with its own status, a title and a detail."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.split(";")[0] == PROBLEM, (
        f"{response.status_code} answered as {content_type!r}, not {PROBLEM}")
    body = response.json()
    assert body.get("status") == response.status_code, body
    assert isinstance(body.get("title"), str) and isinstance(body.get("detail"), str), body
    return None


CHECKS = [not_a_server_error, response_schema_conformance, status_documented, problem_details]


@pytest.fixture(scope="module")
def st_api(tmp_path_factory):
    """The app under test in a folder of its own (a fresh registry database) and a write
    key's header: made once for the module, whatever folder each test's environment has."""
    from layer0.services import keys
    from layer0.store.db import dispose_all

    folder = tmp_path_factory.mktemp("schemathesis")
    config = Settings(user_data_dir=folder, news_dir=folder / "news")
    key = keys.create("schemathesis", "write", config)
    app = create_app(config, max_samples=MAX_SAMPLES)
    yield SimpleNamespace(app=_lifespan_once(app), headers={"Authorization": f"Bearer {key}"})
    app.state.queue().close()
    dispose_all()


def _lifespan_once(app):
    """`app` with its lifespan owned by the fixture: schemathesis ends an app's lifespan
    after each test and starts it again on the next request, and the app's shutdown closes
    its run queue for good (a later POST /v1/runs is a 500: see src/layer0/api/app.py
    `_stop`), so the wrapper answers lifespan events itself and the fixture closes the queue
    once, at the end of the module."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "lifespan":
            return await app(scope, receive, send)
        while True:
            event = (await receive())["type"]          # lifespan.startup / lifespan.shutdown
            await send({"type": f"{event}.complete"})
            if event == "lifespan.shutdown":
                return

    return wrapped


def _bounded(case) -> None:
    """Disrupt, coverage and compare compute what they are asked (up to the schema's 20,000
    samples: seconds each); a valid sample count above MAX_SAMPLES is lowered to it, while
    one outside the schema's range stays, so its refusal is still tested."""
    if (case.method.upper(), case.path) not in COMPUTED or not isinstance(case.body, dict):
        return
    samples = case.body.get("samples")
    if isinstance(samples, int) and not isinstance(samples, bool) \
            and MAX_SAMPLES < samples <= 20_000:
        case.body["samples"] = MAX_SAMPLES


@schema.parametrize()
@settings(max_examples=5, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_generated_requests(case, st_api):
    _bounded(case)
    case.call_and_validate(app=st_api.app, headers=st_api.headers, checks=CHECKS)


# -- known-good requests: their success answers against the document ---------------------

def _call(api, method: str, path: str, expect: int = 200, **parts):
    """One request built from the document's operation, checked like the generated ones and
    answered with `expect`."""
    case = schema[path][method].Case(**parts)
    response = case.call(app=api.app, headers=api.headers)
    case.validate_response(response, checks=CHECKS)
    assert response.status_code == expect, response.text
    return response


ARTICLE = ("Amazon kauft Kupfer aus Arizona\nAmazon Web Services will 14.000 Tonnen Kupfer "
           "aus der Johnson-Camp-Mine in Arizona beziehen, teilte Rio Tinto am 15. Januar "
           "2026 mit. Die Lieferungen laufen über vier Jahre.\n")

READS = [
    ("GET", "/v1/health", {}),
    ("GET", "/v1/version", {}),
    ("GET", "/v1/scenarios", {}),
    ("GET", "/v1/scenarios/{name}", {"path_parameters": {"name": "base"}}),
    ("GET", "/v1/scenarios/{name}", {"path_parameters": {"name": "base"},
                                     "query": {"format": "yaml"}}),
    ("GET", "/v1/supply", {"query": {"material": "copper"}}),
    ("GET", "/v1/supply", {"query": {"material": "gallium", "stage": "refining",
                                     "year": 2024}}),
    ("GET", "/v1/controls", {"query": {"material": "gallium", "date": "2025-06-01"}}),
    ("GET", "/v1/risk", {"query": {"material": "gallium"}}),
    ("POST", "/v1/disrupt", {"body": {"material": "gallium", "country": "CN", "start": 2026,
                                      "end": 2027, "samples": MAX_SAMPLES}}),
    ("POST", "/v1/coverage", {"body": {"material": "copper", "quantity_t": 14000, "years": 4,
                                       "capacity_mw": 100, "archetype": "hyperscale_ai",
                                       "samples": MAX_SAMPLES}}),
    ("POST", "/v1/compare", {"body": {"scenarios": ["base", "headwinds"],
                                      "samples": MAX_SAMPLES}}),
    ("GET", "/v1/projects", {"query": {"limit": 5}}),
    ("GET", "/v1/candidates", {"query": {"show": "all"}}),
    ("POST", "/v1/articles", {"body": {"text": ARTICLE}}),
]


@pytest.mark.parametrize(("method", "path", "parts"), READS,
                         ids=[f"{m} {p} {sorted(parts.get('query', {}))}"
                              for m, p, parts in READS])
def test_known_good_reads(st_api, method, path, parts):
    _call(st_api, method, path, **parts)


def test_scenario_validates(st_api):
    text = _call(st_api, "GET", "/v1/scenarios/{name}", path_parameters={"name": "base"},
                 query={"format": "yaml"}).text
    assert _call(st_api, "POST", "/v1/scenarios/validate", body={"yaml": text}
                 ).json()["valid"] is True


def test_run_flow(st_api):
    """A run from submission to its quantiles and NetCDF file; the same request again is the
    stored run (200)."""
    order = {"scenario": "base", "samples": 20, "seed": 1}
    run = _call(st_api, "POST", "/v1/runs", 202, body=order).json()
    path = {"run_id": run["id"]}
    deadline = time.monotonic() + 120
    while run["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, run
        time.sleep(0.1)
        run = _call(st_api, "GET", "/v1/runs/{run_id}", path_parameters=path).json()
    assert run["status"] == "done", run["errors"]
    [row] = _call(st_api, "GET", "/v1/runs/{run_id}/demand", path_parameters=path,
                  query={"material": "copper", "year": 2030}).json()
    assert row["p5"] <= row["p50"] <= row["p95"]
    assert _call(st_api, "GET", "/v1/runs/{run_id}/demand", path_parameters=path,
                 query={"material": "copper", "year": 2030, "region": "US"}).json()
    _call(st_api, "GET", "/v1/runs/{run_id}/demand", path_parameters=path,
          query={"flow": "secondary"})
    assert _call(st_api, "GET", "/v1/runs/{run_id}/netcdf", path_parameters=path
                 ).content.startswith(b"\x89HDF")
    assert _call(st_api, "POST", "/v1/runs", 200, body=order).json()["id"] == run["id"]


def test_project_flow(st_api):
    """Add, show, change, history and retire a project, each under the key's name."""
    first = _call(st_api, "GET", "/v1/projects", query={"limit": 1}).json()["projects"][0]
    _call(st_api, "GET", "/v1/projects/{project_id}", path_parameters={"project_id":
                                                                      first["id"]})
    path = {"project_id": "st-example-dc"}
    _call(st_api, "POST", "/v1/projects", 201, body={
        "id": "st-example-dc", "operator": "Example", "name": "Example DC", "region": "IE",
        "announced_date": "2025-01-01", "first_year": 2026, "full_year": 2028,
        "capacity_mw": 100, "source": "https://example.org/added"})
    changed = _call(st_api, "PATCH", "/v1/projects/{project_id}", path_parameters=path,
                    body={"set": {"capacity_mw": 120}, "source": "https://example.org/changed"})
    assert changed.json()["capacity_mw"] == 120
    history = _call(st_api, "GET", "/v1/projects/{project_id}/history", path_parameters=path)
    assert [v["by"] for v in history.json()] == ["schemathesis", "schemathesis"]
    _call(st_api, "POST", "/v1/projects/{project_id}/retire", path_parameters=path,
          body={"source": "https://example.org/retired"})


def test_news_flow(st_api):
    """An article ingested as candidate records; one accepted under the key's name."""
    done = _call(st_api, "POST", "/v1/articles", body={"text": ARTICLE, "ingest": True}).json()
    assert done["ingested"]["records"] >= 1
    [first, *_] = _call(st_api, "GET", "/v1/candidates").json()
    accepted = _call(st_api, "POST", "/v1/candidates/{record_id}/accept",
                     path_parameters={"record_id": first["id"]}, body={"why": "a test"})
    assert accepted.json()["status"] == "accepted"
    _call(st_api, "POST", "/v1/candidates/{record_id}/reject", 404,
          path_parameters={"record_id": "news-00000000"}, body={"why": "no such record"})
