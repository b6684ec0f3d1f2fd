"""Who may call: every write needs a key with the write scope (none: 401 with a Bearer
challenge; a read key: 403; a revoked or unknown key: 401) and is recorded under the key's
name; reads are open unless the settings close them (/v1/health always is); a key runs at
most `runs_per_key` runs at once. `layer0 keys` makes (shown once), lists and revokes keys."""

from __future__ import annotations

import json
import threading

import pytest
import sqlalchemy as sa
from apitools import assert_problem, bearer

from helpers import registry_dump
from layer0.services import keys
from layer0.settings import Settings

BUILTIN = "anthropic-fluidstack-us"
SOURCE = "https://example.org/news/item"
ORACLE = ("Oracle plans 900 MW campus in Wyoming\nOracle will invest $15 billion to build a "
          "900 MW AI data center campus in Wyoming, the company said on March 3, 2026.\n")
VAGUE = "Meta will invest $5 billion in new data centers, the company said.\n"
NEW_PROJECT = {"id": "mine-az", "operator": "Example", "name": "Example campus",
               "region": "US-AZ", "announced_date": "2026-01-15", "first_year": 2027,
               "full_year": 2028, "capacity_mw": 500, "source": SOURCE}
WRITES = [
    ("post", "/v1/projects", NEW_PROJECT),
    ("patch", f"/v1/projects/{BUILTIN}", {"set": {"note": "changed"}, "source": SOURCE}),
    ("post", f"/v1/projects/{BUILTIN}/retire", {"source": SOURCE}),
    ("post", "/v1/runs", {"scenario": "base", "samples": 5}),
    ("post", "/v1/candidates/news-x/accept", {}),
    ("post", "/v1/candidates/news-x/reject", {}),
    ("post", "/v1/articles", {"text": ORACLE, "ingest": True}),
]
IDS = [f"{m} {u}" for m, u, _ in WRITES]


def _decisions(settings: Settings) -> list[tuple[str, str, str]]:
    """(candidate, action, by) of every decision in this test's registry database."""
    engine = sa.create_engine(settings.database)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(
                "SELECT candidate_id, action, by FROM decisions ORDER BY id"))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("method, url, body", WRITES, ids=IDS)
def test_a_write_without_a_key_is_401_with_a_challenge(client, method, url, body):
    before = registry_dump()
    response = client.request(method.upper(), url, json=body)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert registry_dump() == before


@pytest.mark.parametrize("method, url, body", WRITES, ids=IDS)
def test_a_write_with_a_read_key_is_403(client, read_key, method, url, body):
    before = registry_dump()
    response = client.request(method.upper(), url, json=body, headers=bearer(read_key))
    assert "reader-bo" in assert_problem(response, 403)["detail"]
    assert registry_dump() == before


@pytest.mark.parametrize("method, url, body", WRITES[:2] + [("get", "/v1/projects", None)],
                         ids=IDS[:2] + ["get /v1/projects"])
def test_a_revoked_or_unknown_key_is_401_even_for_an_open_read(client, settings, method, url,
                                                                body):
    """A key that is not (or no longer) valid is refused, not taken for no key at all."""
    key = keys.create("gone", "write", settings)
    keys.revoke("gone", settings)
    for sent in (key, "l0_not-a-key", key + "x"):
        response = client.request(method.upper(), url, json=body, headers=bearer(sent))
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_write_key_writes_under_its_name(client, write_key):
    """Adding, changing and retiring a project are recorded with the key's name as `by`."""
    added = client.post("/v1/projects", json=NEW_PROJECT, headers=bearer(write_key))
    assert added.status_code == 201, added.text
    assert added.json()["origin"] == "user" and added.json()["capacity_mw"] == 500
    changed = client.patch("/v1/projects/mine-az", json={
        "set": {"capacity_mw": 600}, "source": SOURCE, "why": "a new filing"},
        headers=bearer(write_key))
    assert changed.status_code == 200 and changed.json()["capacity_mw"] == 600
    retired = client.post(f"/v1/projects/{BUILTIN}/retire", json={"source": SOURCE},
                          headers=bearer(write_key))
    assert retired.status_code == 200 and retired.json()["retired"] is True
    history = client.get("/v1/projects/mine-az/history").json()
    assert [(v["action"], v["by"]) for v in history] == [("add", "writer-ann"),
                                                         ("edit", "writer-ann")]
    assert history[1]["why"] == "a new filing"
    assert history[1]["changed"]["capacity_mw"] == [500, 600]
    assert client.get(f"/v1/projects/{BUILTIN}/history").json()[-1]["by"] == "writer-ann"


