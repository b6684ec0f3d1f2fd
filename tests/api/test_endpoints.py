"""The REST API in process: each endpoint group's answers against golden JSON
(`LAYER0_UPDATE_GOLDEN=1` writes them; timestamps are left out), a run giving the very numbers
`layer0 run` writes, and bad input refused as problem+json (422, or 404 for an unknown id),
never a 500 and never a file of the server read."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from apitools import answer, assert_problem, bearer, check_golden

from layer0 import reference
from layer0.version import __version__

OWN_ARTICLE = ("Oracle plans 900 MW campus in Wyoming\nOracle will invest $15 billion to build "
               "a 900 MW AI data center campus in Wyoming, the company said on March 3, 2026.\n")
BAD_YAML = "name: broken\ntitle: a\n  bad: indent\nyears: [2015, 2035]\n"
BUILTIN = "anthropic-fluidstack-us"   # a project of the packaged registry


def test_health_and_version(client, ref):
    """Health says ok; the version names this layer0 and the data it answers from."""
    assert client.get("/v1/health").json() == {"status": "ok"}
    assert client.get("/v1/version").json() == {"layer0": __version__,
                                                "data_version": ref.version}


def test_scenarios(client):
    """The built-ins are listed; one is shown parsed or as the packaged YAML text; a
    scenario's text is validated, and bad text is a 422 with the problem's line."""
    listed = client.get("/v1/scenarios")
    names = [s["name"] for s in listed.json()]
    assert "base" in names and names == sorted(names)
    shown = client.get("/v1/scenarios/base")
    as_yaml = client.get("/v1/scenarios/base", params={"format": "yaml"})
    assert as_yaml.status_code == 200
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    packaged = reference.data_dir() / "scenarios" / "base.yaml"
    assert as_yaml.text == packaged.read_text(encoding="utf-8")
    assert yaml.safe_load(as_yaml.text)["title"] == shown.json()["title"]

    good = client.post("/v1/scenarios/validate", json={"yaml": as_yaml.text})
    assert good.json()["valid"] is True and good.json()["name"] == "base"
    bad = client.post("/v1/scenarios/validate", json={"yaml": BAD_YAML})
    problem = assert_problem(bad, 422, errors=True)
    assert problem["errors"][0]["where"] == "yaml:3", problem   # the badly indented line
    changed = as_yaml.text.replace("name: base", "name: mine").replace(
        "years: [2015, 2035]", "years: [2035, 2015]")
    assert "years: [2035, 2015]" in changed
    located = assert_problem(client.post("/v1/scenarios/validate", json={"yaml": changed}),
                             422, errors=True)
    assert any(e["field"] == "years" for e in located["errors"]), located
    check_golden("scenarios", {"list": answer(listed), "base": answer(shown),
                               "validate_good": answer(good), "validate_bad": answer(bad),
                               "validate_years": answer(client.post(
                                   "/v1/scenarios/validate", json={"yaml": changed}))})


def test_supply_controls_and_risk(client):
    """Concentration, export controls on a date and the risk index, as the data states."""
    supply = client.get("/v1/supply", params={"material": "copper"})
    mining = next(r for r in supply.json() if r["stage"] == "mining")
    assert mining["top_country"] == "CL" and 0 < mining["hhi"] < 10_000
    controls = client.get("/v1/controls", params={"date": "2025-06-01", "material": "gallium"})
    known = {c["id"]: c for c in controls.json()["controls"]}
    assert known["cn-2023-23-gallium"]["status"] == "in_force"
    assert all(c["material"] == "gallium" and c["source"]["url"] for c in known.values())
    risk = client.get("/v1/risk", params={"material": "copper"})
    assert risk.status_code == 200 and {r["material"] for r in risk.json()} == {"copper"}
    check_golden("supply", {"supply_copper": answer(supply),
                            "controls_gallium_2025-06-01": answer(controls),
                            "risk_copper": answer(risk)})


def test_coverage_disrupt_and_compare(client):
    """The sampled questions: the same seed gives the same answer (golden), and the answer
    holds together (lost supply at most the demand; a paired difference per scenario)."""
    coverage = client.post("/v1/coverage", json={
        "material": "copper", "quantity_t": 14000, "years": 4, "capacity_mw": 1000,
        "archetype": "hyperscale_ai", "samples": 50, "seed": 1})
    assert coverage.status_code == 200, coverage.text
    share = coverage.json()["covered_share"]
    assert 0 < share["p5"] <= share["p50"] <= share["p95"]
    disrupt = client.post("/v1/disrupt", json={
        "material": "gallium", "country": "CN", "stage": "refining", "start": 2026,
        "end": 2027, "samples": 50, "seed": 1})
    assert disrupt.status_code == 200, disrupt.text
    assert disrupt.json()["lost_t"]["p95"] <= disrupt.json()["demand_t"]["p95"]
    builtins = [s["name"] for s in client.get("/v1/scenarios").json()]
    pair = ["base", next(n for n in builtins if n != "base")]
    compare = client.post("/v1/compare", json={"scenarios": pair, "samples": 20, "seed": 1,
                                                "materials": ["copper"]})
    assert compare.status_code == 200, compare.text
    assert pair[1] in json.dumps(compare.json())
    check_golden("sampled", {"coverage_copper": answer(coverage),
                             "disrupt_gallium_cn": answer(disrupt),
                             f"compare_{'_'.join(pair)}": answer(compare)})


def test_projects(client):
    """The registry: filters narrow the list (paged), one project with its sources, and its
    history."""
    everything = client.get("/v1/projects").json()
    assert everything["total"] == len(everything["projects"]) > 2
    filtered = client.get("/v1/projects", params={"region": "US", "status": "announced"})
    rows = filtered.json()["projects"]
    assert rows and all(r["region"].split("-")[0] == "US" and r["status"] == "announced"
                        for r in rows)   # a country's filter includes its subdivisions
    page = client.get("/v1/projects", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == everything["total"]
    assert page["projects"] == everything["projects"][1:3]
    assert client.get("/v1/projects", params={"origin": "user"}).json()["total"] == 0
    one = client.get(f"/v1/projects/{BUILTIN}")
    assert one.json()["id"] == BUILTIN and one.json()["origin"] == "builtin"
    assert one.json()["source_id"] in one.json()["sources"]
    history = client.get(f"/v1/projects/{BUILTIN}/history")
    assert [v["version"] for v in history.json()] == [1]
    check_golden("projects", {"us_announced": answer(filtered), "one": answer(one),
                              "history": answer(history)})


def test_articles_and_candidates(client, write_key):
    """An article's events carry their evidence sentence and span; ingested, they are the
    review queue's candidates."""
    read = client.post("/v1/articles", json={"text": OWN_ARTICLE})
    assert read.status_code == 200, read.text
    events = read.json()["events"]
    assert read.json()["language"] == "en" and events
    for event in events:
        start, end = event["span"]
        assert event["evidence"] and OWN_ARTICLE[start:end] == event["evidence"]
    assert client.get("/v1/candidates").json() == []
    ingested = client.post("/v1/articles", json={"text": OWN_ARTICLE, "ingest": True},
                           headers=bearer(write_key))
    assert ingested.json()["ingested"] == {"already": False, "new": 1, "sourced": 0,
                                           "records": 1}
    again = client.post("/v1/articles", json={"text": OWN_ARTICLE, "ingest": True},
                        headers=bearer(write_key))
    assert again.json()["ingested"]["already"] is True
    candidates = client.get("/v1/candidates")
    [record] = candidates.json()
    assert record["kind"] == "project" and record["fields"]["location"] == "US-WY"
    check_golden("news", {"article": answer(read), "ingest": answer(ingested),
                          "candidates": answer(candidates)})


