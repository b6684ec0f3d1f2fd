"""End-to-end model invariants: conservation, scaling, reproducibility, press facts."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from layer0.io.scenarios import load_scenario
from layer0.model import engine
from layer0.scenario.schema import IntensityChange

SCENARIO = load_scenario("base")


@pytest.fixture(scope="module")
def det(ref):
    return engine.run(ref, SCENARIO, samples=1, seed=0)


@pytest.fixture(scope="module")
def mc(ref):
    return engine.run(ref, SCENARIO, samples=64, seed=7)


def test_every_output_has_a_sample_dimension(mc):
    for name in ("capacity", "component_inflow", "demand", "eol_outflow"):
        assert "sample" in mc[name].dims and mc.sizes["sample"] == 64


def test_stock_equals_inflow_minus_outflow_for_every_component(mc):
    serve_it = mc["scope"] != "campus"  # campus components serve their own MW or MWh
    flows = mc[["component_inflow", "component_outflow", "early_retirement"]].sel(
        component=serve_it)
    stock = mc["capacity"].sum("archetype").broadcast_like(flows["component_inflow"])
    net = flows["component_inflow"] - flows["component_outflow"] - flows["early_retirement"]
    growth = stock.diff("year")
    assert np.allclose(growth, net.sel(year=growth["year"]))
    assert (mc["component_inflow"] >= 0).all()
    assert np.allclose(mc["component_inflow"].sel(component="building"),
                       mc["capacity_additions"].sum("archetype"))


def _scaled(ref, factor):
    doubled = copy.copy(ref)
    doubled.tables = dict(ref.tables)
    paths = ref["electricity_paths"].copy()
    paths["value"] *= factor
    projects = ref["projects"].copy()
    for col in ("capacity_mw", "capex", "capex_usd"):
        projects[col] = projects[col] * factor
    onsite = ref["project_onsite"].copy()
    onsite["capacity"] *= factor
    doubled.tables["electricity_paths"] = paths
    doubled.tables["projects"] = projects
    doubled.tables["project_onsite"] = onsite
    return doubled


def test_doubling_capacity_doubles_every_material_flow(ref):
    one = engine.run(ref, SCENARIO, samples=16, seed=3)
    two = engine.run(_scaled(ref, 2.0), SCENARIO, samples=16, seed=3)
    assert np.allclose(two["capacity"], 2 * one["capacity"])
    assert np.allclose(two["demand"], 2 * one["demand"])
    assert np.allclose(two["eol_outflow"], 2 * one["eol_outflow"])


def test_same_seed_same_numbers_other_seed_other_numbers(ref, mc):
    again = engine.run(ref, SCENARIO, samples=64, seed=7)
    assert np.array_equal(again["demand"].values, mc["demand"].values)
    other = engine.run(ref, SCENARIO, samples=64, seed=8)
    assert not np.array_equal(other["demand"].values, mc["demand"].values)


def test_one_sample_is_the_deterministic_mode(det, ref):
    # the fleet's trajectories (conversion_paths.csv): modes 1.40 and 0.49 in 2024, 1.23 and
    # 0.56 in 2030, linear between the sourced years
    assert float(det["pue_fleet"].sel(year=2024)[0]) == pytest.approx(1.40)
    assert float(det["load_factor"].sel(year=2024)[0]) == pytest.approx(0.49)
    assert float(det["pue_fleet"].sel(year=2027)[0]) == pytest.approx((1.40 + 1.23) / 2)
    assert float(det["load_factor"].sel(year=2030)[0]) == pytest.approx(0.56)


def test_it_capacity_in_2024_matches_the_iea_path(det):
    # 415 TWh / 8760 h / (PUE 1.40 x load factor 0.49) = 69.1 GW of IT capacity
    cap = float(det["capacity"].sel(year=2024).sum())
    assert cap == pytest.approx(415e6 / 8760 / (1.40 * 0.49), rel=0.01)


def test_announced_projects_exceeding_the_path_are_reported_not_hidden(ref):
    big = copy.copy(ref)
    big.tables = dict(ref.tables)
    projects = ref["projects"].copy()
    projects["capacity_mw"] *= 50
    projects["capex_usd"] *= 50
    big.tables["projects"] = projects
    ds = engine.run(big, SCENARIO, samples=1)
    excess = ds["announced_excess"].sum("region")
    assert float(excess.max()) > 0
    # the stock holds every announced MW even where the path has no room for it
    assert (ds["capacity"].sum("archetype") >= ds["announced_capacity"].sum("archetype") - 1e-6
            ).all()


def test_eight_hundred_volt_cohorts_carry_less_copper(ref):
    dc = SCENARIO.model_copy(update={"architecture": {**SCENARIO.architecture,
                                                      "hyperscale_ai": ["dc_800v", "liquid"]}})
    base = engine.run(ref, SCENARIO, samples=1)["demand"].sel(material="copper").sum()
    lower = engine.run(ref, dc, samples=1)["demand"].sel(material="copper").sum()
    assert float(lower) < float(base)


def test_demand_splits_into_growth_and_replacement_and_scrap_into_secondary(mc):
    # the flows count what is inside the fence, like the default demand
    demand = mc["demand"].sel(component=mc["scope"] == "inside_fence").sum("component")
    assert np.allclose(demand, mc["demand_by_boundary"].sel(boundary="facility"))
    assert np.allclose(demand, mc["demand_growth"] + mc["demand_replacement"])
    assert (mc["demand_growth"] >= 0).all() and (mc["demand_replacement"] >= -1e-6).all()
    assert np.allclose(mc["primary_demand"], demand - mc["secondary_supply"])
    # secondary supply is retired material x collection x recovery: never more than retired
    assert (mc["secondary_supply"] >= 0).all()
    assert (mc["secondary_supply"] <= mc["eol_outflow"] + 1e-9).all()
    copper = mc["secondary_supply"].sel(material="copper", year=2035).sum("region")
    assert float(copper.median()) > 0


@pytest.mark.parametrize("intensity_change", [False, True], ids=["terms", "general"])
def test_replacement_and_primary_are_the_facility_less_growth_and_secondary(ref,
                                                                             intensity_change):
    """To the bit, in both tonnes paths (the compiled one writes them per sample)."""
    scenario = SCENARIO
    if intensity_change:
        scenario = scenario.model_copy(update={"intensity_change": IntensityChange(
            from_year=2025, rates={"copper": -0.02}, source="test")})
    ds = engine.run(ref, scenario, samples=6, seed=3)
    facility = ds["demand_by_boundary"].sel(boundary="facility", drop=True)
    np.testing.assert_array_equal(ds["demand_replacement"], facility - ds["demand_growth"])
    np.testing.assert_array_equal(ds["primary_demand"], facility - ds["secondary_supply"])
    assert float(abs(ds["demand_replacement"]).max()) > 0


def test_copper_2030_has_an_interval(ref):
    ds = engine.run(ref, SCENARIO, samples=256, seed=1)
    copper = ds["demand"].sel(material="copper", year=2030).sum(["region", "component"])
    p5, p50, p95 = np.quantile(copper.values, [0.05, 0.5, 0.95])
    assert p5 < p50 < p95


def test_chunking_does_not_change_the_numbers(ref):
    """Same draws whatever the chunks; BLAS may sum in another order for another batch size,
    so the last bits can differ (the same chunks, in process or on Dask, are bit-identical)."""
    p = engine.plan(ref, SCENARIO, samples=40, seed=5)
    whole = engine.assemble(p, chunk=40)
    pieces = engine.assemble(p, chunk=7)
    assert np.array_equal(whole["capacity"], pieces["capacity"])
    for name in ("demand", "secondary_supply", "early_retirement"):
        assert np.allclose(whole[name], pieces[name], rtol=1e-11, atol=1e-9)


def test_latin_hypercube_and_monte_carlo_are_both_reproducible(ref):
    one = engine.run(ref, SCENARIO, samples=32, seed=2, method="lhs")
    two = engine.run(ref, SCENARIO, samples=32, seed=2, method="lhs", chunk=5)
    assert np.array_equal(one["load_factor"].values, two["load_factor"].values)
    assert np.allclose(one["demand"].values, two["demand"].values, rtol=1e-11, atol=1e-9)
    # LHS: each of the 32 strata of the load factor's quantile holds exactly one sample
    from scipy import stats
    lf = one["load_factor"].sel(year=2024).values  # 2024: 0.40 / 0.49 / 0.60
    u = stats.triang.cdf(lf, 0.09 / 0.2, loc=0.4, scale=0.2)
    assert sorted(np.floor(u * 32).astype(int)) == list(range(32))


def test_a_plan_prepares_each_scenario_and_projects_once(ref, monkeypatch):
    """The prepared inputs are kept with the reference data (a server's second run of a
    scenario skips `prepare`); another scenario or other user projects are prepared anew,
    and what a caller does to its plan's inputs does not reach the next."""
    fresh = copy.copy(ref)    # its own derived values
    calls = []
    real = engine.prepare
    monkeypatch.setattr(engine, "prepare", lambda *a: calls.append(a) or real(*a))
    first = engine.plan(fresh, SCENARIO, 4)
    first.prep.mix[:] = -1.0                     # a caller changing what it was given
    second = engine.plan(fresh, SCENARIO, 4)
    assert len(calls) == 1 and (second.prep.mix >= 0).all()
    np.testing.assert_array_equal(second.prep.intensity["mode"],
                                  real(ref, SCENARIO).intensity["mode"])
    engine.plan(fresh, SCENARIO.model_copy(update={"years": (2025, 2030)}), 4)
    projects = ref["projects"].head(2).assign(id=["mine-1", "mine-2"])
    engine.plan(fresh, SCENARIO, 4, extra_projects=projects)
    engine.plan(fresh, SCENARIO, 4, extra_projects=projects)
    assert len(calls) == 3


