"""Cohort stock models (stock-driven and inflow-driven), vectorised over batches of rows.

Shapes: `stock` / `inflow` are [B, X, T]: B batches (e.g. samples) that each have their own
survival table `survival` [B, A] (share in service by whole-year age, see lifetimes.py), and X
rows per batch that share it (e.g. regions x archetypes). T is the year axis, A >= T ages.

Stock-driven: the stock must be served, so
    stock(t) = surviving initial base(t) + sum_{c<=t} inflow(c) * survival(t - c).
The matrix survival(t - c) is lower-triangular Toeplitz, so its inverse is too: the inflow is
one batched matrix product with that inverse (fast, BLAS). Where that solution would need a
negative inflow (the stock shrinks faster than its cohorts retire), those rows are recomputed
year by year: nothing enters, and the excess is retired early from the oldest cohorts and
reported as `early_retirement`, never clipped silently.

Initial installed base (`initial_growth` given): index 0 of the year axis is the stock at the
start, already in service, with the stable age structure of a stock that grew at rate g per year
before: the share of age a is proportional to exp(-g a) * survival(a). Flows at index 0 are 0.
Without it, the stock at index 0 enters as inflow in year 0 (flodym's convention).

Balance at every step: stock(t) - stock(t-1) = inflow(t) - outflow(t) - early_retirement(t).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layer0.model import kernels
from layer0.model.kernels import NEGATIVE_TOLERANCE


@dataclass(frozen=True)
class StockFlows:
    inflow: np.ndarray             # [B, X, T]
    outflow: np.ndarray            # retirements at the end of their lifetime
    early_retirement: np.ndarray   # retirements forced by a shrinking stock
    stock: np.ndarray


def toeplitz_inverse(survival: np.ndarray, n: int) -> np.ndarray:
    """[B, n, n]: inverse of the lower-triangular Toeplitz matrix M[t, c] = survival[t - c]."""
    m = survival[:, :n]
    if np.any(m[:, 0] <= 0):
        raise ValueError("survival: a cohort must survive its first half year (lifetime >= 1)")
    q = np.zeros_like(m)
    q[:, 0] = 1.0 / m[:, 0]
    for k in range(1, n):
        q[:, k] = -np.einsum("bj,bj->b", m[:, 1:k + 1], q[:, k - 1::-1][:, :k]) / m[:, 0]
    lag = np.subtract.outer(np.arange(n), np.arange(n))
    return np.where(lag >= 0, q[:, np.clip(lag, 0, None)], 0.0)


def initial_base(stock0: np.ndarray, survival: np.ndarray, growth: np.ndarray, n_years: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The installed base at index 0 and what of it survives.

    stock0 [B, X], survival [B, A], growth [X] -> (entry amounts [B, X, A0] by age a = 0..A0-1,
    surviving [B, X, T]). An age-a cohort entered `entry` and has `entry * survival(a + t)`
    in service at year index t.
    """
    n_ages = survival.shape[1] - n_years + 1
    if n_ages < 1:
        raise ValueError("survival: needs at least as many ages as years")
    weights = np.exp(-np.outer(growth, np.arange(n_ages)))                    # [X, A0]
    hankel = np.lib.stride_tricks.sliding_window_view(survival, n_years, axis=1)  # [B, A0, T]
    per_unit = np.matmul(weights[None], hankel[:, :n_ages])                   # [B, X, T]
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(per_unit[..., 0] > 0, stock0 / per_unit[..., 0], 0.0)  # [B, X]
    return scale[..., None] * weights[None], scale[..., None] * per_unit


