"""summary.json: the small, stable, byte-reproducible result of a run (DESIGN.md contract)."""

from __future__ import annotations

import json
from typing import NotRequired, TypedDict

import numpy as np
import xarray as xr

from layer0.analysis.quantiles import (
    CUMULATIVE_PERIOD,
    FLOWS,
    quantile_record,
    quantile_table,
)
from layer0.model.engine import BOUNDARIES  # nested: facility, campus, grid

SUMMARY_FLOWS = [name for name in FLOWS if name != "demand"]  # demand has its own key


class Summary(TypedDict):
    """summary.json (DESIGN.md contract: these keys keep their meaning; more may be added).
    Rows are {year or material/flow, unit, p5, p50, p95}; the cumulative rows sum samples
    over 2025-2035 before taking quantiles."""

    layer0_version: str
    data_version: str
    scenario: str
    samples: int
    seed: int
    sampling: str
    years: list[int]
    capacity: list[dict]
    demand: list[dict]
    supply: list[dict]
    user_projects: NotRequired[list[str]]
    cumulative_demand: NotRequired[list[dict]]
    flows: list[dict]
    cumulative_flows: NotRequired[list[dict]]
    demand_boundary: str                 # the boundary of `demand`: facility (inside the fence)
    demand_by_boundary: list[dict]       # {material, year, boundary, ...}: facility < campus < grid
    cumulative_demand_by_boundary: NotRequired[list[dict]]
    announced_excess: list[dict]
    announced_vs_projected: list[dict]


def _world(ds: xr.Dataset, var: str, *leading: str) -> np.ndarray:
    """The world total of a variable, [*leading, sample], as numpy."""
    da = ds[var]
    da = da.sum([d for d in da.dims if d not in (*leading, "sample")], skipna=False)
    return da.transpose(*leading, "sample").to_numpy()


def build(ds: xr.Dataset, supply: list[dict], scenario) -> Summary:
    years = [int(y) for y in ds["year"].to_numpy()]
    materials = [str(m) for m in ds["material"].to_numpy()]
    capacity = quantile_table(_world(ds, "capacity", "year"))
    boundary_samples = _world(ds, "demand_by_boundary", "boundary", "material", "year")
    demand_samples = boundary_samples[0]  # facility: inside the fence
    demand = quantile_table(demand_samples)
    by_region = _world(ds, "announced_excess", "region", "year")       # [region, year, sample]
    excess_samples = by_region.sum(axis=0)
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
        "demand_boundary": "facility",
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
    boundaries = quantile_table(boundary_samples)
    summary["demand_by_boundary"] = [
        {"material": m, "year": y, "boundary": b, "unit": "t",
         **quantile_record(boundaries[j, k, i])}
        for k, m in enumerate(materials) for j, b in enumerate(BOUNDARIES)
        for i, y in enumerate(years)]
    if whole_period:
        sums = quantile_table(boundary_samples[:, :, period].sum(axis=2))
        summary["cumulative_demand_by_boundary"] = [
            {"material": m, "boundary": b, "from": start, "to": end, "unit": "t",
             **quantile_record(sums[j, k])}
            for k, m in enumerate(materials) for j, b in enumerate(BOUNDARIES)]
    flows = {name: _world(ds, FLOWS[name], "material", "year") for name in SUMMARY_FLOWS
             if FLOWS[name] in ds}
    tables = {name: quantile_table(f) for name, f in flows.items()}
    summary["flows"] = [
        {"material": m, "year": y, "flow": name, "unit": "t", **quantile_record(tables[name][k, i])}
        for k, m in enumerate(materials) for name in flows for i, y in enumerate(years)]
    if whole_period:
        sums = {name: quantile_table(f[:, period].sum(axis=1)) for name, f in flows.items()}
        summary["cumulative_flows"] = [
            {"material": m, "flow": name, "from": start, "to": end, "unit": "t",
             **quantile_record(sums[name][k])} for k, m in enumerate(materials) for name in flows]
    regions = [str(r) for r in ds["region"].to_numpy()]
    regional = quantile_table(by_region)
    summary["announced_excess"] = [
        {"year": y, "unit": "MW", **quantile_record(excess[i]),
         # where: the regions whose path the announcements outgrow in this year (P50, P95)
         "regions": {r: quantile_record(regional[k, i]) for k, r in enumerate(regions)
                     if float(by_region[k, i].max()) > 0}}
        for i, y in enumerate(years) if float(excess_samples[i].max()) > 0]
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


def dumps(summary: Summary) -> str:
    return json.dumps(summary, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
