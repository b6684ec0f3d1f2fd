"""The engine's compiled loops (model/kernels.py) against the numpy models they replace:
the stock-driven cohort model (stock.stock_driven) and the lead-time dating
(leads.bought). The tonnes loop is held to the engine's general path in test_terms.py."""

from __future__ import annotations

import numpy as np
import pytest

from layer0.model import kernels, leads
from layer0.model.engine import _by_column
from layer0.model.lifetimes import Lifetime
from layer0.model.stock import stock_driven


def _problem(seed: int, samples=5, years=14, regions=3, components=3, archetypes=2,
             base_ages=30, least_growth=0.0):
    rng = np.random.default_rng(seed)
    # stocks that grow, stall and shrink (some faster than their cohorts retire)
    steps = rng.normal(0.05, 0.25, (samples, years, regions, components, archetypes))
    served = 100 * np.exp(np.cumsum(steps, axis=1))
    served[:, :, 0, 0, 0] = 0.0                                  # an empty row
    served[1, :, 1, 1, 0] = 0.0                # empty in one sample only (one lane of many)
    rows = 4
    survival = np.stack([Lifetime("weibull", rng.uniform(2, 15, samples),
                                  rng.uniform(16, 30, samples)).survival_by_age(
                                      years + base_ages - 1) for _ in range(rows)])
    lifetime_row = rng.integers(0, rows, (components, archetypes))
    # the rate the base grew at before the start: a negative one (a shrinking base) takes
    # the kernel's other way of summing it
    kinds = np.stack([np.zeros(regions), rng.uniform(least_growth, 0.3, regions)])
    kind = np.array([1, 0, 1])
    return served, survival, lifetime_row, kinds, kind


@pytest.mark.parametrize("seed, samples, least_growth, archetypes, shared",
                         [(0, 5, 0.0, 2, False), (1, 5, 0.0, 2, False), (2, 5, 0.0, 2, False),
                          (3, 2 * kernels.LANES + 3, 0.0, 2, False), (4, 5, -0.3, 2, False),
                          (5, 5, 0.0, 4, False), (6, 5, 0.0, 2, True)])
def test_flows_are_the_stock_driven_model_of_every_row(seed, samples, least_growth,
                                                       archetypes, shared):
    """Inflow and what retires (outflow + early) per row, outflow and early retirement
    apart in their sums over the archetypes (what the run keeps of them); fewer samples
    than the kernel's lanes, and several blocks of them with a part-filled last one; the
    model's four archetypes (summed in one pass) and another number of them; two
    components serving one driver's stock (as the twelve IT components do), each with its
    own lifetimes."""
    served, survival, lifetime_row, kinds, kind = _problem(seed, samples,
                                                           least_growth=least_growth,
                                                           archetypes=archetypes)
    if least_growth < 0:
        assert (kinds < 0).any()
    driver_of, drivers = np.arange(served.shape[3]), served
    if shared:     # components 0 and 1 serve driver 0; driver 1's stock is 1e9x larger, so
        #            its tolerance, taken for driver 0's rows, would let them shrink unseen
        served[:, :, :, 1] = served[:, :, :, 0]
        served[:, :, :, 2] *= 1e9
        driver_of, drivers = np.array([0, 0, 1]), served[:, :, :, [0, 2]]
        assert (lifetime_row[0] != lifetime_row[1]).any()
    by_column = (served.shape[0], *served.shape[3:], *served.shape[1:3])   # [S, C, A, Y, R]
    inflow, retired = (np.full(by_column, np.nan) for _ in range(2))
    sums = np.full((3, served.shape[0], served.shape[1] - 2, *served.shape[2:4]), np.nan)
    kernels.flows(_by_column(drivers), driver_of, survival, lifetime_row,
                  kinds, kind, 2, inflow, retired, *sums)
    inflow, retired = (x.transpose(0, 3, 4, 1, 2) for x in (inflow, retired))
    n_s, n_y, n_r, n_c, n_a = served.shape
    early_rows = 0
    expected_sums = np.zeros_like(sums)
    for c in range(n_c):
        for a in range(n_a):
            expected = stock_driven(served[:, :, :, c, a].transpose(0, 2, 1),
                                    survival[lifetime_row[c, a]], kinds[kind[c]])
            flows = [f.transpose(0, 2, 1) for f in (expected.inflow, expected.outflow,
                                                     expected.early_retirement)]
            scale = served[:, :, :, c, a].max()
            for ours, theirs in ((inflow, flows[0]), (retired, flows[1] + flows[2])):
                np.testing.assert_allclose(ours[:, :, :, c, a], theirs, rtol=1e-9,
                                           atol=1e-9 * scale)
            for i, flow in enumerate(flows):               # years 2 .. end
                expected_sums[i, :, :, :, c] += flow[:, 2:]
            early_rows += int((expected.early_retirement > 0).any(axis=-1).sum())
    assert early_rows > 5                      # the shrinking rows were exercised
    np.testing.assert_allclose(sums, expected_sums, rtol=1e-9, atol=1e-9 * served.max())
    np.testing.assert_allclose(sums[0], inflow[:, 2:].sum(axis=-1), rtol=1e-14, atol=0)
    # the balance holds in every row and year
    before = np.concatenate([served[:, :1], served[:, :-1]], axis=1)
    np.testing.assert_allclose(served - before, inflow - retired, atol=1e-9 * served.max())