def test_a_plan_defines_the_parameters_once_per_prepared_scenario(ref, monkeypatch):
    """The parameters (frozen) are shared by the plans of one prepared scenario, not
    defined again; other user projects get their own."""
    fresh = copy.copy(ref)
    calls = []
    real = engine.parameters.define
    monkeypatch.setattr(engine.parameters, "define", lambda prep: calls.append(1) or real(prep))
    first = engine.plan(fresh, SCENARIO, 4)
    mix = next(p for p in first.parameters if p.name == "archetype_mix").distribution
    expected = mix.mean.copy()
    first.prep.mix[:] = -1.0                     # a caller changing its plan's inputs...
    with pytest.raises(ValueError, match="read-only"):
        mix.mean[:] = -1.0                       # ...or the shared parameters
    second = engine.plan(fresh, SCENARIO, 8, seed=1)
    assert len(calls) == 1 and second.parameters is first.parameters
    assert isinstance(first.parameters, tuple)
    np.testing.assert_array_equal(mix.mean, expected)
    projects = ref["projects"].head(1).assign(id=["mine-1"])
    mine = engine.plan(fresh, SCENARIO, 4, extra_projects=projects)
    assert len(calls) == 2
    assert len(mine.parameters) > len(first.parameters)   # the user's project's own