def test_a_run_gives_the_numbers_layer0_run_writes(client, write_key, wait_for_run, cli,
                                                   tmp_path):
    """POST /v1/runs computes what `layer0 run` computes with the same samples and seed; an
    identical request is the stored run; its demand rows (by flow, by region) and NetCDF
    file are the run's; demand before it is done is a 409."""
    import xarray as xr

    order = {"scenario": "base", "samples": 200, "seed": 1}
    submitted = client.post("/v1/runs", json=order, headers=bearer(write_key))
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["id"]
    early = client.get(f"/v1/runs/{run_id}/demand")   # 409 until done (unless done already)
    if early.status_code != 200:
        assert_problem(early, 409)
    state = wait_for_run(run_id)
    done = cli("run", "--samples", "200", "--seed", "1", "--out", tmp_path / "cli")
    assert done.returncode == 0, done.stderr
    from_cli = json.loads((tmp_path / "cli" / "summary.json").read_text(encoding="utf-8"))
    assert state["progress"] == {"done": 200, "total": 200} and state["errors"] is None
    assert state["summary"] == from_cli

    same = client.post("/v1/runs", json=order, headers=bearer(write_key))
    assert same.status_code == 200 and same.json()["id"] == run_id
    assert same.json()["summary"] == from_cli

    rows = client.get(f"/v1/runs/{run_id}/demand",
                      params={"material": "copper", "year": 2030}).json()
    assert rows == [r for r in from_cli["demand"]
                    if r["material"] == "copper" and r["year"] == 2030]
    assert len(rows) == 1 and rows[0]["p5"] <= rows[0]["p50"] <= rows[0]["p95"]
    growth = client.get(f"/v1/runs/{run_id}/demand", params={"flow": "growth"}).json()
    assert growth and growth == [r for r in from_cli["flows"] if r["flow"] == "growth"]
    regional = client.get(f"/v1/runs/{run_id}/demand",
                          params={"region": "us", "material": "copper", "year": 2030}).json()
    assert [(r["region"], r["material"], r["year"]) for r in regional] == [
        ("US", "copper", 2030)]
    assert 0 < regional[0]["p50"] < rows[0]["p50"]
    assert_problem(client.get(f"/v1/runs/{run_id}/demand",
                              params={"region": "US", "flow": "growth"}), 422)
    assert_problem(client.get(f"/v1/runs/{run_id}/demand", params={"region": "XX"}),
                   422, errors=True)
    assert_problem(client.get(f"/v1/runs/{run_id}/demand", params={"flow": "sideways"}),
                   422, errors=True)

    download = client.get(f"/v1/runs/{run_id}/netcdf")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/x-netcdf")
    path = tmp_path / "run.nc"
    path.write_bytes(download.content)
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        assert "demand" in ds.data_vars and ds.sizes["sample"] == 200
    assert_problem(client.get("/v1/runs/unknown"), 404, errors=True)


