"""Known-answer and invariant tests of the fixed-lifetime stock-driven model."""

from __future__ import annotations

import numpy as np
import pytest

from layer0.model.stock import stock_driven_fixed


def test_constant_stock_is_replaced_evenly():
    flows = stock_driven_fixed(np.full(12, 30.0), lifetime=3)
    assert np.allclose(flows.inflow[1:], 10.0)
    assert np.allclose(flows.outflow[1:], 10.0)


def test_a_step_repeats_as_an_exact_replacement_pulse():
    stock = np.array([0.0, 0, 50, 50, 50, 50, 50, 50, 50, 50, 50])
    flows = stock_driven_fixed(stock, lifetime=4)
    expected = np.zeros(11)
    expected[[2, 6, 10]] = 50.0  # enters in 2, replaced at 2+4 and 2+8
    assert np.allclose(flows.inflow, expected)
    assert np.allclose(flows.outflow[[6, 10]], 50.0)


def test_stock_equals_initial_plus_inflow_minus_outflow_every_year():
    rng = np.random.default_rng(3)
    stock = np.cumsum(rng.uniform(-5, 20, size=(7, 30)), axis=-1) + 200
    flows = stock_driven_fixed(stock, lifetime=6)
    net = np.cumsum(flows.inflow - flows.outflow - flows.early_retirement, axis=-1)
    assert np.allclose(stock[:, 0:1] + net, stock)
    assert (flows.inflow >= 0).all()


def test_shrinking_stock_retires_early_and_reports_it():
    flows = stock_driven_fixed(np.array([100.0, 100, 40, 40]), lifetime=10)
    assert flows.early_retirement[2] == pytest.approx(50.0)  # 60 lost, 10 retire anyway
    assert flows.inflow[2] == 0.0


def test_doubling_the_stock_doubles_every_flow():
    stock = np.array([10.0, 12, 15, 15, 20, 26, 26, 30])
    one, two = stock_driven_fixed(stock, 3), stock_driven_fixed(2 * stock, 3)
    for name in ("inflow", "outflow", "early_retirement"):
        assert np.allclose(getattr(two, name), 2 * getattr(one, name))


def test_rejects_a_lifetime_below_one_year():
    with pytest.raises(ValueError):
        stock_driven_fixed(np.ones(3), 0)
