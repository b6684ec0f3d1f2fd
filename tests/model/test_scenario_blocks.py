"""Built-in scenarios and what each scenario block does to a run of the model."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from layer0 import reference
from layer0.io.scenarios import builtin_names, load_scenario
from layer0.model import cohorts, engine, parameters
from layer0.model.stock import inflow_driven
from layer0.services.inputs import load_inputs
from layer0.settings import Settings

BUILT_IN = ["announced_only", "base", "dc800v_fast", "headwinds", "lift_off", "no_recycling"]
SAMPLES = 120
BASE_TEXT = (reference.data_dir() / "scenarios" / "base.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def runs(ref):
    return {name: engine.run(ref, load_scenario(name), samples=SAMPLES, seed=3)
            for name in BUILT_IN}


def _cumulative(ds, material, var="demand"):
    da = ds[var].sel(material=material, year=slice(2025, 2035))
    return da.sum([d for d in da.dims if d != "sample"]).to_numpy()


DROP = object()


def _variant(tmp_path, name: str, **changes) -> str:
    """base.yaml with top-level keys replaced (DROP deletes), written as a new file."""
    data = yaml.safe_load(BASE_TEXT)
    data["name"] = name
    for key, value in changes.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def _run(ref, path, samples=SAMPLES, seed=3, projects=None):
    inputs = load_inputs(Settings.from_environment(), path, projects)
    return engine.run(ref, inputs.scenario, samples=samples, seed=seed,
                      extra_projects=inputs.extra_projects)


def test_the_six_built_in_scenarios_load_and_carry_sources(ref):
    assert builtin_names() == BUILT_IN
    for name in BUILT_IN:
        s = load_scenario(name)
        assert s.name == name and s.title and s.description
        for spec in s.adoption.values():
            assert spec.source.strip()
        if s.announced.completion_probability:
            assert s.announced.source


def test_lift_off_above_base_above_headwinds_in_cumulative_copper(runs):
    lift, base, head = (_cumulative(runs[n], "copper") for n in ("lift_off", "base",
                                                                 "headwinds"))
    assert np.median(lift) > np.median(base) > np.median(head)
    # paired by sample (same streams): the ordering holds draw by draw, not only at the median
    assert (lift > base).mean() > 0.95 and (base > head).mean() > 0.95


def test_dc800v_fast_cuts_copper_and_leaves_steel(runs):
    fast, base = runs["dc800v_fast"], runs["base"]
    cu_fast, cu_base = _cumulative(fast, "copper"), _cumulative(base, "copper")
    assert np.all(cu_fast <= cu_base + 1e-6) and np.median(cu_base - cu_fast) > 0
    np.testing.assert_allclose(_cumulative(fast, "steel"), _cumulative(base, "steel"),
                               rtol=1e-12)
    # only the power components change
    by_component = (base["demand"] - fast["demand"]).sel(material="copper").sum(
        ["sample", "year", "region"])
    changed = set(by_component["component"][np.abs(by_component) > 1e-6].to_numpy())
    assert changed == {"power_distribution", "rack_power"}


def test_no_recycling_has_zero_secondary_supply(runs):
    ds = runs["no_recycling"]
    assert float(np.abs(ds["secondary_supply"]).max()) == 0.0
    total = ds["demand_by_boundary"].sel(boundary="facility")
    np.testing.assert_allclose(ds["primary_demand"], total, rtol=1e-12)
    assert float(runs["base"]["secondary_supply"].sum()) > 0


def test_announced_only_equals_the_registry_capacity(ref, runs):  # the project registry
    ds = runs["announced_only"]
    np.testing.assert_allclose(ds["capacity"], ds["announced_capacity"], rtol=0, atol=1e-9)
    assert float(np.abs(ds["unannounced_capacity"]).max()) < 1e-9
    p = engine.plan(ref, load_scenario("announced_only"), samples=SAMPLES, seed=3)
    assert p.prep.projects["full_year"].max() <= 2035  # every project is complete by 2035
    from layer0.model.sampling import quantiles

    d = parameters.draw(p.prep, p.parameters, quantiles(p.parameters, 3, SAMPLES), False)
    registry_mw = d.project_it.sum(axis=1)
    np.testing.assert_allclose(ds["capacity"].sel(year=2035).sum(["region", "archetype"]),
                               registry_mw, rtol=1e-12)


def _user_project(tmp_path):
    """300 MW IT, announced, ramping linearly 2027-2029."""
    projects = tmp_path / "mine.csv"
    projects.write_text(
        "id,operator,name,region,announced_date,capex,capex_currency,capex_scope,capacity_mw,"
        "capacity_basis,status,first_year,full_year,archetype,source_id,quality,note\n"
        "mine,Me,My campus,US-AZ,2026-01-15,,,,300,it,announced,2027,2029,hyperscale_ai,"
        "https://example.org,SEC,\n", encoding="utf-8")
    return projects


def test_announced_only_ramps_a_user_project_exactly(ref, tmp_path):
    projects = _user_project(tmp_path)
    path = _variant(tmp_path, "mine_only", demand_path=None, adoption=DROP,
                    announced={"include": False})
    ds = _run(ref, path, samples=1, projects=projects)
    cap = ds["capacity"].sum(["region", "archetype"]).isel(sample=0)
    assert [round(float(cap.sel(year=y)), 9) for y in (2026, 2027, 2028, 2029, 2035)] == \
        [0.0, 100.0, 200.0, 300.0, 300.0]


def test_completion_probability_builds_that_share_of_projects(ref, tmp_path):
    never = _variant(tmp_path, "never", announced={
        "completion_probability": {s: 0 for s in ("announced", "under_construction",
                                                  "partially_operating")},
        "source": "test"})
    ds = _run(ref, never, samples=20)
    operating = ref["projects"][ref["projects"]["status"] == "operating"]
    assert len(operating) > 0
    p = engine.plan(ref, load_scenario(never), samples=1)
    built = p.prep.projects["status"] == "operating"
    assert float(ds["announced_capacity"].sel(year=2035).sum(["region", "archetype"]).max()) > 0
    half = _variant(tmp_path, "half", announced={
        "completion_probability": {"announced": 0.5, "under_construction": 0.5,
                                   "partially_operating": 0.5}, "source": "test"})
    p = engine.plan(ref, load_scenario(half), samples=4000, seed=1)
    from layer0.model.sampling import quantiles

    d = parameters.draw(p.prep, p.parameters, quantiles(p.parameters, 1, 4000), False)
    share = d.completed[:, ~built.to_numpy()].mean(axis=0)
    assert np.all(np.abs(share - 0.5) < 0.04), share


def test_slippage_shifts_the_ramp_by_its_years(ref, tmp_path):
    projects = _user_project(tmp_path)
    late = _variant(tmp_path, "late", demand_path=None, adoption=DROP, announced={
        "include": False, "slippage_years": {"announced": 2}, "source": "test"})
    cap = _run(ref, late, samples=1, projects=projects)["capacity"].sum(
        ["region", "archetype"]).isel(sample=0)
    assert [round(float(cap.sel(year=y)), 9) for y in (2028, 2029, 2030, 2031, 2035)] == \
        [0.0, 100.0, 200.0, 300.0, 300.0]
    # base: slippage is drawn per project, and delays the announced capacity in 2028
    ds = _run(ref, "base", samples=40)
    on_time = _variant(tmp_path, "on_time", announced={"include": True})
    ds0 = _run(ref, on_time, samples=40)
    assert float(ds["announced_capacity"].sel(year=2028).sum()) < float(
        ds0["announced_capacity"].sel(year=2028).sum())


def test_cohort_path_equals_the_fast_path_when_nothing_changes(ref, tmp_path):
    """An adoption with ceiling 0 takes the cohort code path but must change nothing."""
    flat = _variant(tmp_path, "flat", adoption={"dc_800v": {
        "applies_to": ["hyperscale_ai"], "midpoint": 2030, "steepness": 1, "ceiling": 0,
        "source": "test"}})
    plain = _variant(tmp_path, "plain", adoption=DROP)
    a, b = _run(ref, flat, samples=40), _run(ref, plain, samples=40)
    assert load_scenario(flat).adoption and not load_scenario(plain).adoption
    for var in ("demand", "demand_growth", "eol_outflow", "secondary_supply"):
        np.testing.assert_allclose(a[var], b[var], rtol=1e-9, atol=1e-6)


def test_a_retired_cohort_carries_the_intensity_it_was_built_with():
    """Known answer: one cohort enters in year 2 at k = 5 t/MW, lives exactly 3 years, and
    leaves in year 5 with 5 t/MW although new cohorts then carry 1 t/MW."""
    years, ages = 8, 8
    survival = np.zeros((1, ages))
    survival[0, :3] = 1.0
    inflow = np.zeros((1, years, 1, 1, 1))
    inflow[0, 2] = 10.0
    k = np.ones((1, years, 1, 1, 1))
    k[0, 2] = 5.0
    retired_mw = np.zeros_like(inflow)
    retired_mw[0, :, 0, 0, 0] = inflow_driven(inflow[:, :, 0, 0, :].transpose(0, 2, 1),
                                              survival).outflow[0, 0]
    out = cohorts.retired_material(inflow, retired_mw, k, [survival], np.array([[0]]))
    assert out[0, :, 0, 0, 0].tolist() == [0, 0, 0, 0, 0, 50.0, 0, 0]


def test_logistic_is_half_the_ceiling_at_the_midpoint():
    share = cohorts.logistic(np.array([2020, 2030, 2040]), [2030], [0.8], [0.6])
    assert share[0, 1] == pytest.approx(0.3)
    assert share[0, 0] < 0.001 and share[0, 2] > 0.599


def test_intensity_change_scales_new_cohorts_exactly(ref, tmp_path):
    thrift = _variant(tmp_path, "thrift", adoption=DROP, intensity_change={
        "from_year": 2025, "rates": {"copper": -0.02}, "source": "test"})
    plain = _variant(tmp_path, "plain2", adoption=DROP)
    # dated at energisation (no lead times), a cohort of 2030 carries exactly 0.98^5
    at_energisation = copy.copy(ref)
    at_energisation.tables = {**ref.tables, "lead_times": ref["lead_times"].assign(
        low=0.0, mode=0.0, high=0.0)}
    a, b = (_run(at_energisation, path, samples=30) for path in (thrift, plain))
    ratio = (a["demand"].sel(material="copper").sum(["region", "component"])
             / b["demand"].sel(material="copper").sum(["region", "component"]))
    np.testing.assert_allclose(ratio.sel(year=2030), 0.98 ** 5, rtol=1e-9)
    np.testing.assert_allclose(ratio.sel(year=2025), 1.0, rtol=1e-9)
    np.testing.assert_allclose(a["demand"].sel(material="steel"),
                               b["demand"].sel(material="steel"), rtol=1e-12)


def test_conversion_and_a_power_path_set_capacity(ref, tmp_path):
    own = _variant(tmp_path, "own_path", adoption=DROP, announced={"include": False},
                   demand_path={"unit": "GW", "source": "test",
                                "values": {"WORLD": {2015: 50, 2035: 200}}})
    ds = _run(ref, own, samples=3)
    cap = ds["capacity"].sum(["region", "archetype"])
    np.testing.assert_allclose(cap.sel(year=2035), 200_000, rtol=1e-12)
    np.testing.assert_allclose(cap.sel(year=2025), 50_000 * 4 ** 0.5, rtol=1e-9)
    fixed = _variant(tmp_path, "fixed_pue", adoption=DROP, announced={"include": False},
                     conversion={"pue": 1.25, "load_factor": 0.5, "source": "test"})
    ds = _run(ref, fixed, samples=3)
    twh_2030 = float(ref["electricity_paths"].query(
        "path == 'iea_base' and region == 'WORLD' and year == 2030")["value"].iloc[0])
    regional = ds["capacity"].sum(["region", "archetype"]).sel(year=2030)
    # the regional paths sum to the world value within the sources' rounding
    np.testing.assert_allclose(regional, twh_2030 * 1e6 / 8760 / (1.25 * 0.5), rtol=0.01)


def test_recycling_rates_and_lifetimes_override_the_tables(ref, tmp_path):
    none_but_copper = _variant(tmp_path, "rec", adoption=DROP, recycling={
        "rates": {"*": {"collection": 0, "recovery": 0},
                  "copper": {"collection": 1, "recovery": 1}}, "source": "test"})
    ds = _run(ref, none_but_copper, samples=10)
    sec = ds["secondary_supply"].sum(["region"])
    np.testing.assert_allclose(sec.sel(material="copper"),
                               ds["eol_outflow"].sum("region").sel(material="copper"))
    assert float(np.abs(sec.sel(material="steel")).max()) == 0
    short = _variant(tmp_path, "short", adoption=DROP, lifetimes={
        "median_years": {"it_compute": 2}, "source": "test"})
    long = _variant(tmp_path, "long", adoption=DROP, lifetimes={
        "median_years": {"it_compute": 8}, "source": "test"})
    rep_short, rep_long = (_cumulative(_run(ref, p, samples=10), "copper", "demand_replacement")
                           for p in (short, long))
    assert np.all(rep_short > rep_long)


def test_archetype_mix_override(ref, tmp_path):
    all_ai = _variant(tmp_path, "all_ai", adoption=DROP, archetype_mix={
        "shares": {"hyperscale_ai": 1, "hyperscale_cloud": 0, "colocation": 0,
                   "enterprise": 0}, "source": "test"})
    ds = _run(ref, all_ai, samples=5)
    unannounced = ds["capacity"] - ds["announced_capacity"]
    by = unannounced.sel(year=2035).sum("region")
    assert float(by.sel(archetype="enterprise").max()) == 0
    assert float(by.sel(archetype="hyperscale_ai").min()) > 0


def test_headwinds_reports_announcements_beyond_the_path(runs):
    """Announced projects are never scaled down; where they outgrow a lower path the excess
    is reported."""
    assert float(runs["headwinds"]["announced_excess"].sum()) > float(
        runs["base"]["announced_excess"].sum())
