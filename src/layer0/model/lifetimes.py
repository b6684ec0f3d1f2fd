"""Lifetime distributions of components, given by t50 and t90 (median and 90%-failure ages).

Families: `fixed` (every unit leaves at t50), `normal` (folded at 0, so no negative ages; t50
and t90 set the normal before folding, which moves them only when t50 < ~4 standard deviations),
`lognormal` and `weibull`. t50 and t90 may be arrays (one value per sample); the survival
function broadcasts over them.

Timing convention (the same as flodym's `inflow_at="middle"`): a cohort enters at mid-year and
the stock is counted at the end of each year, so at the end of year t a cohort that entered in
year c has age t - c + 0.5. `survival_by_age(k)` is the share still in service at age k + 0.5,
for whole-year age steps k = 0, 1, 2, ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special

Family = Literal["fixed", "normal", "lognormal", "weibull"]
FAMILIES: tuple[Family, ...] = ("fixed", "normal", "lognormal", "weibull")
Z90 = special.ndtri(0.9)  # the standard normal's 90% quantile (scipy.stats.norm.ppf)


@dataclass(frozen=True)
class Lifetime:
    family: Family
    t50: np.ndarray | float
    t90: np.ndarray | float

    def __post_init__(self):
        if self.family not in FAMILIES:
            raise ValueError(f"family: unknown '{self.family}' (allowed: {', '.join(FAMILIES)})")
        t50, t90 = np.asarray(self.t50, dtype=float), np.asarray(self.t90, dtype=float)
        if np.any(t50 < 1):
            raise ValueError("t50: a lifetime must be at least one year")
        if self.family != "fixed" and np.any(t90 <= t50):
            raise ValueError(f"t90: a {self.family} lifetime needs t90 > t50")

    def survival(self, age: np.ndarray) -> np.ndarray:
        """Share of a cohort still in service at `age` (years; broadcasts with t50). The
        survival functions of scipy.stats' foldnorm, lognorm and weibull_min, written with
        the special functions they use (importing scipy.stats costs ~0.6 s of every run's
        start; tests hold these to scipy.stats)."""
        age = np.asarray(age, dtype=float)
        t50, t90 = np.asarray(self.t50, dtype=float), np.asarray(self.t90, dtype=float)
        if self.family == "fixed":
            return (age < t50).astype(float)
        if self.family == "normal":           # folded at 0: both tails of the normal
            sigma = (t90 - t50) / Z90
            x, c = age / sigma, t50 / sigma
            return special.ndtr(-(x - c)) + special.ndtr(-(x + c))
        if self.family == "lognormal":
            with np.errstate(divide="ignore"):  # age 0: log is -inf, survival 1
                return special.ndtr(-(np.log(age / t50) / (np.log(t90 / t50) / Z90)))
        shape, scale = weibull_parameters(t50, t90)
        return np.exp(-pow(age / scale, shape))

    def survival_by_age(self, n_ages: int, out: np.ndarray | None = None,
                        start: int = 0) -> np.ndarray:
        """Survival at ages k + 0.5 for k = start .. n_ages-1: shape (*t50.shape, n_ages -
        start) (written into `out` where given: the engine's table of every lifetime)."""
        t50 = np.asarray(self.t50, dtype=float)
        ages = np.arange(start, n_ages) + 0.5
        expanded = Lifetime(self.family, t50[..., None],
                            np.asarray(self.t90, dtype=float)[..., None])
        if out is None:
            out = np.empty((*t50.shape, n_ages - start))
        out[...] = expanded.survival(ages)
        return out


def weibull_parameters(t50, t90):
    """(shape k, scale lambda) with S(t50) = 0.5 and S(t90) = 0.1, S(t) = exp(-(t/lambda)^k)."""
    t50, t90 = np.asarray(t50, dtype=float), np.asarray(t90, dtype=float)
    shape = np.log(np.log(10.0) / np.log(2.0)) / np.log(t90 / t50)
    scale = t50 / np.log(2.0) ** (1.0 / shape)
    return shape, scale


def lognormal_mean_std(t50, t90):
    """Mean and standard deviation of the lognormal (flodym's parametrisation)."""
    s = np.log(np.asarray(t90, dtype=float) / np.asarray(t50, dtype=float)) / Z90
    mean = np.asarray(t50, dtype=float) * np.exp(s**2 / 2)
    return mean, mean * np.sqrt(np.expm1(s**2))