def test_flows_reject_a_lifetime_shorter_than_half_a_year():
    served, survival, lifetime_row, kinds, kind = _problem(0)
    survival[:, :, 0] = 0.0
    with pytest.raises(ValueError, match="first half year"):
        kernels.flows(_by_column(served), np.arange(served.shape[3]), survival, lifetime_row,
                      kinds, kind, 1, *(_by_column(served).copy() for _ in range(2)),
                      *np.empty((3, served.shape[0], served.shape[1] - 1, *served.shape[2:4])))


def test_bought_terms_are_the_lead_time_dating():
    """Lead 0, whole, fractional and beyond the horizon, against leads.bought, in every
    region; with an adoption column, the share is that of the cohort energised (not
    bought) that year; a column no weight uses (UNUSED) is zero."""
    rng = np.random.default_rng(0)
    n_y, n_r, n_a = 9, 2, 3
    mw = rng.uniform(0, 1, (n_y, n_r, n_a))
    share = rng.uniform(0, 1, (1, 1, n_y))
    archetype_of = np.array([0, 1, 2, 1, 2])
    adoption_of = np.array([-1, -1, -1, 0, kernels.UNUSED])
    for lead in (0.0, 2.0, 1.3, 7.6, 12.0):
        out = np.full((5, n_y - 1, n_r), np.nan)
        kernels._bought_terms(np.ascontiguousarray(mw.transpose(2, 0, 1)), 1,   # [A, Y, R]
                              int(np.floor(lead)), lead - np.floor(lead), share, 0,
                              archetype_of, adoption_of, out)
        for r in range(n_r):
            x = mw[:, r]
            columns = np.concatenate([x, x[:, 1:2] * share[0, 0][:, None]], axis=1)
            expected = leads.bought(columns[None, :, None, None, :], np.array([[lead]]))
            np.testing.assert_allclose(out[:4, :, r].T, expected[0, 1:, 0, 0], rtol=1e-12,
                                       atol=0)
        assert np.all(out[4] == 0.0)


def test_the_warm_up_compiles_what_the_engine_calls(ref):
    """Every argument type the engine passes was compiled by kernels.warm_up (what the test
    session and a fresh install run first), so no run compiles on its first call."""
    from layer0.io.scenarios import load_scenario
    from layer0.model import engine

    kernels.warm_up()
    compiled = {f: len(f.signatures) for f in (kernels.flows, kernels.tonnes, kernels.announced)}
    for name in ("base", "announced_only"):
        p = engine.plan(ref, load_scenario(name), 3, seed=0)
        engine.compute_range(p, 0, 3)
        engine.compute_range(p, 0, 3, per_component=False)
    assert {f: len(f.signatures) for f in compiled} == compiled


def test_flows_refuse_arrays_whose_shapes_disagree():
    """The compiled loops index without bounds checks: a stock laid out in another order
    (years where the drivers should be) would write past the buffers; it is refused."""
    served, survival, lifetime_row, kinds, kind = _problem(0)
    n_s, n_y, n_r, n_c, n_a = served.shape
    outputs = [np.empty((n_s, n_c, n_a, n_y, n_r)) for _ in range(2)]
    sums = np.empty((3, n_s, n_y - 1, n_r, n_c))
    with pytest.raises(ValueError, match="shapes do not agree"):
        kernels.flows(np.ascontiguousarray(served), np.arange(n_c), survival, lifetime_row,
                      kinds, kind, 1, *outputs, *sums)
    with pytest.raises(ValueError, match="shapes do not agree"):
        kernels.flows(_by_column(served), np.arange(n_c), survival, lifetime_row, kinds,
                      kind, 1, *outputs, *np.empty((3, n_s, n_y - 1, n_r + 1, n_c)))


