"""Coverage: does a supply asset or offtake cover a facility's material, and how many MW?

    facility demand = MW IT x t/MW IT of the archetype's components in scope
    covered share   = supply / facility demand;   covered MW = supply / (t/MW IT)

Both come per sample (the intensity, and for a registry project its MW, are sampled as in a
run: same parameters, same streams), so P5 of the covered share pairs with P95 of demand.
The facility's demand is what it takes to build it (first fill), not its replacements.
Also here: scheduled new mine supply in a region against its data-centre demand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import xarray as xr

from layer0 import limits
from layer0.analysis.quantiles import period_index, quantiles_of
from layer0.errors import InputError, mention
from layer0.model import parameters
from layer0.model.engine import prepared
from layer0.model.sampling import quantiles
from layer0.reference.geography import path_region
from layer0.supply import concentration as conc
from layer0.supply.answers import CoverageAnswer, NewSupplyAnswer
from layer0.supply.exposure import region_problem, world_demand

SCOPES = {"facility": ("inside_fence",), "with_grid": ("inside_fence", "grid")}


def supply_amount(ref, material: str, asset: str | None, quantity_t: float | None,
                  years: float | None) -> dict:
    """The supply side: an asset of supply_assets.csv, or a quantity over some years."""
    if (asset is None) == (quantity_t is None):
        raise InputError.parameter("asset", f"give {mention('asset')} ID or "
                                   f"{mention('quantity_t')} T (with {mention('years')} N), one "
                                   "of them")
    if years is not None and not (math.isfinite(years) and years > 0):
        raise InputError.parameter("years", f"must be a positive number, got {years}")
    if years is not None and (problem := limits.PERIOD_YEARS.problem(years)):
        raise InputError.parameter("years", problem)
    if quantity_t is not None:
        if not math.isfinite(quantity_t):
            raise InputError.parameter("quantity_t", f"must be a finite number, got {quantity_t}")
        if quantity_t < 0:
            raise InputError.parameter("quantity_t", f"must not be negative, got {quantity_t}")
        if problem := limits.TONNES.problem(quantity_t):
            raise InputError.parameter("quantity_t", problem)
        if years is None:
            raise InputError.parameter("years", "give the years the quantity is spread over")
        return {"supply_t": float(quantity_t), "years": years,
                "per_year_t": float(quantity_t) / years, "asset": None}
    assets = ref["supply_assets"].set_index("id")
    if asset not in assets.index:
        raise InputError.parameter("asset", f"unknown '{asset}' (allowed: "
                         f"{', '.join(assets.index)})")
    row = assets.loc[asset]
    if row["material"] != material:
        raise InputError.parameter("asset", f"{asset} supplies {row['material']}, not {material}")
    if pd.isna(row["tonnes"]):
        raise InputError.parameter("asset", f"{asset} has no disclosed quantity "
                                   f"({row['note'][:160]}); use {mention('quantity_t')} with a "
                                   "figure you can source")
    period = years if years is not None else row["period_years"]
    if pd.isna(period):
        raise InputError.parameter("years", f"{asset} is {row['per']}ly with no stated period; "
                                   f"give {mention('years')} N")
    total = float(row["tonnes"]) * (float(period) if row["per"] == "year" else 1.0)
    if row["per"] == "total" and years is not None and years != row["period_years"]:
        raise InputError.parameter("years", f"{asset} is a total over {row['period_years']} years; "
                                   f"leave {mention('years')} out")
    return {"supply_t": total, "years": float(period), "per_year_t": total / float(period),
            "asset": {"id": asset, "name": row["name"], "kind": row["kind"],
                      "operator": row["operator"], "source_id": row["source_id"],
                      "quality": row["quality"]}}


def facility_samples(ref, scenario, material: str, facility: str | None,
                     capacity_mw: float | None, archetype: str | None, scope: str,
                     samples: int, seed: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """MW IT [S] and t/MW IT [S] of one facility, drawn from the run's parameters."""
    if (facility is None) == (capacity_mw is None):
        raise InputError.parameter("facility", f"give {mention('facility')} ID or "
                                   f"{mention('capacity_mw')} MW with {mention('archetype')} A, "
                                   "one of them")
    if scope not in SCOPES:
        raise InputError.parameter("scope", f"unknown '{scope}' (allowed: {', '.join(SCOPES)})")
    archetypes = list(ref["archetypes"]["id"])
    prep = prepared(ref, scenario)   # kept with the reference data (engine.prepared)
    if facility is not None:
        ids = list(prep.projects["id"])
        if facility not in ids:
            raise InputError.parameter("facility", f"unknown '{facility}' (allowed: "
                             f"{', '.join(ids)})")
        project = prep.projects.set_index("id").loc[facility]
        if archetype is not None:
            raise InputError.parameter("archetype", "a registry facility has its own archetype "
                                       f"({project['archetype']}); give "
                                       f"{mention('archetype')} only with "
                                       f"{mention('capacity_mw')}")
        archetype = project["archetype"]
        info = {"id": facility, "name": project["name"], "operator": project["operator"],
                "region": project["region"], "source_id": project["source_id"]}
    else:
        if not (math.isfinite(capacity_mw) and capacity_mw > 0):
            raise InputError.parameter("capacity_mw", f"must be a positive number, got "
                                       f"{capacity_mw}")
        if problem := limits.SITE_MW.problem(capacity_mw):
            raise InputError.parameter("capacity_mw", problem)
        if archetype is None:
            raise InputError.parameter("archetype", f"required with {mention('capacity_mw')} "
                                       "(allowed: "
                             f"{', '.join(archetypes)})")
        if archetype not in archetypes:
            raise InputError.parameter("archetype", f"unknown '{archetype}' (allowed: "
                             f"{', '.join(archetypes)})")
        info = {"id": None}
    params = parameters.define(prep)
    deterministic = samples == 1
    d = parameters.draw(prep, params, quantiles(params, seed, samples), deterministic)
    a_i = prep.archetypes.index(archetype)
    m_i = prep.materials.index(material)
    in_scope = ref["components"].set_index("id").loc[prep.components, "scope"].isin(
        SCOPES[scope]).to_numpy()
    per_mw = d.intensity[:, m_i, in_scope, a_i].sum(axis=1)
    if facility is not None:
        mw = d.project_it[:, list(prep.projects["id"]).index(facility)]
    else:
        mw = np.full(len(per_mw), float(capacity_mw))
    info.update({"archetype": archetype, "scope": scope,
                 "architecture": scenario.architecture.get(archetype, [])})
    return np.broadcast_to(mw, per_mw.shape).astype(float), per_mw, info