# -- bad input: refused as problem+json, never a 500 ------------------------------------------

BAD = [
    ("get", "/v1/supply?material=unobtainium", None, 422, "material"),
    ("get", "/v1/supply", None, 422, "material"),
    ("get", "/v1/supply?material=copper&year=1800", None, 422, "year"),
    ("get", "/v1/controls?date=2025-13-45", None, 422, "date"),
    ("get", "/v1/controls?destination=ZZ", None, 422, "destination"),
    ("get", "/v1/risk?year=abc", None, 422, "year"),
    ("get", "/v1/scenarios/base?format=xml", None, 422, "format"),
    ("get", "/v1/scenarios/nothere", None, 404, "name"),
    ("get", "/v1/projects?origin=bogus", None, 422, "origin"),
    ("get", "/v1/projects?limit=0", None, 422, "limit"),
    ("get", "/v1/projects/nothere", None, 404, "id"),
    ("get", "/v1/projects/nothere/history", None, 404, "id"),
    ("get", "/v1/candidates?show=bogus", None, 422, "show"),
    ("get", "/v1/runs/unknown", None, 404, "id"),
    ("get", "/v1/runs/unknown/demand", None, 404, "id"),
    ("get", "/v1/runs/unknown/netcdf", None, 404, "id"),
    ("post", "/v1/scenarios/validate", ["not", "an", "object"], 422, "body"),
    ("post", "/v1/scenarios/validate", {"yaml": 42}, 422, "yaml"),
    ("post", "/v1/scenarios/validate", {"yaml": "- a list\n"}, 422, None),
    ("post", "/v1/coverage", {"material": "copper", "quantity_t": 1, "years": 1,
                              "capacity_mw": 1, "archetype": "hyperscale_ai", "samples": 0},
     422, "samples"),
    ("post", "/v1/coverage", {"material": "copper", "quantity_t": "lots", "samples": 5},
     422, "quantity_t"),
    ("post", "/v1/coverage", {"material": "copper", "samples": 5}, 422, "asset"),
    ("post", "/v1/disrupt", {"material": "gallium", "country": "CN", "start": 2028,
                             "end": 2027, "samples": 5}, 422, "end"),
    ("post", "/v1/disrupt", {"material": "gallium", "country": "CN", "start": 2026,
                             "end": 2027, "fraction": 2, "samples": 5}, 422, "fraction"),
    ("post", "/v1/compare", {"scenarios": ["base"], "samples": 5}, 422, "scenarios"),
    ("post", "/v1/compare", {"scenarios": "base,headwinds", "samples": 5}, 422, "scenarios"),
    ("post", "/v1/articles", {}, 422, "text"),
    ("post", "/v1/articles", {"text": "Copper for data centres.", "lang": "fr"}, 422, "lang"),
    ("post", "/v1/articles", {"text": ""}, 422, None),
]


