"""P5/P50/P95 of samples, the reporting period, and the names of the material flows: the
statistics that summary.json, the supply answers and the comparisons all report."""

from __future__ import annotations

from typing import TypedDict

import numpy as np

QUANTILES = {"p5": 0.05, "p50": 0.5, "p95": 0.95}
CUMULATIVE_PERIOD = (2025, 2035)
# flow name -> Dataset variable. demand = growth + replacement; primary = demand - secondary
# (negative when more scrap comes back than is needed); retired = end-of-life outflow
FLOWS = {"demand": "demand", "growth": "demand_growth", "replacement": "demand_replacement",
         "retired": "eol_outflow", "secondary": "secondary_supply", "primary": "primary_demand",
         "manufacturing_input": "manufacturing_input"}


class Quantiles(TypedDict):
    """An uncertain quantity: its 5th, 50th and 95th percentile over the samples."""

    p5: float
    p50: float
    p95: float


def period_index(years, period: tuple[int, int] = CUMULATIVE_PERIOD
                 ) -> tuple[int, int, list[int]] | None:
    """The reporting period clipped to the run's years: (from, to, indices), or None."""
    years = [int(y) for y in years]
    idx = [i for i, y in enumerate(years) if period[0] <= y <= period[1]]
    return (years[idx[0]], years[idx[-1]], idx) if idx else None


def rounded(x: float) -> float:
    """Six significant digits: stable text across runs, ample for tonnes and MW."""
    return float(f"{float(x):.6g}")


def quantile_table(samples: np.ndarray) -> np.ndarray:
    """P5/P50/P95 over the last axis (sample), for every leading cell at once."""
    return np.moveaxis(np.quantile(samples, list(QUANTILES.values()), axis=-1), 0, -1)


def quantiles_of(samples: np.ndarray) -> Quantiles:
    """{"p5", "p50", "p95"} of a 1-d array of samples."""
    return quantile_record(quantile_table(np.asarray(samples, dtype=float)))


def quantile_record(row: np.ndarray) -> Quantiles:
    """A row [p5, p50, p95] of `quantile_table` as a record."""
    return {k: rounded(v) for k, v in zip(QUANTILES, row, strict=True)}
