"""`layer0 projects` on both backends: the built-in projects listed, the user's own added,
edited (history: who, why, the old value), retired (out of the runs, still listed with
--retired), exported and imported; a built-in project the user edited keeps the edit through a
new release; refused input writes nothing; both backends give the same results."""

from __future__ import annotations

import csv
import json

import pandas as pd
from store_helpers import new_database_url

from helpers import refused
from layer0 import reference
from layer0.settings import Settings

BUILTIN_IDS = [r["id"] for r in csv.DictReader(
    (reference.data_dir() / "projects.csv").open(encoding="utf-8"))]
COLUMNS = ("id", "operator", "name", "region", "announced_date", "capex", "capex_currency",
           "capex_scope", "capacity_mw", "capacity_basis", "status", "first_year", "full_year",
           "archetype", "source_id", "quality", "note")
URL = "https://example.org/news/my-campus"


def _json(done):
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _add(cli, pid: str = "my-campus", mw: str = "500", *extra: str):
    return cli("projects", "add", "--id", pid, "--operator", "Example Inc",
               "--name", f"Campus {pid}", "--region", "US-TX", "--announced", "2026-01-15",
               "--first-year", "2027", "--full-year", "2029", "--capacity-mw", mw, *extra)


def _listed(cli, *options: str) -> dict[str, dict]:
    return {r["id"]: r for r in _json(cli("projects", "list", "--format", "json", *options))}


def _extra_project_ids() -> set[str]:
    from layer0.services.inputs import load_inputs

    extra = load_inputs(Settings.from_environment()).extra_projects
    return set() if extra is None else set(extra["id"])


def _run_project_ids() -> set[str]:
    from layer0.services.inputs import reference_data

    return set(reference_data(Settings.from_environment())["projects"]["id"])


def test_list_shows_the_builtin_projects(database, cli):
    listed = _json(cli("projects", "list", "--format", "json"))
    assert sorted(r["id"] for r in listed) == sorted(BUILTIN_IDS)
    assert {r["origin"] for r in listed} == {"builtin"}
    assert {r["action"] for r in listed} == {"release"}
    assert _listed(cli, "--origin", "user") == {}


def test_an_added_project_is_listed_shown_and_its_edit_kept_in_history(database, cli):
    added = _add(cli, "my-campus", "500", "--source", URL, "--by", "alice", "--why", "new")
    assert added.returncode == 0, added.stderr
    mine = _listed(cli, "--origin", "user")
    assert list(mine) == ["my-campus"] and mine["my-campus"]["capacity_mw"] == 500
    assert "my-campus" in _listed(cli)
    shown = _json(cli("projects", "show", "my-campus", "--format", "json"))
    assert (shown["origin"], shown["version"], shown["sources"]) == ("user", 1, [URL])

    edited = cli("projects", "edit", "my-campus", "--set", "capacity_mw=750", "--source",
                 "https://example.org/news/bigger", "--by", "bob", "--why", "phase 2")
    assert edited.returncode == 0, edited.stderr
    history = _json(cli("projects", "history", "my-campus", "--format", "json"))
    assert [(v["version"], v["action"], v["by"], v["why"], v["current"]) for v in history] == [
        (1, "add", "alice", "new", False), (2, "edit", "bob", "phase 2", True)]
    assert history[0]["row"]["capacity_mw"] == 500
    assert history[1]["changed"]["capacity_mw"] == [500, 750]
    assert _json(cli("projects", "show", "my-campus", "--format", "json"))["capacity_mw"] == 750


def test_an_add_without_a_source_is_refused_and_writes_nothing(database, cli):
    before = _listed(cli, "--retired")
    rows = json.loads(cli("db", "status", "--format", "json").stdout)["rows"]
    refused(_add(cli, "no-source"), "--source")
    assert _listed(cli, "--retired") == before
    assert json.loads(cli("db", "status", "--format", "json").stdout)["rows"] == rows