@pytest.mark.parametrize("slipped", [False, True])
def test_announced_adds_each_projects_ramp(slipped):
    """kernels.announced (buildout.announced_capacity's loop) against buildout.ramp in
    numpy, project after project: ramps that start before, inside and after the years,
    fractional slippage, several projects in one region and archetype; to the bit."""
    from layer0.model import buildout

    rng = np.random.default_rng(4)
    n_s, n_p, years = 7, 9, np.arange(2020, 2036)
    regions, archetypes = ["US", "EU", "CN"], ["a", "b"]
    first = rng.integers(2015, 2038, n_p)
    projects = [{"first_year": int(f), "full_year": int(f + rng.integers(0, 4)),
                 "path_region": regions[rng.integers(0, 2)], "archetype": archetypes[i % 2]}
                for i, f in enumerate(first)]
    capacity = rng.uniform(0, 500, (n_s, n_p))
    delay = rng.uniform(0, 3, (n_s, n_p)) if slipped else None
    ours = buildout.announced_capacity(projects, capacity, years, regions, archetypes, delay)
    expected = np.zeros_like(ours)
    for p, row in enumerate(projects):
        slip = 0.0 if delay is None else delay[:, p]
        share = buildout.ramp(row["first_year"] + slip, row["full_year"] + slip, years)
        r, a = regions.index(row["path_region"]), archetypes.index(row["archetype"])
        expected[:, :, r, a] += capacity[:, p, None] * share
    np.testing.assert_array_equal(ours, expected)
    assert 0 < (ours > 0).mean() < 1 and (ours[:, :, 2] == 0).all()


def test_announced_refuses_a_region_outside_the_array():
    with pytest.raises(ValueError, match="shapes do not agree"):
        kernels.announced(np.ones(1), np.ones(1), np.array([3]), np.array([0]),
                          np.ones((2, 1)), np.zeros((2, 1)), np.arange(4.0),
                          np.zeros((2, 4, 3, 1)))


def _tonnes_arguments(s=2, y=4, r=2, c=2, a=1, m=3, ages=6):
    """Arguments kernels.tonnes accepts (the shapes kernels.warm_up compiles), by name."""
    mw = np.ones((s, c, a, y, r))
    return dict(
        inflow=mw, served=np.ones((s, 1, a, y, r)), driver_of=np.zeros(c, dtype=np.int64),
        retired_mw=mw, failed=np.ones((s, a, y, r)), shares=np.ones((1, s, y)),
        archetype_of=np.array([0, 0], dtype=np.int64),
        adoption_of=np.array([-1, 0], dtype=np.int64), w=np.ones((s, c + 1, a + 1, m)),
        lead=np.zeros((s, c + 1)), scope_of=np.zeros(c + 1, dtype=np.int64),
        inside=np.ones(c + 1, dtype=np.bool_), made=np.ones((s, c + 1, m)),
        rate=np.ones((s, c + 1, m)), survival=np.full((1, s, ages), 0.9),
        lifetime_row=np.zeros((c, a), dtype=np.int64), it=0, first=1,
        demand=np.empty((s, y - 1, r, c, m)), boundary=np.empty((s, y - 1, r, 3, m)),
        **{k: np.empty((s, y - 1, r, m)) for k in ("grown", "retired", "secondary",
                                                 "manufacturing", "replaced", "primary")})


def test_tonnes_refuse_a_survival_table_shorter_than_the_years():
    """A survival table with fewer ages than years (or of other samples) would be read
    past its end (no bounds checks): refused; the same arguments with a full table run."""
    kernels.tonnes(**_tonnes_arguments())
    for survival in (np.full((1, 2, 3), 0.9), np.full((1, 3, 6), 0.9)):
        with pytest.raises(ValueError, match="shapes do not agree"):
            kernels.tonnes(**{**_tonnes_arguments(), "survival": survival})