@pytest.mark.parametrize("method, url, body, status, field", BAD,
                         ids=[f"{m} {u} {json.dumps(b)[:40] if b is not None else ''}"
                              for m, u, b, _, _ in BAD])
def test_bad_input_is_a_located_problem(client, method, url, body, status, field):
    """A refused parameter or body is problem+json naming what was wrong."""
    response = client.request(method.upper(), url, json=body)
    problem = assert_problem(response, status, errors=True)
    if field is not None:
        assert field in {e["field"] for e in problem["errors"]}, problem


WRITES = [
    ("/v1/runs", ["a", "list"], "body"),
    ("/v1/runs", {"samples": "many"}, "samples"),
    ("/v1/runs", {"samples": 0}, "samples"),
    ("/v1/runs", {"samples": 10**12}, "samples"),
    ("/v1/runs", {"samples": 5, "seed": -1}, "seed"),
    ("/v1/runs", {"samples": 5, "sampling": "sobol"}, "sampling"),
    ("/v1/runs", {"samples": 5, "projects": [{"id": "mine"}]}, None),
    ("/v1/runs", {"scenario": None, "scenario_yaml": BAD_YAML, "samples": 5}, "scenario_yaml"),
    ("/v1/projects", {"id": "p1"}, "operator"),
]


@pytest.mark.parametrize("url, body, field", WRITES,
                         ids=[f"{u} {json.dumps(b)[:50]}" for u, b, _ in WRITES])
def test_a_bad_write_is_refused_and_queues_nothing(client, write_key, settings, url, body,
                                                   field):
    """Checked before anything is queued or written: 422, and no run folder appears."""
    response = client.post(url, json=body, headers=bearer(write_key))
    problem = assert_problem(response, 422, errors=True)
    if field is not None:
        named = {e["field"] for e in problem["errors"]} | {
            str(part) for e in problem["errors"] for part in e["loc"]} | {
            e.get("where", "").split(":")[0] for e in problem["errors"]}
        assert field in named, problem
    assert not (settings.user_data_dir / "runs").exists()


