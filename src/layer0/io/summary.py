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


def _num(x: float) -> float:
    """Six significant digits: stable text across runs, ample for tonnes and MW."""
    return float(f"{float(x):.6g}")


def _quantiles(samples: xr.DataArray) -> dict:
    values = np.quantile(samples.to_numpy(), list(QUANTILES.values()), axis=-1)
    return {k: _num(v) for k, v in zip(QUANTILES, values, strict=True)}


def build(ds: xr.Dataset, supply: list[dict], scenario) -> dict:
    years = [int(y) for y in ds["year"].to_numpy()]
    capacity = ds["capacity"].sum(["region", "archetype"]).transpose("year", "sample")
    demand = ds["demand"].sum(["region", "component"]).transpose("material", "year", "sample")
    excess = ds["announced_excess"].sum("region").transpose("year", "sample")
    summary = {
        "layer0_version": ds.attrs["layer0_version"],
        "data_version": ds.attrs["data_version"],
        "scenario": scenario.name,
        "samples": int(ds.attrs["samples"]),
        "seed": int(ds.attrs["seed"]),
        "sampling": ds.attrs.get("sampling", "mc"),
        "years": [years[0], years[-1]],
        "capacity": [{"year": y, "unit": "MW", "basis": "IT", **_quantiles(capacity.sel(year=y))}
                     for y in years],
        "demand": [{"material": str(m), "year": y, "unit": "t",
                    **_quantiles(demand.sel(material=m, year=y))}
                   for m in demand["material"].to_numpy() for y in years],
        "supply": supply,
    }
    start, end = CUMULATIVE_PERIOD
    if start in years and end in years:
        # intervals of sums come from summing samples first, never from adding percentiles
        cumulative = demand.sel(year=slice(start, end)).sum("year")
        summary["cumulative_demand"] = [
            {"material": str(m), "from": start, "to": end, "unit": "t",
             **_quantiles(cumulative.sel(material=m))} for m in cumulative["material"].to_numpy()]
    flows = {name: ds[var].sum("region").transpose("material", "year", "sample")
             for name, var in FLOWS.items() if var in ds}
    summary["flows"] = [
        {"material": str(m), "year": y, "flow": name, "unit": "t",
         **_quantiles(flow.sel(material=m, year=y))}
        for m in demand["material"].to_numpy() for name, flow in flows.items() for y in years]
    if start in years and end in years:
        summary["cumulative_flows"] = [
            {"material": str(m), "flow": name, "from": start, "to": end, "unit": "t",
             **_quantiles(flow.sel(material=m, year=slice(start, end)).sum("year"))}
            for m in demand["material"].to_numpy() for name, flow in flows.items()]
    summary["announced_excess"] = [{"year": y, "unit": "MW", **_quantiles(excess.sel(year=y))}
                                   for y in years if float(excess.sel(year=y).max()) > 0]
    return summary


def dumps(summary: dict) -> str:
    return json.dumps(summary, indent=1, ensure_ascii=False) + "\n"