def test_survival_tables_stop_where_no_cohort_survives_and_the_flows_do_not_change():
    """engine._survival_tables computes a curve past the model's years only until no
    sample's cohort survives (zero after): equal to the full table there and over the
    years, and kernels.flows gives the same flows, to the bit, as with the full table
    (ages past a cohort's survival are never read)."""
    from layer0.model.engine import _survival_tables

    served, _, lifetime_row, kinds, kind = _problem(6, samples=kernels.LANES + 5, years=14,
                                                    base_ages=40)
    rng = np.random.default_rng(6)
    n_s, n_y = served.shape[:2]
    n_ages = n_y + 40 - 1
    lifetimes = [Lifetime("weibull", rng.uniform(1.5, 4, n_s), rng.uniform(5, 6, n_s)),
                 Lifetime("lognormal", rng.uniform(3, 8, n_s), rng.uniform(9, 15, n_s)),
                 Lifetime("weibull", rng.uniform(20, 30, n_s), rng.uniform(40, 60, n_s)),
                 Lifetime("weibull", rng.uniform(2, 3, n_s), rng.uniform(3.5, 4, n_s))]
    short = _survival_tables(lifetimes, n_s, n_ages, n_y)
    full = np.stack([lt.survival_by_age(n_ages) for lt in lifetimes])
    kept = short != 0
    assert np.array_equal(short[kept], full[kept])
    assert (full[~kept] < kernels.ALIVE).all() and np.array_equal(short[:, :, :n_y],
                                                                   full[:, :, :n_y])
    assert (~kept[:, :, n_y:]).any()                    # some curves stopped early
    by_column = (n_s, *served.shape[3:], *served.shape[1:3])
    results = []
    for survival in (short, full):
        flowed = [np.empty(by_column) for _ in range(2)]
        sums = np.empty((3, n_s, n_y - 2, *served.shape[2:4]))
        kernels.flows(_by_column(served), np.arange(served.shape[3]), survival,
                      lifetime_row, kinds, kind, 2, *flowed, *sums)
        results.append([*flowed, *sums])
    for ours, theirs in zip(*results, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_capacity_split_is_numpys_split_to_the_bit():
    """buildout.capacity_stock's compiled pass against the numpy expression it replaced:
    the path's room above the announced kept from year to year and split by the mix, the
    announced above the path (beyond float noise) as excess; paths that fall, announced
    above them, ties, no announced, a mix broadcast from one sample."""
    from layer0.model import buildout

    rng = np.random.default_rng(7)
    s, y, r, a = 6, 12, 3, 4
    total = np.cumsum(rng.normal(10, 30, (s, y, r)), axis=1) + 200       # rises and falls
    announced = rng.uniform(0, 80, (s, y, r, a)) * (rng.uniform(size=(s, y, r, a)) < 0.6)
    announced[0, :, 0] = 0.0                                             # none at all
    announced[1, 3:, 1] = total[1, 3:, 1, None] / a                      # exactly the path
    mix = rng.dirichlet(np.ones(a), (1, y))                              # [1, Y, A]
    stock, excess = buildout.capacity_stock(total, announced, mix)
    at = announced.sum(axis=-1)
    unannounced = np.maximum.accumulate(np.maximum(total - at, 0.0), axis=1)
    over = at + unannounced - total
    np.testing.assert_array_equal(excess, np.where(over > 1e-6 * total, over, 0.0))
    np.testing.assert_array_equal(stock, announced + unannounced[..., None] * mix[:, :, None])
    assert (excess > 0).any() and (excess == 0).any()


def test_streamed_outputs_are_the_sums_laid_out_whole():
    """The outputs written with non-temporal stores (by material, less a sum, by boundary)
    are numpy's transposes of the sums, every element of each written: the outputs start
    as NaN, so a skipped or misplaced store shows."""
    rng = np.random.default_rng(0)
    n_report, n_r, n_m, n_b = 4, 3, 5, 2
    summed = rng.uniform(0, 1, (n_m, n_report * n_r))
    less = rng.uniform(0, 1, (n_m, n_report * n_r))
    by_scope = rng.uniform(0, 1, (n_b, n_m, n_report * n_r))
    laid_out = summed.T.reshape(n_report, n_r, n_m)
    out = np.full((n_report, n_r, n_m), np.nan)
    kernels._by_material(summed, out)
    np.testing.assert_array_equal(out, laid_out)
    out[:] = np.nan
    kernels._by_material(summed, out, less)
    np.testing.assert_array_equal(out, laid_out - less.T.reshape(n_report, n_r, n_m))
    boundary = np.full((n_report, n_r, n_b, n_m), np.nan)
    kernels._by_boundary(by_scope, boundary)
    np.testing.assert_array_equal(boundary,
                                  by_scope.transpose(2, 0, 1).reshape(n_report, n_r, n_b, n_m))
    target = np.full((7, n_m * n_r), np.nan)
    source = rng.uniform(0, 1, (n_m * n_r, kernels.LANES))
    kernels._transpose_into(source, 2, 3, target)
    np.testing.assert_array_equal(target[2:5], source[:, :3].T)
    assert np.isnan(target[[0, 1, 5, 6]]).all()           # rows outside s0 .. s0 + nb
