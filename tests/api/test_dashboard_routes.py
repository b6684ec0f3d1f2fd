"""What the dashboard needs from the server, in process: the page and its files (their
caching and the content security policy), the server's own base run, and runs listed."""

from __future__ import annotations

import time

import pytest

from layer0.settings import Settings


@pytest.fixture
def based(write_key):
    """A server that computes a 20-sample base run at start."""
    from fastapi.testclient import TestClient

    from layer0.api import create_app

    app = create_app(Settings.from_environment(), base_run={"samples": 20, "seed": 4})
    with TestClient(app) as client:
        yield client


def _base_when_done(client, polls: int = 600) -> dict:
    for _ in range(polls):
        answer = client.get("/v1/runs/base")
        assert answer.status_code in (200, 503), answer.text
        if answer.status_code == 200 and answer.json()["status"] == "done":
            return answer.json()
        assert answer.status_code == 503 or answer.json()["status"] != "failed", answer.text
        time.sleep(0.05)
    pytest.fail(f"the base run is not done: {answer.text}")


def test_the_page_its_scripts_and_their_caching(client):
    page = client.get("/")
    assert page.status_code == 200 and "<main" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert page.headers["cache-control"] == "no-cache"
    script = client.get("/static/lib.js")
    assert script.status_code == 200 and script.headers["cache-control"] == "no-cache"
    for vendored in ("/static/vendor/plotly.min.js", "/static/vendor/topojson/world_110m.json"):
        answer = client.get(vendored)
        assert answer.status_code == 200 and "max-age" in answer.headers["cache-control"]
    assert client.get("/static/countries.json").json()["DE"]["iso3"] == "DEU"
    # the package's Python is not served as a file
    assert client.get("/static/__init__.py").status_code == 404
    assert client.get("/static/nothing.js").status_code == 404


def test_the_servers_base_run_and_one_a_client_calls_base(based, write_key):
    run = _base_when_done(based)
    assert run["request"]["samples"] == 20 and run["request"]["seed"] == 4
    assert run["summary"]["samples"] == 20
    posted = based.post("/v1/runs", headers={"Authorization": f"Bearer {write_key}"},
                        json={"scenario": "base", "samples": 5, "seed": 4})
    assert posted.status_code == 202
    assert based.get("/v1/runs/base").json()["id"] == run["id"]
    listed = based.get("/v1/runs", params={"scenario": "base"}).json()
    assert {r["id"] for r in listed} == {run["id"], posted.json()["id"]}
    assert all("summary" not in r and "scenario_yaml" not in r["request"] for r in listed)
    assert [r["id"] for r in based.get("/v1/runs", params={"scenario": "base",
                                                           "limit": 1}).json()] \
        == [posted.json()["id"]]   # newest first


def test_no_base_run_is_a_404_that_says_why(client):
    answer = client.get("/v1/runs/base")
    assert answer.status_code == 404
    assert "--base-samples 0" in answer.json()["detail"]


def test_runs_listed_by_status_and_a_scenario_given_as_yaml(client, write_key, wait_for_run):
    text = client.get("/v1/scenarios/base", params={"format": "yaml"}).text
    assert "name: base" in text
    mine = text.replace("name: base", "name: mine", 1)
    posted = client.post("/v1/runs", headers={"Authorization": f"Bearer {write_key}"},
                         json={"scenario_yaml": mine, "samples": 5, "seed": 2,
                               "projects": []}).json()
    wait_for_run(posted["id"])
    [listed] = client.get("/v1/runs", params={"scenario": "mine", "status": "done"}).json()
    assert listed["id"] == posted["id"] and listed["scenario"] == "mine"
    assert listed["request"]["projects"] == 0
    assert client.get("/v1/runs", params={"status": "queued"}).json() == []
    assert client.get("/v1/runs", params={"status": "lost"}).status_code == 422


def test_capacity_by_region_and_archetype_adds_up_to_the_runs(client, write_key, wait_for_run):
    posted = client.post("/v1/runs", headers={"Authorization": f"Bearer {write_key}"},
                         json={"scenario": "base", "samples": 1, "seed": 0}).json()
    run = wait_for_run(posted["id"])
    total = {r["year"]: r["p50"] for r in run["summary"]["capacity"]}
    for by in ("region", "archetype"):
        rows = client.get(f"/v1/runs/{run['id']}/capacity", params={"by": by}).json()
        for year, mw in total.items():   # one sample: the parts add up to the whole
            parts = sum(r["total"]["p50"] for r in rows if r["year"] == year)
            assert parts == pytest.approx(mw, rel=1e-5), (by, year)
        assert all(r["announced"]["p50"] <= r["total"]["p50"] + 1e-6 for r in rows)
        assert any(r["announced"]["p50"] > 0 for r in rows)
    assert client.get(f"/v1/runs/{run['id']}/capacity",
                      params={"by": "country"}).status_code == 422
