"""Scenarios side by side: the same seed and samples for each, so each parameter draws the
same stream in every scenario (streams are keyed by name) and a difference is taken sample by
sample (paired), which is much tighter than the difference of two independent intervals."""

from __future__ import annotations

from typing import NotRequired, TypedDict

import numpy as np

from layer0.analysis.quantiles import FLOWS, Quantiles, period_index, quantiles_of
from layer0.errors import InputError
from layer0.model import engine

PERIODS = ((2025, 2030), (2031, 2035), (2025, 2035))
CAPACITY_YEARS = (2025, 2030, 2035)


class Difference(Quantiles):
    """A scenario minus the reference, sample by sample, and the relative change of the P50."""

    relative_p50: float | None


ComparedPeriod = TypedDict("ComparedPeriod", {
    "material": str, "from": int, "to": int, "unit": str,
    "scenarios": dict[str, Quantiles], "difference": dict[str, Difference]})


class ComparedCapacity(TypedDict):
    year: int
    unit: str
    basis: str
    scenarios: dict[str, Quantiles]
    announced: dict[str, Quantiles]


class Comparison(TypedDict):
    reference: str
    scenarios: list[str]
    flow: str
    rows: list[ComparedPeriod]
    capacity: list[ComparedCapacity]
    samples: NotRequired[int]
    seed: NotRequired[int]


def world_totals(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Reduce a chunk to what a comparison needs: world totals [S, year(, material)]."""
    out = {"capacity": arrays["capacity"].sum(axis=(2, 3)),
           "announced_capacity": arrays["announced_capacity"].sum(axis=(2, 3)),
           "demand": arrays["demand_by_boundary"][:, :, :, 0].sum(axis=2)}  # facility
    for name in FLOWS.values():
        if name != "demand":
            out[name] = arrays[name].sum(axis=2)
    return out


def run_totals(ref, scenario, samples: int, seed: int, executor=None) -> dict:
    p = engine.plan(ref, scenario, samples, seed)
    totals = engine.assemble(p, executor, reduce=world_totals)
    return {"years": [int(y) for y in p.prep.report_years], "materials": p.prep.materials,
            **totals}


def compare(runs: dict[str, dict], flow: str = "demand", materials: list[str] | None = None
            ) -> Comparison:
    """P5/P50/P95 per scenario, material and period, and each scenario's paired difference
    from the first one."""
    names = list(runs)
    first = runs[names[0]]
    all_materials = first["materials"]
    check_request(flow, materials, all_materials)
    chosen = materials or all_materials
    spans = {}
    for period in PERIODS:
        found = [period_index(runs[n]["years"], period) for n in names]
        if all(s is not None and (s[0], s[1]) == period for s in found):
            spans[period] = found  # every scenario covers the whole period
    if not spans:
        periods = ", ".join(f"{a}-{b}" for a, b in PERIODS)
        raise InputError.parameter("scenarios", f"no period of {periods} is covered by "
                                   "every scenario")
    chosen = list(dict.fromkeys(chosen))
    rows = []
    for material in chosen:
        m_i = all_materials.index(material)
        for period, found in spans.items():
            totals = {n: runs[n][FLOWS[flow]][:, s[2], m_i].sum(axis=1)
                      for n, s in zip(names, found, strict=True)}
            rows.append({"material": material, "from": period[0], "to": period[1], "unit": "t",
                         "scenarios": {n: quantiles_of(t) for n, t in totals.items()},
                         "difference": {n: _difference(totals[n], totals[names[0]])
                                        for n in names[1:]}})
    capacity = []
    for year in CAPACITY_YEARS:
        if all(year in runs[n]["years"] for n in names):
            capacity.append({"year": year, "unit": "MW", "basis": "IT", "scenarios": {
                n: quantiles_of(runs[n]["capacity"][:, runs[n]["years"].index(year)])
                for n in names}, "announced": {
                n: quantiles_of(runs[n]["announced_capacity"][:, runs[n]["years"].index(year)])
                for n in names}})
    return {"reference": names[0], "scenarios": names, "flow": flow, "rows": rows,
            "capacity": capacity}


def check_request(flow: str, materials: list[str] | None, all_materials: list[str]) -> None:
    """The flow and the materials asked for must exist."""
    if flow not in FLOWS:
        raise InputError.parameter("flow", f"unknown flow '{flow}' (allowed: "
                                   f"{', '.join(FLOWS)})")
    unknown = [m for m in materials or [] if m not in all_materials]
    if unknown:
        raise InputError.parameter("material", f"unknown material {', '.join(unknown)} "
                                   f"(allowed: {', '.join(all_materials)})")


def _difference(values: np.ndarray, reference: np.ndarray) -> Difference:
    record = quantiles_of(values - reference)
    ref_p50 = float(np.median(reference))
    record["relative_p50"] = (round(float(np.median(values)) / ref_p50 - 1, 6)
                              if ref_p50 > 0 else None)
    return record