def test_bad_input_is_refused_with_a_located_message_and_writes_nothing(database, cli):
    assert _add(cli, "my-campus", "500", "--source", URL).returncode == 0
    before = _listed(cli, "--retired")
    rows = json.loads(cli("db", "status", "--format", "json").stdout)["rows"]
    cases = {
        "unknown column": (("projects", "edit", "my-campus", "--set", "megawatts=3",
                            "--source", URL), ("--set", "megawatts=3", "capacity_mw")),
        "negative MW": (("projects", "edit", "my-campus", "--set", "capacity_mw=-5",
                         "--source", URL), ("projects edit my-campus", "capacity_mw")),
        "negative MW on add": (None, ("projects add", "capacity_mw")),
        "malformed URL": (None, ("--source", "htp:/x")),
        "duplicate id": (None, ("--id", "my-campus", "already a project")),
        "unreachable database": (("projects", "list", "--database",
                                  "postgresql+psycopg://x@127.0.0.1:1/db"),
                                 ("--database", "cannot use", "127.0.0.1")),
    }
    for case, (command, needles) in cases.items():
        if case == "negative MW on add":
            done = _add(cli, "other", "-5", "--source", URL)
        elif case == "malformed URL":
            done = _add(cli, "other", "300", "--source", "htp:/x")
        elif case == "duplicate id":
            done = _add(cli, "my-campus", "300", "--source", URL)
        else:
            done = cli(*command)
        try:
            refused(done, *needles)
        except AssertionError as error:
            raise AssertionError(f"{case}: {error}") from None
    assert _listed(cli, "--retired") == before
    assert json.loads(cli("db", "status", "--format", "json").stdout)["rows"] == rows


def test_a_retired_project_leaves_the_runs_and_stays_listed(database, cli):
    assert _add(cli, "my-campus", "500", "--source", URL).returncode == 0
    builtin = BUILTIN_IDS[0]
    assert "my-campus" in _extra_project_ids() and builtin in _run_project_ids()

    for pid in ("my-campus", builtin):
        done = cli("projects", "retire", pid, "--source", URL, "--why", "cancelled")
        assert done.returncode == 0, done.stderr
    assert "my-campus" not in _extra_project_ids()
    assert builtin not in _run_project_ids()
    assert not {"my-campus", builtin} & set(_listed(cli))
    retired = _listed(cli, "--retired")
    assert retired["my-campus"]["retired"] is True and retired[builtin]["retired"] is True
    assert cli("projects", "edit", "my-campus", "--set", "capacity_mw=600", "--source",
               URL).returncode == 2
    refused(cli("projects", "retire", "my-campus", "--source", URL), "already retired")


def test_an_edited_builtin_project_keeps_the_edit_through_a_new_release(database, cli):
    from layer0.services.registry import database as registry_database
    from layer0.services.registry import packaged_reference
    from layer0.store.registry import sync_release

    ref = packaged_reference(Settings.from_environment())
    packaged = ref["projects"]
    with_mw = packaged[packaged["capacity_mw"].notna()]["id"].tolist()
    edited, untouched = with_mw[0], with_mw[1]
    done = cli("projects", "edit", edited, "--set", "capacity_mw=1234", "--source", URL,
               "--by", "carol", "--why", "utility filing")
    assert done.returncode == 0, done.stderr
    assert float(packaged.set_index("id").loc[edited, "capacity_mw"]) != 1234

    release = packaged.copy()
    release.loc[release["id"] == edited, "capacity_mw"] = 999.0
    release.loc[release["id"] == untouched, "capacity_mw"] = 777.0
    db = registry_database(Settings.from_environment())
    with db.write() as session:
        assert sync_release(session, "test-next-release", release, ref["sources"]) is True

    listed = _listed(cli)
    assert listed[edited]["capacity_mw"] == 1234
    assert (listed[edited]["by"], listed[edited]["action"]) == ("carol", "edit")
    assert listed[untouched]["capacity_mw"] == 777   # never edited: the release moves it on
    history = _json(cli("projects", "history", edited, "--format", "json"))
    assert [v["data_version"] for v in history if v["action"] == "release"] == [
        ref.version, "test-next-release"]
    assert history[-1]["row"]["capacity_mw"] == 999 and not history[-1]["current"]
    assert [v["by"] for v in history if v["current"]] == ["carol"]
    from layer0.services.inputs import reference_data

    run = reference_data(Settings.from_environment())["projects"].set_index("id")
    assert float(run.loc[edited, "capacity_mw"]) == 1234


def test_a_project_a_release_dropped_comes_back_with_a_later_release(database, cli):
    # switching between data versions (an older checkout, then the current one again) must
    # not leave the newer release's projects retired
    from layer0.services.registry import database as registry_database
    from layer0.services.registry import packaged_reference
    from layer0.store.registry import sync_release

    ref = packaged_reference(Settings.from_environment())
    packaged = ref["projects"]
    dropped = packaged["id"].iloc[-1]
    db = registry_database(Settings.from_environment())
    with db.write() as session:
        sync_release(session, "without-it", packaged[packaged["id"] != dropped], ref["sources"])
    assert dropped not in _listed(cli)
    with db.write() as session:
        assert sync_release(session, "with-it-again", packaged, ref["sources"]) is True
    assert dropped in _listed(cli)


