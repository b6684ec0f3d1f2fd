"""The whole campus: system boundaries, on-site generation and batteries, manufacturing input,
IT failures, and both families of copper evidence in the sampled intensity."""

from __future__ import annotations

import numpy as np
import pytest

from layer0.io.scenarios import load_scenario
from layer0.model import engine
from layer0.supply.coverage import facility_samples

SCENARIO = load_scenario("base")


def _with(ref, **tables):
    return ref.__class__(tables={**ref.tables, **tables}, version=ref.version,
                         directory=ref.directory)


@pytest.fixture(scope="module")
def mc(ref):
    return engine.run(ref, SCENARIO, samples=48, seed=5)


def test_each_boundary_holds_the_one_inside_it(mc):
    by = mc["demand_by_boundary"]
    assert list(by["boundary"].to_numpy()) == ["facility", "campus", "grid"]
    facility, campus, grid = (by.sel(boundary=b) for b in ("facility", "campus", "grid"))
    assert (campus >= facility - 1e-9).all() and (grid >= campus - 1e-9).all()
    # the grid boundary is every component
    np.testing.assert_allclose(grid, mc["demand"].sum("component"), rtol=1e-12)


def test_campus_lithium_includes_the_batteries(mc):
    lithium = mc["demand_by_boundary"].sel(material="lithium", year=2030).sum("region")
    battery = mc["demand"].sel(material="lithium", year=2030, component="campus_battery")
    assert float(battery.sum("region").median()) > 0
    gap = lithium.sel(boundary="campus") - lithium.sel(boundary="facility")
    np.testing.assert_allclose(gap, battery.sum("region"), rtol=1e-9)


def test_a_projects_own_plant_counts_in_its_campus_not_its_facility(ref):
    plain = engine.run(ref, SCENARIO, samples=1)
    none = _with(ref, project_onsite=ref["project_onsite"].iloc[0:0])
    without = engine.run(none, SCENARIO, samples=1)
    copper = {name: ds["demand_by_boundary"].sel(material="copper").sum(["region", "year"])
              for name, ds in (("plain", plain), ("without", without))}
    np.testing.assert_allclose(copper["plain"].sel(boundary="facility"),
                               copper["without"].sel(boundary="facility"), rtol=1e-12)
    assert float(copper["plain"].sel(boundary="campus").sum()) > \
        float(copper["without"].sel(boundary="campus").sum())


def test_manufacturing_input_is_reported_beside_embedded_demand(mc):
    gallium = mc["manufacturing_input"].sel(material="gallium").sum(["region", "year"])
    embedded = mc["demand"].sel(material="gallium").sum(["region", "year", "component"])
    assert (gallium > 1.5 * embedded).all()        # fabs consume several times what ships
    copper = mc["manufacturing_input"].sel(material="copper")
    facility = mc["demand_by_boundary"].sel(material="copper", boundary="facility")
    np.testing.assert_allclose(copper, facility, rtol=1e-9)  # no row: no loss known; facility


def test_a_components_own_manufacturing_row_wins_over_the_any_row(ref):
    from layer0.model.prepare import prepare

    prep = prepare(ref, SCENARIO)
    m = prep.manufacturing["mode"]
    gallium, indium = prep.materials.index("gallium"), prep.materials.index("indium")
    network, compute = prep.components.index("it_network"), prep.components.index("it_compute")
    assert m[gallium, network] == 6 and m[indium, compute] == 1.2   # not the `any` rows' 4, 3.3
    assert m[gallium, compute] == 4                                  # the `any` row elsewhere


def test_failed_boards_are_replaced_on_top_of_the_refresh(ref):
    no_failures = ref["parameters"].copy()
    rows = no_failures["name"] == "it_failure_rate"
    no_failures.loc[rows, ["low", "mode", "high"]] = 0.0
    base = engine.run(ref, SCENARIO, samples=1)
    none = engine.run(_with(ref, parameters=no_failures), SCENARIO, samples=1)
    assert float(base["failure_replacement"].sum()) > 0 == float(none["failure_replacement"].sum())
    gold = {n: float(ds["demand"].sel(component="it_compute", material="gold").sum())
            for n, ds in (("base", base), ("none", none))}
    assert gold["base"] > gold["none"]


def test_copper_intensity_spans_the_bottom_up_and_the_published_totals(ref):
    mw, per_mw, _ = facility_samples(ref, SCENARIO, "copper", None, 1000.0, "hyperscale_ai",
                                     "facility", 2000, 0)
    p5, p95 = np.quantile(per_mw, [0.05, 0.95])
    assert p5 < 15 and p95 > 30          # bottom-up ~14-17 t/MW; S&P 30-47 t/MW
    # about half the draws follow each family (intensity_evidence_published 0.5)
    assert 0.35 < np.mean(per_mw > 25) < 0.65
