"""The command line as a user runs it: contract, reproducibility, provenance report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import xarray as xr

LAYER0 = [sys.executable, "-m", "layer0.cli"]


def layer0(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*LAYER0, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_run_writes_the_contract_files(tmp_path):
    result = layer0("run", "--samples", "40", "--seed", "5", "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert "copper" in result.stdout and "HHI" in result.stdout
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
    ds = xr.open_dataset(tmp_path / "o" / "demand.nc", engine="h5netcdf")
    assert ds.attrs["data_version"] == summary["data_version"]
    assert ds["demand"].sizes["sample"] == 40
    ds.close()


def test_cumulative_interval_comes_from_summed_samples(tmp_path):
    layer0("run", "--samples", "60", "--out", str(tmp_path))
    summary = json.loads((tmp_path / "summary.json").read_text())
    cum = next(c for c in summary["cumulative_demand"] if c["material"] == "copper")
    with xr.open_dataset(tmp_path / "demand.nc", engine="h5netcdf") as ds:
        per_sample = ds["demand"].sel(material="copper", year=slice(2025, 2035)).sum(
            ["component", "year"]).to_numpy().astype(float)
        per_year = ds["demand"].sel(material="copper", year=slice(2025, 2035)).sum(
            "component").quantile([0.05, 0.95], dim="sample").sum("year").to_numpy()
    expected = np.quantile(per_sample, [0.05, 0.5, 0.95])
    # demand.nc holds float32 samples; the summary sums the float64 ones
    np.testing.assert_allclose([cum["p5"], cum["p50"], cum["p95"]], expected, rtol=1e-4)
    # and not the sum of yearly percentiles (which is what a careless sum would give)
    assert not np.allclose([cum["p5"], cum["p95"]], per_year, rtol=1e-6)


def test_same_seed_gives_byte_identical_summary(tmp_path):
    for name in ("a", "b"):
        assert layer0("run", "--samples", "30", "--seed", "11", "--out",
                      str(tmp_path / name)).returncode == 0
    first = (tmp_path / "a" / "summary.json").read_bytes()
    assert first == (tmp_path / "b" / "summary.json").read_bytes()
    layer0("run", "--samples", "30", "--seed", "12", "--out", str(tmp_path / "c"))
    assert first != (tmp_path / "c" / "summary.json").read_bytes()


def test_data_check_reports_every_row_sourced():
    result = layer0("data", "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] > 500 and report["with_source"] == report["rows"]
    assert sum(report["by_quality"].values()) == report["rows"]
    assert set(report["by_quality"]) <= {"SRC", "SEC", "DERIVED", "ASSUMED"}


def test_user_projects_add_capacity(tmp_path):
    csv = tmp_path / "mine.csv"
    header = ("id,operator,name,region,announced_date,capex,capex_currency,capex_scope,"
              "capacity_mw,capacity_basis,status,first_year,full_year,archetype,source_id,"
              "quality,note")
    csv.write_text(header + "\nmy-campus,Example,Example campus,US-AZ,2026-01-15,,,,5000,it,"
                   "announced,2027,2028,hyperscale_ai,https://example.org/a,SEC,\n")
    base = layer0("run", "--samples", "1", "--out", str(tmp_path / "base"))
    mine = layer0("run", "--samples", "1", "--projects", str(csv), "--out", str(tmp_path / "m"))
    assert base.returncode == 0 and mine.returncode == 0, mine.stderr

    def announced_2030(folder: Path) -> float:
        with xr.open_dataset(folder / "demand.nc", engine="h5netcdf") as ds:
            return float(ds["announced_capacity"].sel(year=2030).sum())

    # deterministic run: the project counts with its status's expected completion (the base
    # scenario's mode); its ramp (2027-28, slipping about a year) is complete by 2030
    from layer0.scenario import load_scenario

    p = load_scenario("base").announced.completion_probability["announced"].central()
    added = announced_2030(tmp_path / "m") - announced_2030(tmp_path / "base")
    assert 0 < p < 1 and abs(added - 5000 * p) < 1


def test_summary_separates_growth_replacement_and_secondary(tmp_path):
    assert layer0("run", "--samples", "50", "--out", str(tmp_path)).returncode == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    flows = {(f["material"], f["flow"], f["year"]): f for f in summary["flows"]}
    demand = {(d["material"], d["year"]): d for d in summary["demand"]}
    for year in (2025, 2030, 2035):
        growth, repl = (flows[("copper", k, year)]["p50"] for k in ("growth", "replacement"))
        sec, prim = (flows[("copper", k, year)]["p50"] for k in ("secondary", "primary"))
        assert growth > 0 and repl > 0 and sec > 0
        # medians do not add exactly; the bounds do hold
        assert max(growth, repl) <= demand[("copper", year)]["p95"]
        assert prim < demand[("copper", year)]["p95"]
    cum = {(c["material"], c["flow"]): c for c in summary["cumulative_flows"]}
    assert cum[("copper", "secondary")]["p50"] < cum[("copper", "primary")]["p50"]
    ds = xr.open_dataset(tmp_path / "demand.nc", engine="h5netcdf")
    assert {"demand_growth", "demand_replacement", "secondary_supply",
            "primary_demand"} <= set(ds.data_vars)
    ds.close()


def test_sensitivity_ranks_the_drivers_of_copper_demand():
    result = layer0("sensitivity", "--samples", "64", "--format", "json")
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
