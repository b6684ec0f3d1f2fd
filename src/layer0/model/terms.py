"""Tonnes from MW without a tonnes-sized temporary: intensity as a sum of terms.

A cohort's intensity is the base plus each adoption's share of that cohort times the
adoption's difference (cohorts.py):  k[s, y, c, a, m] = b[s, c, a, m] + sum_j share_j[s, y]
x delta_j[s, c, a, m]. Everything the engine does to tonnes before it multiplies by
k -- dating by lead time, convolving with survival, summing over archetypes -- is linear in
the MW, so it is done on the MW "terms" X[s, c, y, r, (j, a)] = MW x share_j (K columns: the
A archetypes' MW, then for each adoption the archetypes it applies to -- elsewhere delta_j is
zero -- a few where tonnes have 26 materials), and the terms are multiplied by the weights
W[s, c, (j, a), m] = (b, delta_1, ...) once, at the end (for the materials each component
uses: four fifths of the weights are zero).

This holds while k is a sum of such products; a yearly intensity change per material
(scenario `intensity_change`) is not, and the engine then takes the general path
(engine._general_tonnes), which builds k and the tonnes in full.

The terms are built, dated, convolved and multiplied one sample at a time by the compiled
loop `kernels.tonnes`; this module gives it its columns and weights.
"""

from __future__ import annotations

import numpy as np


def columns(n_archetypes: int, applies: list[np.ndarray]) -> np.ndarray:
    """The archetype of each term column: every archetype's MW, then per adoption the
    archetypes it applies to (`applies`: their indices, one array per adoption)."""
    return np.concatenate([np.arange(n_archetypes), *applies]).astype(np.int64)


def adoption_of(n_archetypes: int, applies: list[np.ndarray]) -> np.ndarray:
    """The adoption of each term column (`columns`): -1 for the archetypes' own MW."""
    return np.concatenate([np.full(n_archetypes, -1)] + [np.full(len(where), j) for j, where
                                                         in enumerate(applies)]).astype(np.int64)


def weights(base: np.ndarray, adopted: list[np.ndarray], applies: list[np.ndarray],
            out: np.ndarray | None = None) -> np.ndarray:
    """[S, C, K, M] from base and adopted intensities [S, M, C, A]: (b, a_1 - b, ...), each
    difference on the archetypes its adoption applies to. Written into `out` where given
    (e.g. the rows of a larger array), column by column from the intensities' transposed
    views: no temporary the size of the weights (the copies and concatenations that made
    them took 9 ms of a 500-sample chunk)."""
    n_s, n_m, n_c, n_a = base.shape
    if out is None:
        out = np.empty((n_s, n_c, len(columns(n_a, applies)), n_m))
    b = base.transpose(0, 2, 3, 1)                                      # [S, C, A, M]
    out[:, :, :n_a] = b
    k = n_a
    for a, where in zip(adopted, applies, strict=True):
        for archetype in where:
            np.subtract(a.transpose(0, 2, 3, 1)[:, :, archetype], b[:, :, archetype],
                        out=out[:, :, k])
            k += 1
    return out
