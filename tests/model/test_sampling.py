"""The sampler of the parameters: streams, slices, LHS, Dirichlet, and SALib wiring."""

import numpy as np
import pytest
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from layer0.model import gamma
from layer0.model.sampling import (
    Dirichlet,
    Parameter,
    Triangular,
    Uniform,
    quantiles,
    salib_problem,
    split_columns,
)

REG = [Parameter("a", "g1", Triangular(1.0, 2.0, 4.0), "s"),
       Parameter("mix", "g2", Dirichlet(np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), 40.0), "s")]


def test_a_slice_of_samples_equals_the_same_rows_of_the_whole_draw():
    whole = quantiles(REG, seed=4, samples=100)
    part = quantiles(REG, seed=4, samples=100, start=33, stop=71)
    for name in whole:
        assert np.array_equal(whole[name][33:71], part[name])


def test_chunks_drawn_in_any_order_on_any_thread_are_the_rows_of_the_whole_draw():
    """A thread's generators are kept where their draws ended (the next chunk goes on from
    them): chunks in order, repeated, skipped back and forth, and on another thread, all
    give the rows of one draw of every sample, whatever the thread drew before."""
    from concurrent.futures import ThreadPoolExecutor

    whole = quantiles(REG, seed=9, samples=100)
    order = [(0, 10), (10, 25), (10, 25), (60, 100), (25, 60), (0, 10), (90, 100), (5, 7)]

    def draw(ranges):
        return [(a, b, quantiles(REG, seed=9, samples=100, start=a, stop=b)) for a, b in ranges]

    with ThreadPoolExecutor(2) as pool:
        drawn = draw(order) + [x for part in pool.map(draw, [order, order[::-1]]) for x in part]
    for a, b, part in drawn:
        for name in whole:
            assert np.array_equal(whole[name][a:b], part[name]), (a, b, name)


def test_adding_a_parameter_does_not_shift_the_others():
    more = REG + [Parameter("b", "g1", Uniform(0, 1), "s")]
    assert np.array_equal(quantiles(REG, 1, 50)["a"], quantiles(more, 1, 50)["a"])


def test_triangular_values_stay_in_range_and_centre_on_the_mode():
    u = quantiles(REG, 0, 20_000)["a"][:, 0]
    values = REG[0].distribution.ppf(u)
    assert values.min() >= 1.0 and values.max() <= 4.0
    assert values.mean() == pytest.approx((1 + 2 + 4) / 3, rel=0.02)
    assert REG[0].distribution.central()[0] == 2.0


def test_dirichlet_shares_sum_to_one_with_the_given_means_for_every_year():
    shares = REG[1].distribution.ppf(quantiles(REG, 0, 20_000)["mix"])
    assert shares.shape == (20_000, 2, 3)
    assert np.allclose(shares.sum(axis=-1), 1.0)
    assert np.allclose(shares.mean(axis=0), REG[1].distribution.mean, atol=0.01)


def test_zero_shares_stay_zero():
    d = Dirichlet(np.array([0.0, 0.4, 0.6]), 30.0)
    shares = d.ppf(np.random.default_rng(0).random((100, 3)))
    assert np.all(shares[:, 0] == 0) and np.allclose(shares.sum(axis=1), 1)


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_through_the_parameters_recovers_the_ishigami_indices():
    """Known answer: S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244 (Ishigami & Homma)."""
    reg = [Parameter(f"x{i}", f"x{i}", Uniform(-np.pi, np.pi), "test") for i in (1, 2, 3)]
    problem = salib_problem(reg)
    design = sobol_sample.sample(problem, 4096, calc_second_order=False, seed=1)
    q = split_columns(reg, design)
    x = np.stack([p.distribution.ppf(q[p.name][:, 0]) for p in reg], axis=1)
    result = sobol_analyze.analyze(problem, ishigami(x), calc_second_order=False, seed=1)
    assert np.allclose(result["S1"], [0.314, 0.442, 0.0], atol=0.03)
    assert np.allclose(result["ST"], [0.558, 0.442, 0.244], atol=0.03)


def test_groups_make_one_salib_group_per_parameter_group():
    problem = salib_problem(REG)
    assert problem["num_vars"] == 4 and problem["groups"] == ["g1", "g2", "g2", "g2"]


def test_the_inverses_are_scipys():
    """Triangular and Dirichlet invert without scipy.stats' argument checks: the values must
    be scipy.stats.triang's to the last bit (modes at either end, a zero span, u = 0), and
    gamma's within model/gamma.py's tolerance (its fits of the quantiles)."""
    from scipy import stats

    u = np.concatenate([[0.0, 1e-12, 0.5, 0.999999], np.random.default_rng(3).random(200)])
    low, mode, high = np.array([1.0, 2.0, 0.0, 5.0]), np.array([1.0, 3.0, 4.0, 5.0]), \
        np.array([2.0, 3.0, 9.0, 5.0])
    got = Triangular(low, mode, high).ppf(u)
    span = high - low
    c = np.where(span > 0, (mode - low) / np.where(span > 0, span, 1.0), 0.5)
    theirs = stats.triang.ppf(u[:, None], c, loc=low, scale=np.where(span > 0, span, 1.0))
    assert np.array_equal(got, np.where(span > 0, theirs, mode))
    mean = np.array([0.5, 0.3, 0.2, 0.0])
    q = np.random.default_rng(4).random((50, 4))
    q[0] = 0.0
    draws = stats.gamma.ppf(q, np.where(mean > 0, 40 * mean, 1.0)) * (mean > 0)
    total = draws.sum(axis=1, keepdims=True)
    expected = np.where(total > 0, draws / np.where(total > 0, total, 1.0), mean)
    got = Dirichlet(mean, 40.0).ppf(q)
    np.testing.assert_allclose(got, expected, rtol=4 * gamma.TOLERANCE, atol=0)
    assert np.array_equal(got[0], mean)               # all quantiles 0: the mean shares


def test_a_dirichlet_by_year_draws_each_row_as_alone():
    """Shares by year (rows that repeat, a share constant over some years, a share that is
    zero in some years): each year's shares are those of that year's mean drawn alone with
    the sample's quantiles (each distinct concentration is drawn once: to the bit)."""
    mean = np.array([[0.5, 0.3, 0.2, 0.0], [0.4, 0.3, 0.2, 0.1], [0.5, 0.3, 0.2, 0.0],
                     [0.3, 0.3, 0.0, 0.4], [0.2, 0.5, 0.2, 0.1]])
    q = np.random.default_rng(5).random((30, 4))
    got = Dirichlet(mean, 25.0).ppf(q)
    assert got.shape == (30, 5, 4)
    for year, row in enumerate(mean):
        assert np.array_equal(got[:, year], Dirichlet(row, 25.0).ppf(q))
    assert (got[:, 0, 3] == 0).all() and (got[:, 3, 2] == 0).all()


def test_a_pickled_dirichlet_carries_its_fits():
    """A Dask worker unpickles the client's fits of the gamma quantiles and draws the same
    shares with them, without fitting again."""
    import pickle

    d = Dirichlet(np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), 40.0)
    copy = pickle.loads(pickle.dumps(d))
    assert "_fits" in vars(copy)
    for ours, theirs in zip(d._fits, copy._fits, strict=True):
        assert np.array_equal(ours, theirs)
    q = np.random.default_rng(0).random((20, 3))
    assert np.array_equal(copy.ppf(q), d.ppf(q))
