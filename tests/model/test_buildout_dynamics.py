"""Build-out dynamics: smooth paths through the sourced years, demand dated when bought."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layer0.io.scenarios import load_scenario
from layer0.model import buildout, engine, leads

SCENARIO = load_scenario("base")


def test_the_path_runs_through_its_points_without_a_step_in_growth():
    points = pd.DataFrame({"year": [2015, 2024, 2030, 2035], "value": [200, 415, 945, 1200]})
    years = np.arange(2014, 2037)
    path = buildout.interpolate_path(points, years, "test")
    for year, value in zip(points["year"], points["value"], strict=True):
        assert path[years == year][0] == pytest.approx(value)
    assert np.all(np.diff(path) > 0)                     # monotone like its points
    rate = np.diff(np.log(path))
    # log-linear segments stepped from 14.7 %/yr to 4.9 %/yr at 2030 in one year; the
    # smooth curve changes its rate gradually
    assert np.max(np.abs(np.diff(rate))) < 0.04
    # and in the last segment the rate only falls (no dip and rebound, no cliff): the path
    # continues at its end rate
    last = rate[(years[1:] > 2030) & (years[1:] <= 2036)]
    assert np.all(np.diff(last) <= 1e-12) and last[-1] > 0.01


def test_a_whole_lead_shifts_and_a_fractional_one_splits_between_two_years():
    x = np.zeros((2, 6, 1, 2, 1))
    x[:, 4, 0, :, 0] = 10.0                               # energised in year 4
    lead = np.array([[1.0, 0.25], [2.0, 0.0]])             # [sample, component]
    out = leads.bought(x, lead)
    assert out[0, :, 0, 0, 0].tolist() == [0, 0, 0, 10, 0, 0]
    assert out[0, :, 0, 1, 0].tolist() == [0, 0, 0, 2.5, 7.5, 0]
    assert out[1, :, 0, 0, 0].tolist() == [0, 0, 10, 0, 0, 0]
    assert out[1, :, 0, 1, 0].tolist() == [0, 0, 0, 0, 10, 0]
    assert out.sum() == x.sum()                            # nothing lost inside the horizon


@pytest.fixture(scope="module")
def base(ref):
    return engine.run(ref, SCENARIO, samples=200, seed=11)


def test_world_copper_changes_by_less_than_30_percent_a_year(base):
    copper = base["demand_by_boundary"].sel(material="copper", boundary="facility")
    p50 = copper.sum("region").median("sample").sel(year=slice(2025, 2035)).to_numpy()
    assert np.max(np.abs(p50[1:] / p50[:-1] - 1)) < 0.30


def test_no_region_changes_new_build_demand_more_than_its_path_explains(ref):
    ds = engine.run(ref, SCENARIO, samples=1)
    growth = ds["demand_growth"].sel(material="copper").isel(sample=0)
    capacity = ds["capacity"].sum("archetype").isel(sample=0)
    additions = capacity.diff("year")
    for region in ds["region"].to_numpy():
        # new-build demand is the additions' material, bought up to ~2 years ahead: its yearly
        # change stays within the largest yearly change of the additions it buys for (the
        # demand of 2025-33 buys the additions of 2025-35, which the run reports)
        g = growth.sel(region=region, year=slice(2025, 2033)).to_numpy()
        a = additions.sel(region=region, year=slice(2024, 2035)).to_numpy()
        worst_path = np.max(np.abs(a[1:] / a[:-1] - 1))
        worst_demand = np.max(np.abs(g[1:] / g[:-1] - 1))
        assert worst_demand <= worst_path + 0.05, region


def test_demand_comes_before_the_capacity_it_serves(ref):
    at_energisation = ref.__class__(tables={**ref.tables, "lead_times": ref["lead_times"].assign(
        low=0.0, mode=0.0, high=0.0)}, version=ref.version, directory=ref.directory)
    early = engine.run(ref, SCENARIO, samples=1)
    late = engine.run(at_energisation, SCENARIO, samples=1)
    # while the build-out accelerates, buying ahead moves tonnes into earlier years
    def steel(ds, year):
        return float(ds["demand"].sel(component="building", material="steel", year=year)
                     .sum("region").isel(sample=0))

    assert steel(early, 2026) > steel(late, 2026)
