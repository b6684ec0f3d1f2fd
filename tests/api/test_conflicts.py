"""A project id that is taken (built-in or added) is a conflict: 409 over HTTP, exit 2 on the
command line, and nothing is written either way."""

from __future__ import annotations

from apitools import assert_problem, bearer

ROW = {"id": "acme-tx", "operator": "Acme", "name": "Acme campus", "region": "US-TX",
       "announced_date": "2026-03-01", "first_year": 2027, "full_year": 2029,
       "capacity_mw": 500, "source": "https://example.com/acme"}


def test_a_taken_id_is_a_conflict(client, write_key, cli):
    assert client.post("/v1/projects", json=ROW, headers=bearer(write_key)).status_code == 201
    for taken in ("acme-tx", "xai-colossus-1"):
        problem = assert_problem(client.post("/v1/projects", json={**ROW, "id": taken},
                                             headers=bearer(write_key)), 409, errors=True)
        assert problem["errors"][0]["pointer"] == "/id"
    history = client.get("/v1/projects/acme-tx/history").json()
    assert len(history) == 1
    done = cli("projects", "add", "--id", "acme-tx", "--operator", "Acme", "--name", "x",
               "--region", "US-TX", "--announced", "2026-03-01", "--first-year", "2027",
               "--full-year", "2029", "--capacity-mw", "5", "--source",
               "https://example.com/b")
    assert done.returncode == 2 and "already a project" in done.stderr
