"""Lifetime distributions: t50/t90 honoured and survival functions equal to scipy's."""

import numpy as np
import pytest
from scipy import stats

from layer0.model.lifetimes import Lifetime, lognormal_mean_std, weibull_parameters

AGES = np.linspace(0, 60, 121)


@pytest.mark.parametrize("family,t90", [("normal", 13.0), ("lognormal", 16.0),
                                        ("weibull", 16.0)])
def test_t50_and_t90_are_the_median_and_the_90_percent_age(family, t90):
    """(The normal's t50/t90 are those before folding: exact while t50 > ~4 sd.)"""
    lt = Lifetime(family, 10.0, t90)
    assert lt.survival(10.0) == pytest.approx(0.5, abs=1e-6)
    assert lt.survival(t90) == pytest.approx(0.1, abs=1e-6)


def test_weibull_survival_equals_scipy():
    k, lam = weibull_parameters(10.0, 16.0)
    assert np.allclose(Lifetime("weibull", 10.0, 16.0).survival(AGES),
                       stats.weibull_min(k, scale=lam).sf(AGES))


def test_lognormal_survival_equals_scipy():
    sigma = np.log(16 / 10) / stats.norm.ppf(0.9)
    assert np.allclose(Lifetime("lognormal", 10.0, 16.0).survival(AGES),
                       stats.lognorm(sigma, scale=10.0).sf(AGES))
    mean, std = lognormal_mean_std(10.0, 16.0)
    assert mean == pytest.approx(stats.lognorm(sigma, scale=10.0).mean())
    assert std == pytest.approx(stats.lognorm(sigma, scale=10.0).std())


def test_normal_is_folded_at_zero_and_equals_scipy():
    sigma = 6.0 / stats.norm.ppf(0.9)
    lt = Lifetime("normal", 3.0, 9.0)  # wide enough that folding matters
    assert np.allclose(lt.survival(AGES), stats.foldnorm(3.0 / sigma, scale=sigma).sf(AGES))
    assert lt.survival(0.0) == pytest.approx(1.0)  # no mass below zero


def test_fixed_lifetime_is_a_step():
    assert list(Lifetime("fixed", 5.0, 5.0).survival_by_age(7)) == [1, 1, 1, 1, 1, 0, 0]


def test_survival_by_age_uses_the_mid_year_convention_and_broadcasts_over_samples():
    t50 = np.array([8.0, 12.0])
    table = Lifetime("weibull", t50, t50 * 1.5).survival_by_age(30)
    assert table.shape == (2, 30)
    for i, median in enumerate(t50):
        k, lam = weibull_parameters(median, median * 1.5)
        assert np.allclose(table[i], stats.weibull_min(k, scale=lam).sf(np.arange(30) + 0.5))


@pytest.mark.parametrize("args,match", [(("gamma", 5.0, 6.0), "family"),
                                        (("weibull", 0.5, 2.0), "at least one year"),
                                        (("lognormal", 5.0, 5.0), "t90 > t50")])
def test_bad_lifetimes_are_refused(args, match):
    with pytest.raises(ValueError, match=match):
        Lifetime(*args)


@pytest.mark.parametrize("family", ["normal", "lognormal", "weibull"])
def test_survival_is_scipy_stats_sf_to_the_bit(family):
    """The survival functions are written with scipy.special (scipy.stats is slow to import):
    the same operations as scipy.stats' sf, so the same numbers, over sampled t50/t90."""
    rng = np.random.default_rng(4)
    t50 = rng.uniform(1, 30, (50, 1))
    t90 = t50 * rng.uniform(1.01, 3, (50, 1))
    ages = np.arange(140) + 0.5
    z90 = stats.norm.ppf(0.9)
    if family == "normal":
        sigma = (t90 - t50) / z90
        expected = stats.foldnorm(t50 / sigma, loc=0.0, scale=sigma).sf(ages)
    elif family == "lognormal":
        expected = stats.lognorm(np.log(t90 / t50) / z90, loc=0.0, scale=t50).sf(ages)
    else:
        k, lam = weibull_parameters(t50, t90)
        expected = stats.weibull_min(k, loc=0.0, scale=lam).sf(ages)
    np.testing.assert_array_equal(Lifetime(family, t50, t90).survival(ages), expected)
