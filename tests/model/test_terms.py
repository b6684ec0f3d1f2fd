"""The engine's fast path (MW terms, model/terms.py, compiled in kernels.tonnes) against its
general path (each cohort's intensity in full): the same draws must give the same tonnes."""

from __future__ import annotations

import numpy as np
import pytest

from layer0.io.scenarios import load_scenario
from layer0.model import engine

SAMPLES = 24


def _both(ref, scenario, monkeypatch):
    p = engine.plan(ref, scenario, SAMPLES, seed=5)
    fast = engine.compute_range(p, 0, SAMPLES)
    monkeypatch.setattr(engine, "_term_tonnes", engine._general_tonnes)
    general = engine.compute_range(p, 0, SAMPLES)
    return fast, general


@pytest.mark.parametrize("name", ["base", "dc800v_fast", "announced_only", "lift_off"])
def test_terms_give_the_tonnes_of_each_cohorts_intensity(ref, monkeypatch, name):
    fast, general = _both(ref, load_scenario(name), monkeypatch)
    assert fast.keys() == general.keys()
    facility = general["demand_by_boundary"][:, :, :, 0]
    for key, value in general.items():
        if key in CANCELLING:
            # a difference of larger numbers (replacement = demand - growth, primary = demand
            # - secondary; retirements of the base = retired - new cohorts' retirements) is
            # compared with what it is taken from
            scale = np.maximum(facility, np.abs(value).max(axis=1, keepdims=True))
            worst = np.max(np.abs(fast[key] - value) / np.maximum(scale, 1e-300))
            assert worst <= 1e-10, (key, worst)
        else:
            np.testing.assert_allclose(fast[key], value, rtol=1e-9, atol=0, err_msg=key)


CANCELLING = ("demand_replacement", "eol_outflow", "secondary_supply", "primary_demand")


def test_without_the_split_by_component_the_rest_is_the_same(ref):
    p = engine.plan(ref, load_scenario("base"), SAMPLES, seed=5)
    full = engine.compute_range(p, 0, SAMPLES)
    lean = engine.compute_range(p, 0, SAMPLES, per_component=False)
    assert lean.keys() == full.keys() - {"demand"}
    for key, value in lean.items():
        np.testing.assert_array_equal(value, full[key], err_msg=key)


def test_without_adoption_the_two_paths_agree(ref, monkeypatch):
    plain = load_scenario("base").model_copy(update={"adoption": {}})
    fast, general = _both(ref, plain, monkeypatch)
    for key, value in general.items():
        np.testing.assert_allclose(fast[key], value, rtol=1e-9, atol=1e-9, err_msg=key)


def test_a_mismatched_term_is_caught(ref, monkeypatch):
    """The comparison above can fail: drop the failed boards from the fast path."""
    p = engine.plan(ref, load_scenario("base"), SAMPLES, seed=5)
    fast = engine.compute_range(p, 0, SAMPLES)
    original = engine._term_tonnes

    def without_failures(prep, d, inflow, growth, retired_mw, failed, survival, *rest):
        return original(prep, d, inflow, growth, retired_mw, failed * 0.0, survival, *rest)

    monkeypatch.setattr(engine, "_term_tonnes", without_failures)
    other = engine.compute_range(p, 0, SAMPLES)
    assert not np.allclose(fast["demand"], other["demand"], rtol=1e-9)


def test_weights_are_the_base_then_each_adoptions_difference():
    """terms.weights [S, C, K, M]: the base intensity per archetype, then each adoption's
    difference on the archetypes it applies to, in its columns' order (terms.columns); the
    same written into the rows of a larger array."""
    from layer0.model import terms

    rng = np.random.default_rng(1)
    s, m, c, a = 3, 4, 5, 3
    base = rng.uniform(0, 1, (s, m, c, a))
    adopted = [rng.uniform(0, 1, (s, m, c, a)) for _ in range(2)]
    applies = [np.array([2]), np.array([0, 2])]
    w = terms.weights(base, adopted, applies)
    columns = terms.columns(a, applies)
    expected = [base[..., k] for k in range(a)] + [
        adopted[j][..., k] - base[..., k] for j, where in enumerate(applies) for k in where]
    assert w.shape == (s, c, len(columns), m)
    for k, column in enumerate(expected):
        np.testing.assert_array_equal(w[:, :, k], column.transpose(0, 2, 1))
    larger = np.full((s, c + 1, len(columns), m), np.nan)
    terms.weights(base, adopted, applies, out=larger[:, :c])
    np.testing.assert_array_equal(larger[:, :c], w)
    assert np.isnan(larger[:, c]).all()


def test_a_material_a_component_uses_in_some_samples_only(ref, monkeypatch):
    """Copper of the switchgear drawn as zero in every other sample (after samples that use
    it): the fast path's sums by material, which are written by their first term and not
    cleared first, still give the general path's tonnes (fails if a row no term wrote in a
    sample kept the last sample's numbers)."""
    from layer0.model import parameters

    draw = parameters.draw
    p = engine.plan(ref, load_scenario("base"), SAMPLES, seed=5)
    m, c = p.prep.materials.index("copper"), p.prep.components.index("switchgear")

    def some_without(*args, **kwargs):
        d = draw(*args, **kwargs)
        assert (d.intensity[:, m, c] > 0).all()
        for intensity in (d.intensity, *d.adopted_intensity):
            intensity[1::2, m, c] = 0.0
        return d

    monkeypatch.setattr(parameters, "draw", some_without)
    fast = engine.compute_range(p, 0, SAMPLES)
    monkeypatch.setattr(engine, "_term_tonnes", engine._general_tonnes)
    general = engine.compute_range(p, 0, SAMPLES)
    np.testing.assert_allclose(fast["demand"], general["demand"], rtol=1e-9, atol=0)
    assert (fast["demand"][1::2, :, :, c, m] == 0).all()
    assert (fast["demand"][0::2, :, :, c, m] > 0).any()
