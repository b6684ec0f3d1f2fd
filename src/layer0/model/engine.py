"""The orchestrator: the only place that knows the order of the steps.

run(ref, scenario, samples, seed) -> xr.Dataset with a `sample` dimension on every model
output. Arithmetic runs with exact joins, so misaligned coordinates raise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from layer0 import __version__
from layer0.errors import InputError
from layer0.model import bom, buildout, parameters
from layer0.model.stock import stock_driven_fixed
from layer0.sampling import uniforms
from layer0.scenario import Scenario


def run(ref, scenario: Scenario, samples: int = 1000, seed: int = 0,
        extra_projects: pd.DataFrame | None = None) -> xr.Dataset:
    if samples < 1:
        raise InputError(f"--samples: field: must be at least 1, got {samples}")
    with xr.set_options(arithmetic_join="exact"):
        return _run(ref, scenario, samples, seed, extra_projects)


def _run(ref, scenario, samples, seed, extra_projects):
    start, end = scenario.years
    years = np.arange(start - 1, end + 1)  # index 0 holds the initial stock
    materials = list(ref["materials"]["id"])
    components = list(ref["components"]["id"])
    archetypes = list(ref["archetypes"]["id"])
    sample = np.arange(samples)

    path = ref["electricity_paths"]
    path = path[path["path"] == scenario.demand_path]
    regions = sorted(set(path["region"]) - {"WORLD"}) or ["WORLD"]
    twh = xr.DataArray(
        np.stack([buildout.interpolate_path(path[path["region"] == r], years,
                                            f"{scenario.demand_path}/{r}") for r in regions],
                 axis=-1),
        dims=("year", "region"), coords={"year": years, "region": regions})

    projects = _projects(ref, scenario, extra_projects, regions)
    draws = parameters.draw(ref["parameters"], projects, seed, samples)
    total = buildout.path_capacity(twh, draws.pue_fleet, draws.load_factor)
    announced = buildout.announced_capacity(
        projects, buildout.ProjectDraws(draws.project_capacity_it), years, regions, archetypes)
    announced = announced.assign_coords(sample=sample)
    stock, excess = buildout.capacity_stock(total.assign_coords(sample=sample), announced,
                                            _mix(ref["archetype_mix"], years, archetypes))

    inflow, outflow, early = _component_flows(ref["lifetimes"], stock, components, archetypes)
    triplets = bom.resolve_intensities(ref["intensities"], materials, components, archetypes,
                                       scenario.architecture)
    u = xr.DataArray(np.stack([uniforms(seed, f"intensity/{m}", samples) for m in materials],
                              axis=-1),
                     dims=("sample", "material"), coords={"sample": sample,
                                                          "material": materials})
    intensity = bom.sample_intensities(triplets, u, deterministic=samples == 1)
    demand = bom.material_flows(inflow, intensity)
    retired = bom.material_flows(outflow + early, intensity).sum(["region", "component"])

    report = slice(start, end)
    ds = xr.Dataset({
        "capacity": stock.sel(year=report),
        "capacity_additions": inflow.sel(component="building", year=report, drop=True),
        "announced_capacity": announced.sel(year=report),
        "announced_excess": excess.sel(year=report),
        "component_inflow": inflow.sel(year=report),
        "component_outflow": outflow.sel(year=report),
        "early_retirement": early.sel(year=report),
        "demand": demand.sel(year=report),
        "eol_outflow": retired.sel(year=report),
        "pue_fleet": draws.pue_fleet,
        "load_factor": draws.load_factor,
    })
    units = {"capacity": "MW", "capacity_additions": "MW", "announced_capacity": "MW",
             "announced_excess": "MW", "component_inflow": "MW", "component_outflow": "MW",
             "early_retirement": "MW",
             "demand": "t", "eol_outflow": "t", "pue_fleet": "1", "load_factor": "1"}
    for name, unit in units.items():
        ds[name].attrs["units"] = unit
    ds.attrs.update({"layer0_version": __version__, "data_version": ref.version,
                     "scenario": scenario.name, "samples": samples, "seed": seed,
                     "capacity_basis": "MW of IT load"})
    return ds


def _projects(ref, scenario, extra, regions) -> pd.DataFrame:
    frames = [ref["projects"]] if scenario.include_projects else []
    if extra is not None:
        frames.append(extra)
    if not frames:
        return ref["projects"].iloc[0:0].assign(path_region=[])
    projects = pd.concat(frames, ignore_index=True)
    projects = projects[projects["status"] != "cancelled"].copy()
    projects["path_region"] = [path_region(code, ref["regions"], regions)
                               for code in projects["region"]]
    return projects


def path_region(code: str, table: pd.DataFrame, candidates: list[str]) -> str:
    """The region of the path that holds an ISO country or subdivision code."""
    if candidates == ["WORLD"]:
        return "WORLD"
    country = code.split("-")[0]
    rows = table[table["code"].isin(candidates)]
    for _, row in rows.iterrows():
        if country in row["members"].split():
            return row["code"]
    rest = rows[rows["members"].str.split().apply(lambda m: "*" in m)]
    if rest.empty:
        raise InputError(f"regions: members: no path region holds '{code}' "
                         f"(path regions: {', '.join(candidates)})")
    return rest.iloc[0]["code"]


def _mix(table: pd.DataFrame, years: np.ndarray, archetypes: list[str]) -> xr.DataArray:
    """Archetype shares of the unannounced capacity, linear between the sourced years."""
    wide = table.pivot(index="year", columns="archetype", values="share")[archetypes]
    shares = np.stack([np.interp(years, wide.index.to_numpy(), wide[a].to_numpy())
                       for a in archetypes], axis=-1)
    shares = shares / shares.sum(axis=-1, keepdims=True)
    return xr.DataArray(shares, dims=("year", "archetype"),
                        coords={"year": years, "archetype": archetypes})


def _lifetime(table: pd.DataFrame, component: str, archetype: str) -> int:
    rows = table[(table["component"] == component)
                 & table["archetype"].isin([archetype, "any"])]
    if rows.empty:
        raise InputError(f"lifetimes: component: no lifetime for {component}/{archetype}")
    specific = rows[rows["archetype"] == archetype]
    return int(round((specific if not specific.empty else rows).iloc[0]["value"]))


def _component_flows(lifetimes, stock, components, archetypes):
    """Per component and archetype, a stock-driven model serving the facility stock."""
    dims = ("sample", "year", "region", "archetype")
    s = stock.transpose(*dims).to_numpy()
    s_last = np.moveaxis(s, 1, -1)  # year last for the stock model
    shape = (*s.shape, len(components))
    inflow, outflow, early = (np.zeros(shape) for _ in range(3))
    for c_i, component in enumerate(components):
        for a_i, archetype in enumerate(archetypes):
            flows = stock_driven_fixed(s_last[:, :, a_i, :],
                                       _lifetime(lifetimes, component, archetype))
            inflow[:, :, :, a_i, c_i] = np.moveaxis(flows.inflow, -1, 1)
            outflow[:, :, :, a_i, c_i] = np.moveaxis(flows.outflow, -1, 1)
            early[:, :, :, a_i, c_i] = np.moveaxis(flows.early_retirement, -1, 1)
    coords = {**{d: stock[d] for d in dims}, "component": components}
    wrap = lambda a: xr.DataArray(a, dims=(*dims, "component"), coords=coords)  # noqa: E731
    return wrap(inflow), wrap(outflow), wrap(early)