def test_decisions_on_candidates_are_recorded_under_the_key_name(client, write_key,
                                                                 settings):
    for text in (ORACLE, VAGUE):
        ingested = client.post("/v1/articles", json={"text": text, "ingest": True},
                               headers=bearer(write_key))
        assert ingested.status_code == 200, ingested.text
    records = client.get("/v1/candidates").json()
    oracle = next(r["id"] for r in records if r["fields"]["location"] == "US-WY")
    vague = next(r["id"] for r in records if r["id"] != oracle)
    accepted = client.post(f"/v1/candidates/{oracle}/accept", json={"why": "checked"},
                           headers=bearer(write_key))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    rejected = client.post(f"/v1/candidates/{vague}/reject", json={},
                           headers=bearer(write_key))
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert _decisions(settings) == [(oracle, "accept", "writer-ann"),
                                    (vague, "reject", "writer-ann")]
    [version] = client.get(f"/v1/projects/{oracle}/history").json()
    assert version["by"] == "writer-ann" and version["why"] == "checked"
    again = client.post(f"/v1/candidates/{oracle}/accept", json={}, headers=bearer(write_key))
    assert_problem(again, 422, errors=True)


READS = [("get", "/v1/version", None), ("get", "/v1/scenarios", None),
         ("get", "/v1/scenarios/base", None), ("get", "/v1/supply?material=gallium", None),
         ("get", "/v1/controls?material=gallium", None), ("get", "/v1/risk?material=tin", None),
         ("get", "/v1/projects", None), ("get", f"/v1/projects/{BUILTIN}", None),
         ("get", f"/v1/projects/{BUILTIN}/history", None), ("get", "/v1/candidates", None),
         ("post", "/v1/scenarios/validate", {"yaml": "name: x\n"}),
         ("post", "/v1/articles", {"text": ORACLE}),
         ("post", "/v1/compare", {"scenarios": ["base", "nothere"], "samples": 1})]


def test_closed_reads_need_a_read_key_and_health_stays_open(read_key):
    """With api_open_reads off, every read without a key is a 401 (even one that would be a
    404 or 422); with a read key it is answered. Health needs no key."""
    from fastapi.testclient import TestClient

    from layer0.api import create_app

    closed = Settings.from_environment().model_copy(update={"api_open_reads": False})
    with TestClient(create_app(closed)) as client:
        assert client.get("/v1/health").json() == {"status": "ok"}
        for method, url, body in [*READS, ("get", "/v1/runs/unknown", None)]:
            response = client.request(method.upper(), url, json=body)
            assert_problem(response, 401)
            assert response.headers["www-authenticate"] == "Bearer", url
        for method, url, body in READS:
            response = client.request(method.upper(), url, json=body,
                                      headers=bearer(read_key))
            assert response.status_code < 500 and response.status_code not in (401, 403), (
                url, response.status_code, response.text)
        assert client.get("/v1/scenarios", headers=bearer(read_key)).status_code == 200
        assert client.get("/v1/runs/unknown", headers=bearer(read_key)).status_code == 404


