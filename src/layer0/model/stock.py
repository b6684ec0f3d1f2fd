"""Stock-driven cohort model with fixed lifetimes, vectorised over every leading dimension.

Timing convention: a cohort that enters in year c serves in years c .. c+L-1 and leaves in
year c+L. Index 0 of the year axis holds the initial stock, whose age structure is uniform
over the lifetime (an equal cohort of S0/L for each of the L years before it); flows are
reported from index 1 on (index 0 carries zeros).

inflow(t) = stock(t) - stock(t-1) + outflow(t). When the stock shrinks faster than its
cohorts retire, the shortfall is retired early from the oldest cohorts and reported as
`early_retirement`; inflow is never negative and nothing is clipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class StockFlows:
    inflow: np.ndarray
    outflow: np.ndarray            # retirements at end of lifetime
    early_retirement: np.ndarray   # retirements forced by a shrinking stock
    stock: np.ndarray


def stock_driven_fixed(stock: np.ndarray, lifetime: int) -> StockFlows:
    """Flows that keep `stock` (last axis = year) served by components of fixed `lifetime`."""
    if lifetime < 1:
        raise ValueError(f"lifetime must be at least one year, got {lifetime}")
    stock = np.asarray(stock, dtype=float)
    if np.any(stock < 0):
        raise ValueError("stock must not be negative")
    lead, years = stock.shape[:-1], stock.shape[-1]
    # ages[..., k]: amount that entered k years ago (k = 0 .. L-1)
    ages = np.repeat((stock[..., 0] / lifetime)[..., None], lifetime, axis=-1)
    inflow = np.zeros_like(stock)
    outflow = np.zeros_like(stock)
    early = np.zeros_like(stock)
    for t in range(1, years):
        leaving = ages[..., -1].copy()
        ages = np.concatenate([np.zeros((*lead, 1)), ages[..., :-1]], axis=-1)
        need = stock[..., t] - stock[..., t - 1] + leaving
        shortfall = np.maximum(-need, 0.0)
        if np.any(shortfall > 0):
            ages = _retire_oldest(ages, shortfall)
        ages[..., 0] = np.maximum(need, 0.0)
        inflow[..., t] = ages[..., 0]
        outflow[..., t] = leaving
        early[..., t] = shortfall
    return StockFlows(inflow=inflow, outflow=outflow, early_retirement=early, stock=stock)


def _retire_oldest(ages: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Take `amount` out of the age vector, oldest cohorts first."""
    oldest_first = ages[..., ::-1]
    before = np.cumsum(oldest_first, axis=-1) - oldest_first  # stock older than each cohort
    taken = np.clip(amount[..., None] - before, 0.0, oldest_first)
    return (oldest_first - taken)[..., ::-1]
