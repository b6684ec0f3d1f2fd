"""Disruption: one country's supply at one stage stops (or falls by a fraction) for some years.

What data-centre demand is left unmet, per sample and year:

    base   = demand, or with --recycling demand - secondary (the fleet's own scrap meets that
             part, so only primary metal is bought on the market)
    lost   = base x share of the country x fraction        (pro-rata: data centres lose the
                                                             same share as every other buyer)
    unmet  = lost - what the stockpile still holds          (drawn down year by year)

The stockpile is N months of the first disrupted year's data-centre demand. The pro-rata rule
is ASSUMED: a buyer who outbids others would lose less, a small buyer may lose more. So is
the scrap being refined outside the stopped country (at the refining stage it may not be).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from layer0.analysis.quantiles import quantiles_of
from layer0.errors import InputError, Problem, mention
from layer0.reference.geography import is_iso_country
from layer0.supply import concentration as conc
from layer0.supply.answers import DisruptionAnswer
from layer0.supply.exposure import FLOWS, draw_shares, region_problem, world_demand

MAX_STOCKPILE_MONTHS = 120


@dataclass(frozen=True)
class Disruption:
    material: str
    country: str
    stage: str
    start: int
    end: int
    fraction: float = 1.0
    stockpile_months: float = 0.0
    recycling: bool = False
    region: str | None = None   # a model region (e.g. US); None = world demand
    flow: str = "embedded"      # or manufacturing_input: the metal consumed making the parts


def validate(ref, d: Disruption, years: tuple[int, int], regions: list[str],
             supply_year: int) -> None:
    """Every problem with the request, before any model runs (bad input -> exit 2)."""
    conc.check_material(ref["materials"], d.material)
    problems = []
    if d.stage not in conc.STAGES:
        problems.append(Problem.parameter("stage", f"unknown '{d.stage}' (allowed: "
                                          f"{', '.join(conc.STAGES)})"))
    else:
        have = [s for s in conc.STAGES if conc.stage_record(
            ref["supply"], ref["materials"], d.material, s, supply_year) is not None]
        if d.stage not in have:
            problems.append(Problem.parameter("stage", f"no {d.stage} data for {d.material} in "
                                              f"or before the scenario's supply_year "
                                              f"{supply_year} (stages with data: "
                                              f"{', '.join(have) or 'none'})"))
    if not is_iso_country(d.country):
        problems.append(Problem.parameter("country", f"'{d.country}' is not an ISO 3166-1 "
                                          "alpha-2 code (e.g. CN, CD, CL, US)"))
    first, last = years
    for field, year in (("start", d.start), ("end", d.end)):
        if not first <= year <= last:
            problems.append(Problem.parameter(field, f"{year} is outside the model years "
                                              f"{first}-{last}"))
    if d.end < d.start:
        problems.append(Problem.parameter("end", f"{d.end} is before {mention('start')} "
                                          f"{d.start}"))
    if not 0.0 <= d.fraction <= 1.0:
        problems.append(Problem.parameter("fraction", f"must be between 0 and 1, got "
                                          f"{d.fraction}"))
    if not 0.0 <= d.stockpile_months <= MAX_STOCKPILE_MONTHS:
        problems.append(Problem.parameter("stockpile_months", f"must be between 0 and "
                                          f"{MAX_STOCKPILE_MONTHS}, got {d.stockpile_months}"))
    if problem := region_problem(d.region, regions):
        problems.append(problem)
    if d.flow not in FLOWS:
        problems.append(Problem.parameter("flow", f"unknown '{d.flow}' (allowed: "
                                          f"{', '.join(FLOWS)})"))
    if problems:
        raise InputError(problems)


def unmet(demand: np.ndarray, share: np.ndarray, fraction: float, stockpile_t: np.ndarray,
          secondary: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """lost and unmet tonnes [S, Y] for demand [S, Y], the country's share [S], a stockpile [S]
    and (optionally) secondary supply [S, Y] that meets part of demand before the market."""
    base = demand if secondary is None else np.maximum(demand - secondary, 0.0)
    lost = base * share[:, None] * fraction
    need = lost
    left = np.array(stockpile_t, dtype=float, copy=True)
    out = np.empty_like(need)
    for y in range(need.shape[1]):
        drawn = np.minimum(left, need[:, y])
        left -= drawn
        out[:, y] = need[:, y] - drawn
    return lost, out


def _secondary(ds: xr.Dataset, material: str, region: str | None) -> np.ndarray:
    da = ds["secondary_supply"].sel(material=material)
    da = da.sel(region=region) if region is not None else da.sum("region")
    return da.transpose("sample", "year").to_numpy()


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def disrupt(ref, ds: xr.Dataset, d: Disruption, supply_year: int, seed: int
            ) -> DisruptionAnswer:
    years = ds["year"].to_numpy()
    window = np.flatnonzero((years >= d.start) & (years <= d.end))
    draws = draw_shares(ref, d.material, d.stage, supply_year, ds.sizes["sample"], seed)
    share = draws.of(d.country)
    demand = world_demand(ds, d.material, d.region, d.flow)[:, window]
    secondary = _secondary(ds, d.material, d.region)[:, window] if d.recycling else None
    stockpile = demand[:, 0] * d.stockpile_months / 12.0
    lost, short = unmet(demand, share, d.fraction, stockpile, secondary)
    total_demand, total_unmet = demand.sum(axis=1), short.sum(axis=1)
    record = {
        "material": d.material, "country": d.country, "stage": d.stage,
        "from": d.start, "to": d.end, "fraction": d.fraction,
        "stockpile_months": d.stockpile_months, "recycling": d.recycling,
        "region": d.region or "WORLD", "flow": d.flow, "samples": int(ds.sizes["sample"]),
        "share": {"data_year": draws.year, **quantiles_of(share)},
        "unmet_t": quantiles_of(total_unmet),
        "unmet_share": quantiles_of(_share(total_unmet, total_demand)),
        "demand_t": quantiles_of(total_demand),
        "lost_t": quantiles_of(lost.sum(axis=1)),
        "stockpile_t": quantiles_of(stockpile),
        "by_year": [{"year": int(years[i]), "demand_t": quantiles_of(demand[:, k]),
                     "lost_t": quantiles_of(lost[:, k]), "unmet_t": quantiles_of(short[:, k]),
                     "unmet_share": quantiles_of(_share(short[:, k], demand[:, k]))}
                    for k, i in enumerate(window)],
        "assumptions": [
            "pro-rata: data centres lose the country's share of their supply (ASSUMED)",
            f"shares of {draws.year} (USGS), sampled around it (Dirichlet concentration "
            f"{draws.kappa:.0f}: {draws.how})",
            "stockpile = months x the first year's data-centre demand, drawn down in order",
        ],
    }
    if secondary is not None:
        record["secondary_t"] = quantiles_of(secondary.sum(axis=1))
        record["assumptions"].append("--recycling: the fleet's own recovered scrap meets part "
                                     "of demand; the loss falls on the primary rest (ASSUMED: "
                                     "the scrap is refined outside the stopped country)")
    if d.country not in draws.countries:
        record["note"] = (f"{d.country} has no listed {d.stage} output of "
                          f"{conc.source_material(ref['materials'], d.material)}; unnamed "
                          "producers are in OTHER, which is not one country")
    return record