def _own_rows(cli) -> list[dict]:
    return [{c: r[c] for c in COLUMNS} for r in _listed(cli, "--origin", "user").values()]


def test_export_then_import_into_a_new_database_round_trips(database, backend, cli, tmp_path,
                                                            monkeypatch):
    assert _add(cli, "campus-a", "500", "--source", URL, "--capex", "2e9", "--currency",
                "USD", "--note", "phase 1, \"quoted\"").returncode == 0
    assert _add(cli, "campus-b", "120", "--source", "https://example.org/b").returncode == 0
    assert cli("projects", "edit", "campus-b", "--set", "status=under_construction",
               "--set", "capacity_basis=it", "--source", URL).returncode == 0
    mine = _own_rows(cli)
    exported = tmp_path / "mine.csv"
    done = cli("projects", "export", exported)
    assert done.returncode == 0, done.stderr

    monkeypatch.setenv("LAYER0_DATABASE_URL", new_database_url(backend, tmp_path))
    assert _own_rows(cli) == []
    done = cli("projects", "import", exported)
    assert done.returncode == 0, done.stderr
    assert "2 added, 0 changed, 0 unchanged" in done.stdout
    assert _own_rows(cli) == mine
    again = cli("projects", "import", exported)
    assert "0 added, 0 changed, 2 unchanged" in again.stdout


def _scenario(cli) -> dict:
    """A few changes, and what `projects list` and `history` then say (minus times)."""
    builtin = BUILTIN_IDS[2]
    for args in (
        ("projects", "add", "--id", "my-a", "--operator", "Me", "--name", "A", "--region",
         "US-TX", "--announced", "2026-02-01", "--first-year", "2027", "--full-year", "2028",
         "--capacity-mw", "333.3", "--capex", "1.5e9", "--currency", "EUR", "--source", URL),
        ("projects", "add", "--id", "my-b", "--operator", "Me", "--name", "B", "--region",
         "IE", "--announced", "2025-12-31", "--first-year", "2026", "--full-year", "2030",
         "--capex", "5e8", "--currency", "EUR", "--source", URL),
        ("projects", "edit", "my-a", "--set", "status=under_construction", "--set",
         "note=ünïcode ✓", "--source", "https://example.org/2"),
        ("projects", "edit", builtin, "--set", "capacity_mw=4321", "--set",
         "capacity_basis=facility", "--source", URL),
        ("projects", "retire", "my-b", "--source", URL),
        ("projects", "retire", BUILTIN_IDS[3], "--source", URL),
    ):
        done = cli(*args, "--by", "tester", "--why", "scenario")
        assert done.returncode == 0, (args, done.stderr)
    listed = _json(cli("projects", "list", "--retired", "--format", "json"))
    histories = {pid: _json(cli("projects", "history", pid, "--format", "json"))
                 for pid in ("my-a", "my-b", builtin, BUILTIN_IDS[3])}
    for versions in histories.values():
        for v in versions:
            v.pop("at")
    return {"list": [{k: v for k, v in r.items() if k != "updated"} for r in listed],
            "history": histories}


def test_both_backends_give_the_same_results(cli, tmp_path, monkeypatch):
    seen = {}
    for backend in ("sqlite", "postgresql"):
        monkeypatch.setenv("LAYER0_DATABASE_URL", new_database_url(backend, tmp_path))
        seen[backend] = _scenario(cli)
    assert seen["sqlite"] == seen["postgresql"]
    rows = {r["id"]: r for r in seen["sqlite"]["list"]}
    assert rows["my-a"]["note"] == "ünïcode ✓" and rows["my-a"]["capacity_mw"] == 333.3
    assert rows["my-b"]["retired"] is True and rows[BUILTIN_IDS[2]]["capacity_mw"] == 4321
    assert len(rows) == len(BUILTIN_IDS) + 2


def test_data_of_the_projects_file_matches_the_builtin_rows(database, cli):
    """The mirrored rows are the packaged ones, cell for cell (NaN and '' as null)."""
    packaged = pd.read_csv(reference.data_dir() / "projects.csv", dtype=str,
                           keep_default_na=False)
    listed = _listed(cli)
    for row in packaged.to_dict("records"):
        mirrored = listed[row["id"]]
        for column in COLUMNS:
            value = mirrored[column]
            shown = "" if value is None else (
                str(int(value)) if isinstance(value, float) and value.is_integer()
                else str(value))
            assert shown == row[column] or (
                isinstance(value, float) and float(row[column]) == value), (row["id"], column)
