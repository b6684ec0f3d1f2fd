"""Seeded draws of uncertain parameters, one independent stream per parameter name.

Each named parameter gets its own random stream derived from (seed, name), so adding a
parameter never shifts the draws of the others. With one sample the draw is the mode:
the deterministic case (DESIGN: "one sample = the deterministic case").
"""

from __future__ import annotations

import hashlib

import numpy as np
from scipy import stats


def _stream(seed: int, name: str) -> np.random.Generator:
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(key,)))


def uniforms(seed: int, name: str, samples: int) -> np.ndarray:
    """Quantiles in [0, 1) for `name`, reproducible from (seed, name)."""
    return _stream(seed, name).random(samples)


def triangular(low, mode, high, u: np.ndarray, deterministic: bool) -> np.ndarray:
    """Inverse CDF of triangular(low, mode, high) at quantiles u (broadcasting).

    `deterministic` returns the mode instead, whatever u is.
    """
    low, mode, high = (np.asarray(x, dtype=float) for x in (low, mode, high))
    if deterministic:
        return np.broadcast_to(mode, np.broadcast_shapes(mode.shape, np.shape(u))).copy()
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    c = np.where(width > 0, (mode - low) / safe, 0.5)
    value = stats.triang.ppf(u, c, loc=low, scale=safe)
    return np.where(width > 0, value, mode)
