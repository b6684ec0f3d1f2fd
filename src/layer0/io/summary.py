"""summary.json: the small, stable, byte-reproducible result of a run (DESIGN.md contract)."""

from __future__ import annotations

import json

import numpy as np
import xarray as xr

QUANTILES = {"p5": 0.05, "p50": 0.5, "p95": 0.95}
CUMULATIVE_PERIOD = (2025, 2035)
# flow name in summary.json -> Dataset variable. demand = growth + replacement;
# primary = demand - secondary (negative when more scrap comes back than is needed)
FLOWS = {"growth": "demand_growth", "replacement": "demand_replacement",
         "retired": "eol_outflow", "secondary": "secondary_supply", "primary": "primary_demand"}


def period_index(years, period: tuple[int, int] = CUMULATIVE_PERIOD
                 ) -> tuple[int, int, list[int]] | None:
    """The reporting period clipped to the run's years: (from, to, indices), or None."""
    years = [int(y) for y in years]
    idx = [i for i, y in enumerate(years) if period[0] <= y <= period[1]]
    return (years[idx[0]], years[idx[-1]], idx) if idx else None


def _num(x: float) -> float:
    """Six significant digits: stable text across runs, ample for tonnes and MW."""
    return float(f"{float(x):.6g}")


def quantile_table(samples: np.ndarray) -> np.ndarray:
    """P5/P50/P95 over the last axis (sample), for every leading cell at once."""
    return np.moveaxis(np.quantile(samples, list(QUANTILES.values()), axis=-1), 0, -1)


def quantiles_of(samples: np.ndarray) -> dict:
    """{"p5", "p50", "p95"} of a 1-d array of samples."""
    return quantile_record(quantile_table(np.asarray(samples, dtype=float)))


def quantile_record(row: np.ndarray) -> dict:
    return {k: _num(v) for k, v in zip(QUANTILES, row, strict=True)}


def _world(ds: xr.Dataset, var: str, *leading: str) -> np.ndarray:
    """The world total of a variable, [*leading, sample], as numpy."""
    da = ds[var]
    da = da.sum([d for d in da.dims if d not in (*leading, "sample")], skipna=False)
    return da.transpose(*leading, "sample").to_numpy()


def build(ds: xr.Dataset, supply: list[dict], scenario) -> dict:
    years = [int(y) for y in ds["year"].to_numpy()]
    materials = [str(m) for m in ds["material"].to_numpy()]
    capacity = quantile_table(_world(ds, "capacity", "year"))
    demand_samples = _world(ds, "demand", "material", "year")
    demand = quantile_table(demand_samples)
    excess_samples = _world(ds, "announced_excess", "year")
    excess = quantile_table(excess_samples)
    summary = {
        "layer0_version": ds.attrs["layer0_version"],
        "data_version": ds.attrs["data_version"],
        "scenario": scenario.name,
        "samples": int(ds.attrs["samples"]),
        "seed": int(ds.attrs["seed"]),
        "sampling": ds.attrs.get("sampling", "mc"),
        "years": [years[0], years[-1]],
        "capacity": [{"year": y, "unit": "MW", "basis": "IT", **quantile_record(capacity[i])}
                     for i, y in enumerate(years)],
        "demand": [{"material": m, "year": y, "unit": "t", **quantile_record(demand[k, i])}
                   for k, m in enumerate(materials) for i, y in enumerate(years)],
        "supply": supply,
    }
    if ds.attrs.get("user_projects"):
        summary["user_projects"] = str(ds.attrs["user_projects"]).split(",")
    start, end = CUMULATIVE_PERIOD
    period = [i for i, y in enumerate(years) if start <= y <= end]
    whole_period = start in years and end in years
    if whole_period:
        # intervals of sums come from summing samples first, never from adding percentiles
        cumulative = quantile_table(demand_samples[:, period].sum(axis=1))
        summary["cumulative_demand"] = [
            {"material": m, "from": start, "to": end, "unit": "t", **quantile_record(cumulative[k])}
            for k, m in enumerate(materials)]
    flows = {name: _world(ds, var, "material", "year") for name, var in FLOWS.items()
             if var in ds}
    tables = {name: quantile_table(f) for name, f in flows.items()}
    summary["flows"] = [
        {"material": m, "year": y, "flow": name, "unit": "t", **quantile_record(tables[name][k, i])}
        for k, m in enumerate(materials) for name in flows for i, y in enumerate(years)]
    if whole_period:
        sums = {name: quantile_table(f[:, period].sum(axis=1)) for name, f in flows.items()}
        summary["cumulative_flows"] = [
            {"material": m, "flow": name, "from": start, "to": end, "unit": "t",
             **quantile_record(sums[name][k])} for k, m in enumerate(materials) for name in flows]
    summary["announced_excess"] = [{"year": y, "unit": "MW", **quantile_record(excess[i])}
                                   for i, y in enumerate(years)
                                   if float(excess_samples[i].max()) > 0]
    # announced vs projected: the announced projects, the residual of the path, and the excess
    split = {k: quantile_table(_world(ds, v, "year")) for k, v in (
        ("announced", "announced_capacity"), ("unannounced", "unannounced_capacity"))}
    summary["announced_vs_projected"] = [
        {"year": y, "unit": "MW", "basis": "IT",
         "announced": quantile_record(split["announced"][i]),
         "unannounced": quantile_record(split["unannounced"][i]),
         "excess": quantile_record(excess[i])}
        for i, y in enumerate(years) if y >= 2024]
    return summary


def dumps(summary: dict) -> str:
    return json.dumps(summary, indent=1, ensure_ascii=False) + "\n"
