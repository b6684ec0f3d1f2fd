"""The run job: one use case behind the CLI and the Python API. Its summary, its flows, its
intervals (from summed samples), and the Python API giving exactly what `layer0 run` writes."""

from __future__ import annotations

import json

import numpy as np
import pytest

import layer0
from layer0.services.runs import RunRequest, run_job
from layer0.settings import Settings


@pytest.fixture(scope="module")
def job():
    return run_job(RunRequest(samples=60, seed=2), Settings.from_environment())


def test_cumulative_interval_comes_from_summed_samples(job):
    cum = next(c for c in job.summary["cumulative_demand"] if c["material"] == "copper")
    demand = job.dataset["demand_by_boundary"].sel(material="copper", boundary="facility",
                                                   year=slice(2025, 2035))
    per_sample = demand.sum(["region", "year"]).to_numpy()
    per_year = demand.sum("region").quantile([0.05, 0.95], dim="sample")
    expected = np.quantile(per_sample, [0.05, 0.5, 0.95])
    np.testing.assert_allclose([cum["p5"], cum["p50"], cum["p95"]], expected, rtol=1e-5)
    # and not the sum of yearly percentiles (which is what a careless sum would give)
    assert not np.allclose([cum["p5"], cum["p95"]], per_year.sum("year"), rtol=1e-6)


def test_summary_separates_growth_replacement_and_secondary(job):
    summary = job.summary
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
    assert {"demand_growth", "demand_replacement", "secondary_supply",
            "primary_demand"} <= set(job.dataset.data_vars)


def test_the_python_api_writes_what_the_cli_writes(tmp_path, cli):
    done = cli("run", "--samples", "12", "--seed", "1", "--out", tmp_path / "cli")
    assert done.returncode == 0, done.stderr
    from_cli = (tmp_path / "cli" / "summary.json").read_text(encoding="utf-8")
    assert layer0.run_job(samples=12, seed=1).summary_json() == from_cli
    ds = layer0.run(samples=12, seed=1)
    assert json.loads(from_cli)["samples"] == ds.sizes["sample"] == 12


def test_demand_nc_written_ahead_is_the_file_written_from_the_result(tmp_path):
    import xarray as xr

    result = run_job(RunRequest(samples=12, seed=1), out=tmp_path / "ahead", for_file=True)
    result.write(tmp_path / "after")         # from the result, on this thread
    ahead, after = (xr.open_dataset(tmp_path / name / "demand.nc") for name in
                    ("ahead", "after"))
    with ahead, after:
        assert ahead.identical(after) and ahead.sizes["sample"] == 12
        for name in ahead.variables:
            source = {k: v for k, v in ahead[name].encoding.items() if k != "source"}
            again = {k: v for k, v in after[name].encoding.items() if k != "source"}
            assert str(source) == str(again), name   # NaN fill values compare by text
    assert sorted(p.name for p in (tmp_path / "ahead").iterdir()) == ["demand.nc",
                                                                      "summary.json"]


def test_python_api_problems_name_the_field():
    with pytest.raises(layer0.InputError) as caught:
        layer0.run(samples=0)
    problem = caught.value.problems[0]
    assert problem.field == "samples" and problem.param and "--" not in str(caught.value)
    with pytest.raises(layer0.InputError) as caught:
        layer0.run_job(samples=4, chunk=0)
    assert caught.value.problems[0].field == "chunk"


def test_projects_from_a_dataframe_act_as_a_csv_file(tmp_path):
    import pandas as pd

    from helpers import GOOD_PROJECT, PROJECTS_HEADER

    path = tmp_path / "mine.csv"
    path.write_text(PROJECTS_HEADER + "\n" + GOOD_PROJECT + "\n")
    from_file = layer0.run_job(samples=4, seed=3, projects=path).summary_json()
    from_frame = layer0.run_job(samples=4, seed=3, projects=pd.read_csv(path)).summary_json()
    assert from_file == from_frame and '"user_projects"' in from_frame
