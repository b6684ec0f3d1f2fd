"""Known answers and invariants of the cohort stock models."""

import numpy as np
import pytest

from layer0.model.lifetimes import Lifetime
from layer0.model.stock import inflow_driven, stock_driven


def survival(family="fixed", t50=5.0, ratio=1.0, ages=200):
    return Lifetime(family, t50, t50 * ratio).survival_by_age(ages)[None]


def test_constant_stock_with_fixed_lifetime_needs_stock_over_lifetime_each_year():
    flows = stock_driven(np.full((1, 1, 30), 100.0), survival(t50=5), np.array([0.0]))
    assert np.allclose(flows.inflow[0, 0, 1:], 20.0)
    assert np.allclose(flows.outflow[0, 0, 1:], 20.0)


def test_fixed_lifetime_gives_exact_replacement_pulses():
    """No initial base: the first year's stock enters at once and is replaced every L years."""
    flows = stock_driven(np.full((1, 1, 16), 90.0), survival(t50=4))
    expected = np.zeros(16)
    expected[::4] = 90.0
    assert np.allclose(flows.inflow[0, 0], expected)


def test_growing_initial_base_has_more_young_cohorts():
    """Stable age structure: a base that grew fast before the start has fewer old units, so
    fewer retire in the first years than in a base that did not grow."""
    stock = np.full((1, 2, 10), 100.0)
    flows = stock_driven(stock, survival(t50=5), np.array([0.0, 0.3]))
    assert flows.outflow[0, 1, 1] < flows.outflow[0, 0, 1]
    # growth g: age-a share ~ exp(-g a); the oldest (age 4) leaves in year 1
    shares = np.exp(-0.3 * np.arange(5)) / np.exp(-0.3 * np.arange(5)).sum()
    assert flows.outflow[0, 1, 1] == pytest.approx(100 * shares[-1])


def test_shrinking_stock_retires_early_and_reports_it():
    stock = np.array([[[100.0, 100, 40, 40, 40, 40, 40, 40]]])
    flows = stock_driven(stock, survival(t50=5), np.array([0.0]))
    assert flows.early_retirement[0, 0, 2] == pytest.approx(40.0)
    assert flows.inflow.min() >= 0.0
    assert np.allclose(flows.early_retirement[0, 0, [0, 1, 3, 4, 5, 6, 7]], 0.0)


def test_early_retirement_takes_the_oldest_cohorts_first():
    """A three-year life and a base of ages 0, 1, 2 (a third each): the stock halves in year 1
    while the age-2 third retires, so a sixth more leaves early, from the oldest left (the
    age-1 third), whose remaining sixth then retires regularly a year later."""
    stock = np.array([[[100.0, 50.0, 50.0, 50.0]]])
    flows = stock_driven(stock, np.array([[1.0, 1.0, 1.0, 0.0, 0.0, 0.0]]), np.array([0.0]))
    third = 100 / 3
    np.testing.assert_allclose(flows.early_retirement[0, 0], [0, third / 2, 0, 0], atol=1e-12)
    np.testing.assert_allclose(flows.outflow[0, 0], [0, third, third / 2, third], atol=1e-12)
    np.testing.assert_allclose(flows.inflow[0, 0], [0, 0, third / 2, third], atol=1e-12)


@pytest.mark.parametrize("family,ratio", [("fixed", 1.0), ("normal", 1.4), ("lognormal", 1.6),
                                          ("weibull", 1.5)])
def test_mass_balance_at_every_step(family, ratio):
    rng = np.random.default_rng(3)
    stock = np.abs(np.cumsum(rng.normal(2, 6, (3, 4, 25)), axis=-1)) + 5.0  # rises and falls
    sf = Lifetime(family, np.array([4.0, 8.0, 15.0]),
                  np.array([4.0, 8.0, 15.0]) * ratio).survival_by_age(200)
    flows = stock_driven(stock, sf, np.full(4, 0.05))
    change = np.diff(stock, axis=-1)
    assert np.allclose(change, (flows.inflow - flows.outflow - flows.early_retirement)[..., 1:])
    assert flows.inflow.min() >= -1e-9 and flows.outflow.min() >= -1e-9


def test_doubling_the_stock_doubles_every_flow():
    stock = np.linspace(10, 80, 20)[None, None]
    one = stock_driven(stock, survival("weibull", 6.0, 1.5), np.array([0.1]))
    two = stock_driven(2 * stock, survival("weibull", 6.0, 1.5), np.array([0.1]))
    for name in ("inflow", "outflow", "early_retirement"):
        assert np.allclose(getattr(two, name), 2 * getattr(one, name))


def test_inflow_driven_and_stock_driven_invert_each_other():
    inflow = np.random.default_rng(1).uniform(0, 10, (2, 3, 30))
    sf = survival("lognormal", 7.0, 1.8)
    forward = inflow_driven(inflow, sf)
    back = stock_driven(forward.stock, sf)
    assert np.allclose(back.inflow, inflow)
    assert np.allclose(back.outflow, forward.outflow)


def test_matches_flodym_on_a_stock_driven_problem():
    fd = pytest.importorskip("flodym")
    from layer0.model.lifetimes import weibull_parameters

    years, n = 30, 7
    stock = np.cumsum(np.random.default_rng(2).uniform(0, 10, (years, n)), axis=0) + 20
    dims = fd.DimensionSet(dim_list=[
        fd.Dimension(name="time", letter="t", items=list(range(2000, 2000 + years))),
        fd.Dimension(name="sample", letter="s", items=list(range(n)))])
    k, lam = weibull_parameters(9.0, 15.0)
    model = fd.StockDrivenDSM(dims=dims, lifetime_model=fd.WeibullLifetime(
        dims=dims, weibull_shape=float(k), weibull_scale=float(lam)),
        stock=fd.StockArray(dims=dims, values=stock.copy()))
    model.compute()
    ours = stock_driven(stock.T[None], Lifetime("weibull", 9.0, 15.0).survival_by_age(years)[None])
    assert np.allclose(ours.inflow[0].T, model.inflow.values, rtol=1e-9, atol=0)
    assert np.allclose(ours.outflow[0].T, model.outflow.values, rtol=1e-9, atol=1e-12)


def test_rejects_negative_stock():
    with pytest.raises(ValueError, match="negative"):
        stock_driven(-np.ones((1, 1, 3)), survival())