def test_a_bad_change_to_a_project_is_refused(client, write_key):
    """Unknown project: 404; an unknown column or no source: 422; nothing changes."""
    before = client.get(f"/v1/projects/{BUILTIN}/history").json()
    source = "https://example.org/news/item"
    assert_problem(client.patch("/v1/projects/nothere", json={
        "set": {"capacity_mw": 10}, "source": source}, headers=bearer(write_key)), 404, True)
    assert_problem(client.patch(f"/v1/projects/{BUILTIN}", json={
        "set": {"bogus": 1}, "source": source}, headers=bearer(write_key)), 422, True)
    assert_problem(client.patch(f"/v1/projects/{BUILTIN}", json={
        "set": {"capacity_mw": 10}, "source": "a rumour"}, headers=bearer(write_key)), 422, True)
    assert_problem(client.post("/v1/candidates/news-nothere/accept", json={},
                               headers=bearer(write_key)), 404, True)
    assert client.get(f"/v1/projects/{BUILTIN}/history").json() == before


@pytest.mark.parametrize("scenario", ["../../etc/passwd", "/etc/passwd", "OWN_FILE",
                                      "mine.yaml", "./mine.yaml", "scenarios/base.yaml"])
def test_a_scenario_is_a_builtin_name_never_a_path(client, write_key, tmp_path, monkeypatch,
                                                   settings, scenario):
    """A path (even to a valid scenario file beside the server) is refused, not read."""
    own = tmp_path / "mine.yaml"
    shutil.copyfile(reference.data_dir() / "scenarios" / "base.yaml", own)
    (tmp_path / "scenarios").mkdir()
    shutil.copyfile(own, tmp_path / "scenarios" / "base.yaml")
    monkeypatch.chdir(tmp_path)
    scenario = str(own) if scenario == "OWN_FILE" else scenario
    for url, body, headers in [
            ("/v1/runs", {"samples": 5}, bearer(write_key)),
            ("/v1/coverage", {"material": "copper", "quantity_t": 10, "years": 1,
                              "capacity_mw": 10, "archetype": "hyperscale_ai", "samples": 5},
             {}),
            ("/v1/disrupt", {"material": "gallium", "country": "CN", "start": 2026,
                             "end": 2027, "samples": 5}, {})]:
        response = client.post(url, json={**body, "scenario": scenario}, headers=headers)
        problem = assert_problem(response, 422, errors=True)
        assert problem["errors"][0]["field"] == "scenario", problem
    compared = client.post("/v1/compare", json={"scenarios": ["base", scenario], "samples": 5})
    assert assert_problem(compared, 422, errors=True)["errors"][0]["field"] == "scenario"
    assert not (settings.user_data_dir / "runs").exists()


# -- what src gets wrong today (strict: a fix turns these into failures to un-mark) -----------

def test_a_run_from_yaml_text_alone(client, write_key, wait_for_run):
    """`scenario_yaml` instead of `scenario`, as the schema describes it."""
    text = client.get("/v1/scenarios/base", params={"format": "yaml"}).text
    response = client.post("/v1/runs", json={"scenario_yaml": text, "samples": 5, "seed": 9},
                           headers=bearer(write_key))
    assert response.status_code in (200, 202), response.text
    wait_for_run(response.json()["id"])


def test_a_problem_detail_reads_as_plain_text(client):
    response = client.post("/v1/disrupt", json={"material": "gallium", "country": "CN",
                                                "start": 2028, "end": 2027, "samples": 5})
    detail = assert_problem(response, 422, errors=True)["detail"]
    assert "‹" not in detail and "›" not in detail, detail


def test_no_answer_names_a_path_on_the_server(client):
    server_path = str(reference.data_dir())
    for url in ("/v1/scenarios", "/v1/scenarios/base"):
        assert server_path not in client.get(url).text, url
