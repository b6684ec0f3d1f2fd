"""Quantiles of the gamma distribution (scipy.special.gammaincinv) for many draws of a few
shapes, as the Dirichlet needs them (sampling.Dirichlet: ~75 shapes, a quantile each per
sample; scipy takes ~0.44 us a value, 7-8 % of a warm 1,000-sample run of the long scenario).

Per shape, log x is fitted as a function of v = logit(u) by Chebyshev polynomials on equal
pieces of v in LOGIT_RANGE, interpolating scipy's values at each piece's Chebyshev points
(at the v of the u actually evaluated, so that the rounding of u does not enter the fit).
A fit is kept only if it agrees with scipy within TOLERANCE (relative) at points between
the nodes of every piece; a shape below SMALLEST_SHAPE (whose quantiles span hundreds of
orders of magnitude and underflow) or none fits, and a u outside the range, are left to
scipy. A fit depends on its shape alone: made once per shape in a process (~0.5 ms) and
used by every Dirichlet, chunk and run that draws it. The draws then differ from scipy's by
< TOLERANCE relative: the engine's outputs by less than its 1e-9 bound.
"""

from __future__ import annotations

import functools
import math

import numba
import numpy as np
from numpy.polynomial import chebyshev
from scipy import special

LOGIT_RANGE = (-15.0, 15.0)     # u in [3.1e-7, 1 - 3.1e-7]; beyond it scipy's own
DEGREE = 15
PIECES = (16, 32, 64)           # tried in turn, until one agrees with scipy
TOLERANCE = 1e-12               # relative, at the points between the nodes
SMALLEST_SHAPE = 0.2            # 0.1 and 0.05 missed it even on 64 pieces (2026-12-06)

_NODES = np.cos(np.pi * (np.arange(DEGREE + 1) + 0.5) / (DEGREE + 1))      # in [-1, 1]
_CHECKS = np.concatenate([[-1.0], (_NODES[:-1] + _NODES[1:]) / 2, [1.0]])  # between them


@functools.lru_cache(maxsize=4096)
def fitted(alpha: float) -> np.ndarray | None:
    """`fit`, once per shape in this process (read-only: shared by every caller)."""
    coefs = fit(alpha)
    if coefs is not None:
        coefs.flags.writeable = False
    return coefs


def fit(alpha: float) -> np.ndarray | None:
    """Chebyshev coefficients [pieces, DEGREE + 1] of log x(logit u) for shape `alpha`, or
    None where no number of pieces in PIECES agrees with scipy within TOLERANCE."""
    if not alpha >= SMALLEST_SHAPE:
        return None
    lo, hi = LOGIT_RANGE
    for pieces in PIECES:
        width = (hi - lo) / pieces
        mid = lo + width * (np.arange(pieces) + 0.5)
        with np.errstate(divide="ignore"):
            u = special.expit(mid[:, None] + width / 2 * _NODES[None])
            y = np.log(special.gammaincinv(alpha, u))
        if not np.isfinite(y).all():
            return None                              # quantiles that underflow or overflow
        t = (special.logit(u) - mid[:, None]) / (width / 2)
        # each piece's polynomial through its points (a Chebyshev-Vandermonde system each)
        coefs = np.linalg.solve(chebyshev.chebvander(t, DEGREE), y[..., None])[..., 0]
        u_check = special.expit(mid[:, None] + width / 2 * _CHECKS[None]).ravel()
        want = special.gammaincinv(alpha, u_check)
        got = np.empty_like(u_check)
        evaluate(u_check, lo, width, coefs, got)
        if np.all(np.abs(got - want) <= TOLERANCE * want):
            return coefs
    return None


def quantiles(alpha: np.ndarray, fits: list, u: np.ndarray) -> np.ndarray:
    """x [S, D] with P(alpha[d], x) = u[:, d]: each column through its shape's fit (None:
    scipy), scipy for the u outside LOGIT_RANGE."""
    lo, hi = LOGIT_RANGE
    out = np.full(u.shape, np.nan)
    column = np.empty(u.shape[0])
    for d, coefs in enumerate(fits):
        if coefs is not None:
            evaluate(np.ascontiguousarray(u[:, d]), lo, (hi - lo) / coefs.shape[0], coefs,
                     column)
            out[:, d] = column
    rest = np.isnan(out)
    rest[:, [coefs is None for coefs in fits]] = True
    if rest.any():
        out[rest] = special.gammaincinv(np.broadcast_to(alpha, u.shape)[rest], u[rest])
    return out


@numba.njit(cache=True, error_model="numpy", nogil=True)
def evaluate(u, lo, width, coefs, out):
    """out[i] = exp(Chebyshev series of piece j at t) for v = logit(u[i]) in piece j (t its
    place in the piece, in [-1, 1]); NaN where v is outside the pieces (and for NaN u)."""
    pieces, n = coefs.shape[0], coefs.shape[1]
    for i in range(u.shape[0]):
        x = u[i]
        if not (0.0 < x < 1.0):
            out[i] = np.nan
            continue
        v = math.log(x) - math.log1p(-x)
        place = (v - lo) / width
        j = int(math.floor(place))
        if j == pieces and v == lo + pieces * width:   # the last edge itself
            j = pieces - 1
        if j < 0 or j >= pieces:
            out[i] = np.nan
            continue
        t = 2.0 * (place - j) - 1.0
        # Clenshaw's recurrence
        b1, b2 = 0.0, 0.0
        for k in range(n - 1, 0, -1):
            b1, b2 = coefs[j, k] + 2.0 * t * b1 - b2, b1
        out[i] = math.exp(coefs[j, 0] + t * b1 - b2)