def coverage(ref, scenario, material: str, supply: dict, facility: str | None,
             capacity_mw: float | None, archetype: str | None, scope: str, samples: int,
             seed: int) -> CoverageAnswer:
    conc.check_material(ref["materials"], material)
    mw, per_mw, info = facility_samples(ref, scenario, material, facility, capacity_mw,
                                        archetype, scope, samples, seed)
    demand = mw * per_mw
    if not np.all(per_mw > 0):
        raise InputError.parameter("material", f"the data give {material} no intensity for "
                                   f"{info['archetype']} within scope '{scope}'")
    return {
        "material": material, "supply_t": supply["supply_t"],
        "supply": {k: v for k, v in supply.items() if k != "supply_t"},
        "facility": {**info, "capacity_mw_it": quantiles_of(mw)},
        "intensity_t_per_mw_it": quantiles_of(per_mw),
        "facility_demand_t": quantiles_of(demand),
        "covered_share": quantiles_of(supply["supply_t"] / demand),
        "covered_mw": quantiles_of(supply["supply_t"] / per_mw),
        "samples": samples, "seed": seed,
        "basis": "first fill of the facility (construction), not replacements; MW of IT load",
    }


def scheduled_supply(assets: pd.DataFrame, material: str, in_region, years: list[int]
                     ) -> tuple[np.ndarray, list[dict], list[dict]]:
    """Annual tonnes [Y] of the region's mines with a start year (nameplate from the start
    year for their stated life, an upper bound on a ramp-up), plus the listed and the
    unscheduled assets. Demonstrations and offtakes are parts of mines already counted.
    `in_region(country)` says whether an asset's ISO country lies in the model region."""
    rows = assets[(assets["material"] == material) & assets["country"].map(in_region)]
    per_year = np.zeros(len(years))
    counted, unscheduled = [], []
    for _, row in rows.iterrows():
        entry = {"id": row["id"], "name": row["name"], "kind": row["kind"],
                 "source_id": row["source_id"]}
        if row["kind"] == "mine" and row["per"] == "year" and pd.notna(row["start_year"]):
            life = row["period_years"] if pd.notna(row["period_years"]) else 100
            active = [(row["start_year"] <= y < row["start_year"] + life) for y in years]
            per_year += np.where(active, float(row["tonnes"]), 0.0)
            counted.append({**entry, "t_per_year": float(row["tonnes"]),
                            "start_year": int(row["start_year"])})
        elif row["kind"] in ("mine", "resource"):
            unscheduled.append({**entry, "t": None if pd.isna(row["tonnes"])
                                else float(row["tonnes"]), "per": row["per"]})
    return per_year, counted, unscheduled


def _ratio(part, whole: np.ndarray) -> np.ndarray:
    """part / whole, with 0 where there is no demand (never a NaN in the JSON)."""
    part = np.broadcast_to(np.asarray(part, dtype=float), whole.shape)
    return np.divide(part, whole, out=np.zeros_like(whole, dtype=float), where=whole > 0)


def new_supply_vs_demand(ref, ds: xr.Dataset, material: str, region: str
                         ) -> NewSupplyAnswer:
    """Scheduled new mine supply in a region against the region's data-centre demand."""
    conc.check_material(ref["materials"], material)
    regions = [str(r) for r in ds["region"].to_numpy()]
    if problem := region_problem(region, regions):
        raise InputError(problem)
    years = [int(y) for y in ds["year"].to_numpy()]
    clipped = period_index(years)
    if clipped is None:
        raise InputError.parameter("scenario", "the scenario's years miss 2025-2035, the period "
                                   "new-supply reports")
    start, end, idx = clipped
    demand = world_demand(ds, material, region)[:, idx]
    supply, counted, unscheduled = scheduled_supply(
        ref["supply_assets"], material,
        lambda c: path_region(c, ref["regions"], regions) == region, [years[i] for i in idx])
    return {
        "material": material, "region": region, "from": start, "to": end,
        "samples": int(ds.sizes["sample"]),
        "by_year": [{"year": years[i], "new_supply_t": float(supply[k]),
                     "dc_demand_t": quantiles_of(demand[:, k]),
                     "supply_over_demand": quantiles_of(_ratio(supply[k], demand[:, k]))}
                    for k, i in enumerate(idx)],
        "cumulative": {"new_supply_t": float(supply.sum()),
                       "dc_demand_t": quantiles_of(demand.sum(axis=1)),
                       "supply_over_demand": quantiles_of(_ratio(supply.sum(),
                                                                 demand.sum(axis=1)))},
        "counted_assets": counted, "unscheduled_assets": unscheduled,
        "basis": "mines with a start year at nameplate from that year (upper bound: no ramp)",
    }