def test_prepared_scenarios_kept_are_bounded(ref, monkeypatch):
    fresh = copy.copy(ref)
    monkeypatch.setattr(engine, "PREPARED_KEPT", 2)
    for end in (2030, 2031, 2032):
        engine.plan(fresh, SCENARIO.model_copy(update={"years": (2025, end)}), 1)
    assert sum(key[0] == "prepared" for key in fresh._derived) == 2


class _Gathered:
    """Chunks returned to the caller and gathered, as a Dask executor's are (no shared
    memory), in this process."""

    slots = 1

    def map_ranges(self, func, shared, ranges):
        for start, stop in ranges:
            yield (start, stop), func(shared, start, stop)


@pytest.mark.parametrize("intensity_change", [False, True], ids=["terms", "general"])
def test_a_plan_for_a_file_stores_its_outputs_as_the_file_keeps_them(ref, intensity_change):
    """A plan for a file (a run that is only written) gives demand by component summed
    over the regions (the same bits as summing the regional array) and what the file keeps
    in float32 as float32 (the same bits as casting the float64 outputs), in both tonnes
    paths and whether chunks are written into the run's arrays or gathered; the derived
    cells of each chunk are taken from its float64 outputs (the same statistics)."""
    from layer0.io.summary import cells
    from layer0.model.executors import InProcess

    scenario = load_scenario("base")
    if intensity_change:   # each cohort's intensity in full: engine._general_tonnes
        scenario = scenario.model_copy(update={"intensity_change": IntensityChange(
            from_year=2025, rates={"copper": -0.02}, source="test")})
    full = engine.plan(ref, scenario, 40, seed=5)
    for_file = dataclasses.replace(full, for_file=True)
    years = [int(y) for y in full.prep.report_years]

    def derive(arrays, start, stop):
        return cells(arrays, years)

    for executor in (InProcess(threads=2), _Gathered()):    # written in place; gathered
        a, a_cells = engine.assemble_with(full, executor, 16, derive)
        b, b_cells = engine.assemble_with(for_file, executor, 16, derive)
        assert a.keys() == b.keys() and a_cells.keys() == b_cells.keys()
        for name in a_cells:
            assert np.array_equal(a_cells[name], b_cells[name]), name
        by_region = engine.to_dataset(full, {"demand": a.pop("demand")})["demand"]
        total = by_region.sum("region", skipna=False).to_numpy().astype(np.float32)
        assert np.array_equal(total.view(np.int32), b.pop("demand").view(np.int32))
        for name in a:
            stored = a[name].astype(b[name].dtype)
            assert b[name].dtype == (np.float32 if name in engine.FILE_FLOAT32 else np.float64)
            assert np.array_equal(stored, b[name]), name
    ds = engine.to_dataset(for_file, engine.assemble(for_file, chunk=16))
    assert ds["demand"].dims == ("sample", "year", "component", "material")


def test_growth_is_the_rise_from_the_year_before():
    rng = np.random.default_rng(0)
    stock = rng.uniform(-5, 10, (3, 12, 2, 4)).cumsum(axis=1)       # rises and falls
    expected = np.maximum(np.diff(stock, axis=1, prepend=stock[:, :1]), 0.0)
    np.testing.assert_array_equal(engine._growth(stock), expected)
    assert (engine._growth(stock)[:, 0] == 0).all() and (expected > 0).any()
