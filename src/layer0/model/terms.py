"""Tonnes from MW without a tonnes-sized temporary: intensity as a sum of terms.

A cohort's intensity is the base plus each adoption's share of that cohort times the
adoption's difference (cohorts.py):  k[s, y, c, a, m] = b[s, c, a, m] + sum_j share_j[s, y]
x delta_j[s, c, a, m]. Everything the engine does to tonnes before it multiplies by
k -- dating by lead time, convolving with survival, summing over archetypes -- is linear in
the MW, so it is done on the MW "terms" X[s, c, y, r, (j, a)] = MW x share_j (K columns: the
A archetypes' MW, then for each adoption the archetypes it applies to -- elsewhere delta_j is
zero -- a few where tonnes have 26 materials), and the terms are multiplied by the weights
W[s, c, (j, a), m] = (b, delta_1, ...) once, at the end, in one BLAS product per output.

This holds while k is a sum of such products; a yearly intensity change per material
(scenario `intensity_change`) is not, and the engine then takes the general path
(engine._general_tonnes), which builds k and the tonnes in full.

Layout: terms are [S, C, Y, R, K]: per sample and component a (Y x R) x K matrix, what both
the lead-time shift (Y x Y per component) and the products (K x M) want.
"""

from __future__ import annotations

import numpy as np

from layer0.model import bom
from layer0.model.stock import survival_matrix


def columns(n_archetypes: int, applies: list[np.ndarray]) -> np.ndarray:
    """The archetype of each term column: every archetype's MW, then per adoption the
    archetypes it applies to (`applies`: their indices, one array per adoption)."""
    return np.concatenate([np.arange(n_archetypes), *applies]).astype(int)


def weights(base: np.ndarray, adopted: list[np.ndarray], applies: list[np.ndarray]
            ) -> np.ndarray:
    """[S, C, K, M] from base and adopted intensities [S, M, C, A]: (b, a_1 - b, ...), each
    difference on the archetypes its adoption applies to."""
    b = bom.per_component(base)                                         # [S, C, A, M]
    parts = [b] + [(bom.per_component(a) - b)[:, :, where]
                   for a, where in zip(adopted, applies, strict=True)]
    return np.concatenate(parts, axis=2)


def expand(mw: np.ndarray, shares: list[np.ndarray], applies: list[np.ndarray]) -> np.ndarray:
    """MW [S, Y, R, C, A] -> terms [S, C, Y, R, K]: the MW, then the MW of the archetypes
    each adoption applies to x its share [S, Y]. Written into a C-ordered array (a
    concatenation of transposed parts keeps their order, and every reshape downstream
    would copy it)."""
    t = mw.transpose(0, 3, 1, 2, 4)
    n_a = t.shape[-1]
    out = np.empty((*t.shape[:-1], n_a + sum(len(where) for where in applies)))
    out[..., :n_a] = t
    start = n_a
    for share, where in zip(shares, applies, strict=True):
        np.multiply(t[..., where], share[:, None, :, None, None],
                    out=out[..., start:start + len(where)])
        start += len(where)
    return out


def shift(terms: np.ndarray, lead: np.ndarray) -> np.ndarray:
    """Terms dated at purchase from terms dated at energisation (leads.py): per sample and
    component, out[t] = (1 - f) x[t + n] + f x[t + n + 1] for lead = n + f; what would be
    bought before the first model year is dropped. Leads take a few whole values, so the
    (sample, component) blocks of each whole lag are shifted together by slicing."""
    s, c, y = terms.shape[:3]
    whole = np.floor(lead).astype(int)                                   # [S, C]
    frac = lead - whole
    flat = terms.reshape(s, c, y, -1)
    out = np.zeros_like(flat)
    for n in np.unique(whole[whole < y]):
        s_i, c_i = np.nonzero(whole == n)
        block = flat[s_i, c_i]                                           # [N, Y, R K]
        f = frac[s_i, c_i][:, None, None]
        moved = np.zeros_like(block)
        np.multiply(block[:, n:], 1.0 - f, out=moved[:, :y - n])
        moved[:, :y - n - 1] += block[:, n + 1:] * f
        out[s_i, c_i] = moved
    return out.reshape(terms.shape)


def outflow(terms: np.ndarray, survival: list[np.ndarray], lifetime_row: np.ndarray,
            archetype_of: np.ndarray) -> np.ndarray:
    """Regular retirements of the cohorts that entered as `terms` [S, C, Y, R, K] (no
    initial base): per component and lifetime row, stock = M x inflow with M[t, c] =
    survival[t - c], outflow = stock(t - 1) - stock(t) + inflow(t). `archetype_of`: each
    column's archetype (`columns`)."""
    s, c_n, y = terms.shape[:3]
    out = np.empty_like(terms)
    matrices = {}
    for c in range(c_n):
        for row in np.unique(lifetime_row[c]):
            if row not in matrices:
                matrices[row] = survival_matrix(survival[row][:, :y], y)
            cols = np.flatnonzero(np.isin(archetype_of, np.flatnonzero(lifetime_row[c] == row)))
            x = terms[:, c][..., cols]                                   # [S, Y, R, k]
            stock = np.matmul(matrices[row], x.reshape(s, y, -1)).reshape(x.shape)
            before = np.concatenate([np.zeros_like(stock[:, :1]), stock[:, :-1]], axis=1)
            out[:, c][..., cols] = before - stock + x
    return out


def per_component(terms: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Tonnes [S, C, Y, R, M] of every component: one (Y R x K) @ (K x M) product each."""
    s, c, y, r, k = terms.shape
    return np.matmul(terms.reshape(s, c, y * r, k), w).reshape(s, c, y, r, -1)


def summed(terms: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Tonnes summed over components [S, Y, R, N] for stacked weights w [S, C, K, N] (zero
    where a component does not belong to a sum): one (Y R x C K) @ (C K x N) product."""
    s, c, y, r, k = terms.shape
    flat = terms.transpose(0, 2, 3, 1, 4).reshape(s, y * r, c * k)
    return np.matmul(flat, w.reshape(s, c * k, -1)).reshape(s, y, r, -1)
