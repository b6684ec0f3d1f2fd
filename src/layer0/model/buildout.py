"""Announced projects + a top-down electricity path -> IT capacity stock and additions.

The path (TWh by region and year) sets the total installed IT capacity:
    MW_IT = TWh * 1e6 / 8760 / (PUE * load_factor)
Announced projects (MW IT, ramped linearly from first to full year) are part of that total,
in their own archetype. The rest ("unannounced") is split by the archetype mix. The
unannounced stock never shrinks to make room for announcements (existing halls do not close
because a campus was announced elsewhere): when announcements outgrow the path, the total
exceeds the path and the difference is reported as `announced_excess`, never hidden, and
announcements are never scaled down to fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layer0.errors import InputError
from layer0.units import twh_to_average_mw


def interpolate_path(points: pd.DataFrame, years: np.ndarray, label: str,
                     extension: str = "none", lead_years: int = 0) -> np.ndarray:
    """Monotone cubic (PCHIP-type) interpolation of the log of sourced points.

    Growth compounds, so the curve runs through log values; PCHIP keeps it monotone between
    the points and its slope (the growth rate) continuous, so the rate does not jump at a
    sourced year (log-linear segments made every region's growth step down at once in 2030).
    Outside the points the log grows at the end slope, one year beyond the data at most for the
    scenario's years; `lead_years` more may follow the last year (purchases made before the
    end for capacity energised after it). With `extension` "hold" the last sourced value holds
    flat after the last sourced year instead."""
    known = points.sort_values("year")
    xs = known["year"].to_numpy(dtype=float)
    ys = np.log(np.maximum(known["value"].to_numpy(dtype=float), 1e-9))
    if len(xs) < 2:
        raise InputError.at(label, "year", f"a path needs at least two years, got {len(xs)}")
    asked = years[:len(years) - lead_years] if lead_years else years
    if asked.min() < xs[0] - 1 or (extension != "hold" and asked.max() > xs[-1] + 1):
        raise InputError.at(label, "year", f"the path covers {int(xs[0])}-{int(xs[-1])}, the "
                            f"scenario asks for {int(asked.min())}-{int(asked.max())}")
    curve = _monotone(xs, ys)
    value = curve(np.clip(years, xs[0], xs[-1]))
    first, last = curve.derivative()(xs[[0, -1]])
    value = np.where(years < xs[0], ys[0] + first * (years - xs[0]), value)
    after = 0.0 if extension == "hold" else last
    value = np.where(years > xs[-1], ys[-1] + after * (years - xs[-1]), value)
    return np.exp(value)


def _monotone(xs: np.ndarray, ys: np.ndarray):
    """PCHIP's slopes inside; in each end segment the growth rate changes linearly (end slope
    = 2 x the segment's average rate - the slope at its inner knot, kept on the segment's
    side of zero). PCHIP's one-sided end formula nearly flattened a path whose growth slows in
    its last segment (China 2030-35 ended at ~1 %/yr, a cliff in the last years' additions);
    the segment's average rate at the end made the rate dip and rise again (a U). A linear
    rate does neither, and the path continues at its end rate."""
    # imported here: 0.65 s of a command's start, and a run whose inputs were prepared
    # before (engine.prepared) draws no path
    from scipy.interpolate import CubicHermiteSpline, PchipInterpolator

    if len(xs) == 2:
        return CubicHermiteSpline(xs, ys, np.full(2, (ys[1] - ys[0]) / (xs[1] - xs[0])),
                                  extrapolate=False)
    slopes = PchipInterpolator(xs, ys).derivative()(xs)
    for end, inner, (a, b) in ((0, 1, (0, 1)), (-1, -2, (-2, -1))):
        secant = (ys[b] - ys[a]) / (xs[b] - xs[a])
        linear = 2.0 * secant - slopes[inner]
        slopes[end] = linear if linear * secant > 0 else 0.0
    return CubicHermiteSpline(xs, ys, slopes, extrapolate=False)


def path_capacity(path: np.ndarray, kind: str, pue: np.ndarray, load_factor: np.ndarray
                  ) -> np.ndarray:
    """A path [year, region] -> installed IT capacity (MW) [sample, year, region]. An energy
    path (TWh) is divided by PUE and load factor ([sample] or [sample, year]); a power path is
    MW of IT already."""
    if kind == "power":
        return np.broadcast_to(np.asarray(path, dtype=float)[None], (len(pue), *np.shape(path)))
    average_facility_mw = twh_to_average_mw(1.0) * np.asarray(path)[None]
    conversion = np.asarray(pue) * np.asarray(load_factor)
    conversion = conversion[:, None] if conversion.ndim == 1 else conversion
    return average_facility_mw / conversion[:, :, None]


def ramp(first_year, full_year, years: np.ndarray) -> np.ndarray:
    """Share of a project's capacity in service each year: linear from first to full year.
    first_year / full_year may be arrays [S] (slipped per sample) -> [S, year]."""
    first = np.asarray(first_year, dtype=float)[..., None]
    steps = np.asarray(full_year, dtype=float)[..., None] - first + 1
    return np.clip((years - first + 1) / steps, 0.0, 1.0)


def announced_capacity(projects: list[dict], capacity_it: np.ndarray, years: np.ndarray,
                       regions: list[str], archetypes: list[str],
                       delay: np.ndarray | None = None) -> np.ndarray:
    """Operating capacity of announced projects [sample, year, region, archetype] (MW IT).

    projects: one dict per project (first_year, full_year, path_region, archetype);
    capacity_it: [sample, project] MW IT, in their order (0 for a project that is not
    completed in that sample); delay: [sample, project] years of slippage. Each project's
    share in service is `ramp`'s (kernels.announced adds them in one compiled pass)."""
    from layer0.model import kernels  # numba: only where the model runs

    out = np.zeros((capacity_it.shape[0], len(years), len(regions), len(archetypes)))
    capacity = np.ascontiguousarray(capacity_it, dtype=np.float64)
    kernels.announced(
        np.array([row["first_year"] for row in projects], dtype=np.float64),
        np.array([row["full_year"] for row in projects], dtype=np.float64),
        np.array([regions.index(row["path_region"]) for row in projects], dtype=np.int64),
        np.array([archetypes.index(row["archetype"]) for row in projects], dtype=np.int64),
        capacity, np.zeros_like(capacity) if delay is None else
        np.ascontiguousarray(delay, dtype=np.float64), np.asarray(years, dtype=np.float64),
        out)
    return out


def capacity_stock(total: np.ndarray | None, announced: np.ndarray, mix: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Split the path total [sample, year, region] into archetypes around the announced
    projects [sample, year, region, archetype]; mix is [sample, year, archetype]. Without a
    path (`total` None: announced projects only) the stock is the announced capacity.

    Returns (stock [sample, year, region, archetype], announced_excess [sample, year, region]).
    """
    if total is None:
        return announced.copy(), np.zeros(announced.shape[:-1])
    from layer0.model import kernels  # numba: only where the model runs

    n_s, n_y, n_r, n_a = announced.shape
    stock, excess = np.empty(announced.shape), np.empty((n_s, n_y, n_r))
    # the room above the announced, kept from year to year, split by the mix; float noise
    # is not an excess (numpy's numbers, in one compiled pass)
    kernels.capacity_split(np.broadcast_to(total, (n_s, n_y, n_r)), announced,
                           np.broadcast_to(mix, (n_s, n_y, n_a)), stock, excess)
    return stock, excess