def stock_driven(stock: np.ndarray, survival: np.ndarray, initial_growth: np.ndarray | None = None
                 ) -> StockFlows:
    """Inflow, outflow and early retirement that keep `stock` [B, X, T] served."""
    stock = np.asarray(stock, dtype=float)
    if np.any(stock < 0):
        raise ValueError("stock must not be negative")
    b, x, n = stock.shape
    survival = np.broadcast_to(survival, (b, survival.shape[-1]))
    has_base = initial_growth is not None
    entry0, surviving0 = (initial_base(stock[..., 0], survival, initial_growth, n) if has_base
                          else (None, 0.0))
    inflow = np.matmul(stock - surviving0, toeplitz_inverse(survival, n).transpose(0, 2, 1))
    if has_base:
        inflow[..., 0] = 0.0
    early = np.zeros_like(stock)
    negative = inflow < -NEGATIVE_TOLERANCE * np.maximum(stock.max(axis=-1, keepdims=True),
                                                         1e-300)
    bad_b, bad_x = np.nonzero(negative.any(axis=-1))
    if bad_b.size:
        # each row from its own first negative year (before it the matrix solution is exact)
        first_bad = np.argmax(negative[bad_b, bad_x], axis=-1)
        inflow[bad_b, bad_x], early[bad_b, bad_x] = _sequential(
            stock[bad_b, bad_x], survival[bad_b], entry0[bad_b, bad_x] if has_base else None,
            inflow[bad_b, bad_x], first_bad)
    before = np.concatenate([stock[..., :1] if has_base else np.zeros_like(stock[..., :1]),
                             stock[..., :-1]], axis=-1)
    outflow = before - stock + inflow - early
    return StockFlows(inflow=inflow, outflow=outflow, early_retirement=early, stock=stock)


def _sequential(stock: np.ndarray, survival: np.ndarray, entry0: np.ndarray | None,
                known: np.ndarray, first: np.ndarray):
    """Year-by-year solution for rows [N, T] whose stock shrinks too fast; see module doc.

    Cohorts are kept as entry amounts: `old` (the initial base by age a) and `new` (model
    years); a cohort's amount in service is entry x survival(its age). Early retirement takes
    the oldest first (old by descending age, then new by year) and scales those cohorts down,
    so their later outflows shrink with them. `known` [N, T]: the matrix solution, exact for
    row i before year `first[i]` (no early retirement before it); each row is taken from its
    own first year, so a row that goes negative late costs only its last years.
    """
    n = stock.shape[1]
    old = np.zeros((stock.shape[0], 0)) if entry0 is None else entry0
    if old.shape[1]:  # ages nobody survives to carry no stock: drop them (a shorter loop)
        alive_ages = np.flatnonzero((survival[:, :old.shape[1]] > 1e-12).any(axis=0))
        old = old[:, :alive_ages.max() + 1 if alive_ages.size else 0]
    start = np.maximum(first, 1 if entry0 is not None else 0)
    new = np.where(np.arange(n)[None, :] < start[:, None], known, 0.0)
    return kernels.sequential_rows(np.ascontiguousarray(stock, dtype=np.float64),
                                   np.ascontiguousarray(survival, dtype=np.float64),
                                   np.ascontiguousarray(old, dtype=np.float64), new,
                                   start.astype(np.int64))


def survival_matrix(survival: np.ndarray, n: int) -> np.ndarray:
    """[B, n, n]: M[t, c] = survival[t - c], the share of cohort c in service at t."""
    lag = np.subtract.outer(np.arange(n), np.arange(n))
    return np.where(lag >= 0, survival[:, np.clip(lag, 0, None)], 0.0)


def inflow_driven(inflow: np.ndarray, survival: np.ndarray,
                  matrix: np.ndarray | None = None) -> StockFlows:
    """Stock and outflow of cohorts entering as `inflow` [B, X, T] (no initial base).
    `matrix`: survival_matrix(survival, T), when the caller reuses it for several flows."""
    inflow = np.asarray(inflow, dtype=float)
    b, x, n = inflow.shape
    if matrix is None:
        matrix = survival_matrix(np.broadcast_to(survival, (b, survival.shape[-1])), n)
    stock = np.matmul(inflow, matrix.transpose(0, 2, 1))
    before = np.concatenate([np.zeros_like(stock[..., :1]), stock[..., :-1]], axis=-1)
    return StockFlows(inflow=inflow, outflow=before - stock + inflow,
                      early_retirement=np.zeros_like(stock), stock=stock)
