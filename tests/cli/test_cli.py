"""The command line as a user runs it (in process): the contract files, the printed table,
reproducibility, the provenance report, your own projects, and sensitivity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xarray as xr

from helpers import GOOD_PROJECT, PROJECTS_HEADER


def test_run_writes_the_contract_files(tmp_path, cli):
    result = cli("run", "--samples", "40", "--seed", "5", "--out", tmp_path / "o")
    assert result.returncode == 0, result.stderr
    assert "copper" in result.stdout and "HHI" in result.stdout
    assert f"wrote {tmp_path / 'o' / 'summary.json'}" in result.stdout
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    for key in ("layer0_version", "data_version", "scenario", "samples", "seed", "years",
                "capacity", "demand", "supply"):
        assert key in summary, key
    assert summary["samples"] == 40 and summary["seed"] == 5
    cap = summary["capacity"][0]
    assert set(cap) >= {"year", "unit", "p5", "p50", "p95"} and cap["unit"] == "MW"
    assert cap["p5"] <= cap["p50"] <= cap["p95"]
    copper = [d for d in summary["demand"] if d["material"] == "copper"]
    assert len(copper) == 21 and all(d["unit"] == "t" for d in copper)
    assert all(d["p5"] <= d["p50"] <= d["p95"] for d in copper)
    refining = {(s["material"], s["stage"]): s for s in summary["supply"]}
    assert set(refining[("copper", "refining")]) >= {"material", "stage", "hhi", "top_country",
                                                    "top_share", "china_share"}
    with xr.open_dataset(tmp_path / "o" / "demand.nc", engine="h5netcdf") as ds:
        assert ds.attrs["data_version"] == summary["data_version"]
        assert ds["demand"].sizes["sample"] == 40
    # three nested boundaries; `demand` is the facility's, as the table says
    assert summary["demand_boundary"] == "facility"
    assert "inside the fence" in " ".join(result.stdout.split())
    rows = {(r["material"], r["year"], r["boundary"]): r for r in summary["demand_by_boundary"]}
    assert {b for _, _, b in rows} == {"facility", "campus", "grid"}
    for d in summary["demand"]:
        assert d["p50"] == rows[(d["material"], d["year"], "facility")]["p50"]
        assert rows[(d["material"], d["year"], "campus")]["p50"] >= d["p50"]
    lithium = {r["boundary"]: r["p50"] for r in summary["cumulative_demand_by_boundary"]
               if r["material"] == "lithium"}
    assert lithium["campus"] > lithium["facility"]          # the campus batteries
    assert any(f["flow"] == "manufacturing_input" and f["material"] == "gallium"
               for f in summary["flows"])


def test_run_shows_the_boundary_asked_for_and_refuses_an_unknown_one(tmp_path, cli):
    done = cli("run", "--samples", "8", "--boundary", "campus", "--out", tmp_path / "c")
    assert done.returncode == 0 and "on-site power and batteries" in " ".join(done.stdout.split())
    bad = cli("run", "--samples", "8", "--boundary", "fence", "--out", tmp_path / "x")
    assert bad.returncode == 2 and "--boundary" in bad.stderr and "facility" in bad.stderr
    assert not (tmp_path / "x").exists()


def test_same_seed_gives_byte_identical_summary(tmp_path, cli):
    for name, seed in (("a", "11"), ("b", "11"), ("c", "12")):
        done = cli("run", "--samples", "20", "--seed", seed, "--out", tmp_path / name)
        assert done.returncode == 0, done.stderr
    first = (tmp_path / "a" / "summary.json").read_bytes()
    assert first == (tmp_path / "b" / "summary.json").read_bytes()
    assert first != (tmp_path / "c" / "summary.json").read_bytes()


def test_data_check_reports_every_row_sourced(cli):
    result = cli("data", "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] > 500 and report["with_source"] == report["rows"]
    assert sum(report["by_quality"].values()) == report["rows"]
    assert set(report["by_quality"]) <= {"SRC", "SEC", "DERIVED", "ASSUMED"}
    table = cli("data", "check")
    assert table.returncode == 0 and f"data version {report['data_version']}" in table.stdout


def test_user_projects_add_capacity(tmp_path, cli):
    csv = tmp_path / "mine.csv"
    csv.write_text(PROJECTS_HEADER + "\n" + GOOD_PROJECT.replace("u1,", "my-campus,")
                   .replace(",500,", ",5000,") + "\n")
    base = cli("run", "--samples", "1", "--out", tmp_path / "base")
    mine = cli("run", "--samples", "1", "--projects", csv, "--out", tmp_path / "m")
    assert base.returncode == 0 and mine.returncode == 0, mine.stderr
    assert "including 1 project(s) of your own" in mine.stdout

    def announced_2030(folder: Path) -> float:
        with xr.open_dataset(folder / "demand.nc", engine="h5netcdf") as ds:
            return float(ds["announced_capacity"].sel(year=2030).sum())

    # deterministic run: the project counts with its status's expected completion (the base
    # scenario's mode); its ramp (2027-28, slipping about a year) is complete by 2030
    from layer0.io.scenarios import load_scenario

    p = load_scenario("base").announced.completion_probability["announced"].central()
    added = announced_2030(tmp_path / "m") - announced_2030(tmp_path / "base")
    assert 0 < p < 1 and abs(added - 5000 * p) < 1


@pytest.mark.slow
def test_sensitivity_ranks_the_drivers_of_copper_demand(cli):
    result = cli("sensitivity", "--samples", "64", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert all(set(r) == {"name", "S1", "S1_conf", "ST", "ST_conf"} for r in rows)
    totals = [r["ST"] for r in rows]
    assert totals == sorted(totals, reverse=True)
    names = [r["name"] for r in rows]
    # copper intensity and the capacity conversion dominate; recycling cannot move demand
    assert "intensity: copper" in names[:3]
    assert next(r for r in rows if r["name"] == "recycling")["ST"] < 0.01
    assert next(r for r in rows if r["name"] == "intensity: other materials")["ST"] < 0.01
    # the same seed gives the same indices and intervals (the bootstrap is seeded too)
    assert json.loads(cli("sensitivity", "--samples", "64", "--format", "json").stdout) == rows