def test_a_key_has_at_most_runs_per_key_runs_in_progress(monkeypatch, settings, wait_for_run):
    """Beyond the limit a key gets 429; an identical request and another key still go."""
    from fastapi.testclient import TestClient

    from layer0.api import create_app
    from layer0.services.jobs import RunQueue

    release, original = threading.Event(), RunQueue._work

    def held(self, *args):   # the run stays queued until the test lets it go
        release.wait(60)
        original(self, *args)

    monkeypatch.setattr(RunQueue, "_work", held)
    ann, cy = keys.create("ann", "write", settings), keys.create("cy", "write", settings)
    with TestClient(create_app(settings, runs_per_key=1)) as client:
        try:
            first = client.post("/v1/runs", json={"samples": 1, "seed": 1},
                                headers=bearer(ann))
            assert first.status_code == 202 and first.json()["status"] == "queued"
            busy = client.post("/v1/runs", json={"samples": 1, "seed": 2}, headers=bearer(ann))
            assert "ann" in assert_problem(busy, 429)["detail"]
            same = client.post("/v1/runs", json={"samples": 1, "seed": 1}, headers=bearer(ann))
            assert same.status_code == 200 and same.json()["id"] == first.json()["id"]
            other = client.post("/v1/runs", json={"samples": 1, "seed": 2}, headers=bearer(cy))
            assert other.status_code == 202, other.text
        finally:
            release.set()
        for run in (first, other):
            wait_for_run(run.json()["id"], via=client)
        again = client.post("/v1/runs", json={"samples": 1, "seed": 3}, headers=bearer(ann))
        assert again.status_code == 202, again.text
        wait_for_run(again.json()["id"], via=client)


# -- layer0 keys ------------------------------------------------------------------------------

def test_keys_create_prints_only_the_key_which_then_works(cli, client):
    done = cli("keys", "create", "deploy-bot")
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip()
    assert done.stdout == key + "\n" and key.startswith("l0_") and " " not in key
    assert "deploy-bot" in done.stderr
    assert key not in "".join(registry_dump())   # only its hash is kept
    added = client.post("/v1/projects", json=NEW_PROJECT, headers=bearer(key))
    assert added.status_code == 201, added.text
    assert client.get("/v1/projects/mine-az/history").json()[0]["by"] == "deploy-bot"


def test_keys_list_never_shows_a_key(cli):
    made = {name: cli("keys", "create", name, "--scope", scope).stdout.strip()
            for name, scope in (("ann", "write"), ("bo", "read"))}
    assert cli("keys", "revoke", "bo").returncode == 0
    done = cli("keys", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [(k["name"], k["scope"], k["revoked"] is not None) for k in listed] == [
        ("ann", "write", False), ("bo", "read", True)]
    table = cli("keys", "list")
    for key in made.values():
        assert key and key not in done.stdout and key not in table.stdout
        assert key[3:] not in done.stdout + done.stderr + table.stdout + table.stderr


def test_keys_refuse_a_taken_name_an_unknown_scope_and_an_unknown_name(cli):
    assert cli("keys", "create", "ann").returncode == 0
    twice = cli("keys", "create", "ann")
    assert twice.returncode == 2 and twice.stdout == "" and "ann" in twice.stderr
    assert "Traceback" not in twice.stderr
    scope = cli("keys", "create", "cy", "--scope", "root")
    assert scope.returncode == 2 and "scope" in scope.stderr
    unknown = cli("keys", "revoke", "nobody")
    assert unknown.returncode == 2 and "nobody" in unknown.stderr
    assert [k["name"] for k in json.loads(cli("keys", "list", "--format", "json").stdout)
            ] == ["ann"]


def test_a_key_revoked_with_the_cli_is_refused(cli, client):
    key = cli("keys", "create", "ann").stdout.strip()
    assert client.post("/v1/projects", json=NEW_PROJECT, headers=bearer(key)).status_code == 201
    assert cli("keys", "revoke", "ann").returncode == 0
    refused = client.patch("/v1/projects/mine-az", json={"set": {"capacity_mw": 1},
                                                         "source": SOURCE},
                           headers=bearer(key))
    assert_problem(refused, 401)
    assert len(client.get("/v1/projects/mine-az/history").json()) == 1
