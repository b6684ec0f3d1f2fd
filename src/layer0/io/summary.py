"""summary.json: the small, stable, byte-reproducible result of a run (DESIGN.md contract)."""

from __future__ import annotations

import json
from typing import NotRequired, TypedDict

import numpy as np

from layer0.analysis.quantiles import CUMULATIVE_PERIOD, FLOWS, quantile_record
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


def cells(arrays: dict[str, np.ndarray], years: list[int]) -> dict[str, np.ndarray]:
    """The per-sample numbers summary.json takes quantiles of, [S, ...] each, from the
    engine's outputs [S, ...] (engine.VARIABLES order): world totals by year, sums over the
    reporting period (summed per sample, never by adding percentiles), the announced
    excess by region. A chunk's cells are a few kB a sample where its outputs are ~0.5 MB."""
    out = {
        "capacity": arrays["capacity"].sum(axis=(2, 3)),                      # [S, Y]
        "boundary": arrays["demand_by_boundary"].sum(axis=2),                 # [S, Y, B, M]
        "excess_region": arrays["announced_excess"],                          # [S, Y, R]
        "announced": arrays["announced_capacity"].sum(axis=(2, 3)),
        "unannounced": arrays["unannounced_capacity"].sum(axis=2),
    }
    out["excess"] = out["excess_region"].sum(axis=2)
    for name in SUMMARY_FLOWS:
        if FLOWS[name] in arrays:
            out[f"flow:{name}"] = arrays[FLOWS[name]].sum(axis=2)              # [S, Y, M]
    start, end = CUMULATIVE_PERIOD
    if start in years and end in years:
        period = [i for i, y in enumerate(years) if start <= y <= end]
        for name in [n for n in out if n == "boundary" or n.startswith("flow:")]:
            out[f"cumulative:{name}"] = out[name][:, period].sum(axis=1)
    return out


def build(stats, attrs: dict, coords: dict, supply: list[dict], scenario) -> Summary:
    """summary.json from the statistics of the run's `cells` (analysis/streaming.py: exact
    from the samples in memory, or a sketch of a run that streams them). `attrs`: the
    run's attributes (versions, samples, seed, sampling, user_projects); `coords`: its
    years, materials and regions."""
    years, materials, regions = coords["year"], coords["material"], coords["region"]
    capacity = stats.table("capacity")                                     # [Y, 3]
    boundaries = stats.table("boundary")                                   # [Y, B, M, 3]
    excess = stats.table("excess")
    summary = {
        "layer0_version": attrs["layer0_version"],
        "data_version": attrs["data_version"],
        "scenario": scenario.name,
        "samples": int(attrs["samples"]),
        "seed": int(attrs["seed"]),
        "sampling": attrs.get("sampling", "mc"),
        "years": [years[0], years[-1]],
        "capacity": [{"year": y, "unit": "MW", "basis": "IT", **quantile_record(capacity[i])}
                     for i, y in enumerate(years)],
        # facility (inside the fence) is the first boundary
        "demand": [{"material": m, "year": y, "unit": "t",
                    **quantile_record(boundaries[i, 0, k])}
                   for k, m in enumerate(materials) for i, y in enumerate(years)],
        "supply": supply,
        "demand_boundary": "facility",
    }
    if attrs.get("user_projects"):
        summary["user_projects"] = str(attrs["user_projects"]).split(",")
    start, end = CUMULATIVE_PERIOD
    whole_period = "cumulative:boundary" in stats
    if whole_period:
        cumulative = stats.table("cumulative:boundary")                   # [B, M, 3]
        summary["cumulative_demand"] = [
            {"material": m, "from": start, "to": end, "unit": "t",
             **quantile_record(cumulative[0, k])} for k, m in enumerate(materials)]
    summary["demand_by_boundary"] = [
        {"material": m, "year": y, "boundary": b, "unit": "t",
         **quantile_record(boundaries[i, j, k])}
        for k, m in enumerate(materials) for j, b in enumerate(BOUNDARIES)
        for i, y in enumerate(years)]
    if whole_period:
        summary["cumulative_demand_by_boundary"] = [
            {"material": m, "boundary": b, "from": start, "to": end, "unit": "t",
             **quantile_record(cumulative[j, k])}
            for k, m in enumerate(materials) for j, b in enumerate(BOUNDARIES)]
    flows = [name for name in SUMMARY_FLOWS if f"flow:{name}" in stats]
    tables = {name: stats.table(f"flow:{name}") for name in flows}           # [Y, M, 3]
    summary["flows"] = [
        {"material": m, "year": y, "flow": name, "unit": "t",
         **quantile_record(tables[name][i, k])}
        for k, m in enumerate(materials) for name in flows for i, y in enumerate(years)]
    if whole_period:
        sums = {name: stats.table(f"cumulative:flow:{name}") for name in flows}
        summary["cumulative_flows"] = [
            {"material": m, "flow": name, "from": start, "to": end, "unit": "t",
             **quantile_record(sums[name][k])} for k, m in enumerate(materials)
            for name in flows]
    regional = stats.table("excess_region")                                # [Y, R, 3]
    regional_max, excess_max = stats.max("excess_region"), stats.max("excess")
    summary["announced_excess"] = [
        {"year": y, "unit": "MW", **quantile_record(excess[i]),
         # where: the regions whose path the announcements outgrow in this year (P50, P95)
         "regions": {r: quantile_record(regional[i, k]) for k, r in enumerate(regions)
                     if float(regional_max[i, k]) > 0}}
        for i, y in enumerate(years) if float(excess_max[i]) > 0]
    # announced vs projected: the announced projects, the residual of the path, and the excess
    split = {k: stats.table(k) for k in ("announced", "unannounced")}
    summary["announced_vs_projected"] = [
        {"year": y, "unit": "MW", "basis": "IT",
         "announced": quantile_record(split["announced"][i]),
         "unannounced": quantile_record(split["unannounced"][i]),
         "excess": quantile_record(excess[i])}
        for i, y in enumerate(years) if y >= 2024]
    return summary


def dumps(summary: Summary) -> str:
    return json.dumps(summary, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
