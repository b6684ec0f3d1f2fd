"""The gamma quantiles the Dirichlet draws (model/gamma.py) against scipy's gammaincinv:
within the tolerance where a shape is fitted, scipy's own values elsewhere."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from layer0.model import gamma


def _draws(rng, n):
    """Uniform quantiles, quantiles spread evenly in logit (the tails), and the edges."""
    lo, hi = gamma.LOGIT_RANGE
    edges = [0.0, 1e-300, special.expit(lo), special.expit(hi), 1 - 1e-12, 0.5]
    return np.concatenate([rng.random(n), special.expit(rng.uniform(lo - 3, hi + 3, n)),
                           edges])


@pytest.mark.parametrize("alpha", [0.5, 1.0, 1.7, 6.25, 28.0, 300.0, 5e4])
def test_fitted_quantiles_are_scipys_within_the_tolerance(alpha):
    coefs = gamma.fit(alpha)
    assert coefs is not None
    u = _draws(np.random.default_rng(int(alpha * 10)), 4000)
    got = gamma.quantiles(np.array([alpha]), [coefs], u[:, None])[:, 0]
    want = special.gammaincinv(alpha, u)
    np.testing.assert_allclose(got, want, rtol=gamma.TOLERANCE, atol=0)
    with np.errstate(divide="ignore"):
        v = np.log(u) - np.log1p(-u)
    outside = ~((v >= gamma.LOGIT_RANGE[0]) & (v <= gamma.LOGIT_RANGE[1]))
    assert outside.sum() > 100                       # scipy's own there, to the bit
    assert np.array_equal(got[outside], want[outside])


def test_a_shape_no_fit_reaches_is_left_to_scipy():
    """Tiny shapes (quantiles that underflow to 0) get no fit, and their columns are
    scipy's values exactly, beside a fitted column."""
    assert gamma.fit(0.01) is None
    alpha = np.array([0.01, 2.0])
    fits = [gamma.fit(a) for a in alpha]
    u = np.random.default_rng(0).random((300, 2))
    got = gamma.quantiles(alpha, fits, u)
    assert np.array_equal(got[:, 0], special.gammaincinv(0.01, u[:, 0]))
    np.testing.assert_allclose(got[:, 1], special.gammaincinv(2.0, u[:, 1]),
                               rtol=gamma.TOLERANCE, atol=0)


def test_a_fit_that_misses_the_tolerance_is_refused(monkeypatch):
    """The check between the nodes is what decides: with a degree too low for it, no
    number of pieces agrees with scipy and the shape is left to it."""
    monkeypatch.setattr(gamma, "DEGREE", 2)
    monkeypatch.setattr(gamma, "_NODES", np.cos(np.pi * (np.arange(3) + 0.5) / 3))
    monkeypatch.setattr(gamma, "_CHECKS", np.array([-1.0, 0.0, 1.0]))
    assert gamma.fit(5.0) is None
