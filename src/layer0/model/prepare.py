"""Everything a run needs that does not depend on the sample: arrays, ids, tables.

`Prepared` is small and picklable, so a Dask worker gets it once and computes any chunk of
samples from it plus the chunk's quantiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layer0.errors import InputError
from layer0.model import bom, buildout
from layer0.model.recycling import CLASSES, PARAMETERS, resolve_rates
from layer0.scenario import Scenario

INITIAL_AGES = 100  # age horizon of the installed base at the start (years)


@dataclass(frozen=True)
class Prepared:
    scenario: Scenario
    data_version: str
    years: np.ndarray            # model years; index 0 is the start-of-run installed base
    regions: list[str]
    archetypes: list[str]
    components: list[str]
    materials: list[str]
    twh: np.ndarray              # [year, region] electricity path
    initial_growth: np.ndarray   # [region] growth rate of the stock before the first year
    mix: np.ndarray              # [year, archetype] mean archetype shares
    projects: pd.DataFrame
    parameters: pd.DataFrame
    intensity: dict[str, np.ndarray]        # low/mode/high [material, component, archetype]
    lifetimes: pd.DataFrame                 # one row per lifetime (component, archetype)
    lifetime_row: np.ndarray                # [component, archetype] -> row of `lifetimes`
    rates: dict[str, dict[str, np.ndarray]]  # collection/recovery -> low/mode/high [mat, class]
    component_class: np.ndarray             # [component] index into recycling.CLASSES

    @property
    def n_ages(self) -> int:
        return len(self.years) + INITIAL_AGES - 1


def prepare(ref, scenario: Scenario, extra_projects: pd.DataFrame | None = None) -> Prepared:
    start, end = scenario.years
    years = np.arange(start - 1, end + 1)
    materials = list(ref["materials"]["id"])
    components = list(ref["components"]["id"])
    archetypes = list(ref["archetypes"]["id"])

    path = ref["electricity_paths"]
    path = path[path["path"] == scenario.demand_path]
    regions = sorted(set(path["region"]) - {"WORLD"}) or ["WORLD"]
    twh = np.stack([buildout.interpolate_path(path[path["region"] == r], years,
                                              f"{scenario.demand_path}/{r}",
                                              scenario.path_extension) for r in regions], axis=-1)
    # the stock before the first year grew as the path did in its first year
    initial_growth = np.log(np.maximum(twh[1], 1e-12) / np.maximum(twh[0], 1e-12))

    triplets = bom.resolve_intensities(ref["intensities"], materials, components, archetypes,
                                       scenario.architecture)
    lifetimes, rows = _lifetime_rows(ref["lifetimes"], components, archetypes)
    component_class = np.array([CLASSES.index(c) for c in
                                ref["components"].set_index("id").loc[components,
                                                                      "equipment_class"]])
    return Prepared(
        scenario=scenario, data_version=ref.version, years=years, regions=regions,
        archetypes=archetypes, components=components, materials=materials, twh=twh,
        initial_growth=initial_growth, mix=_mix(ref["archetype_mix"], years, archetypes),
        projects=_projects(ref, scenario, extra_projects, regions),
        parameters=ref["parameters"],
        intensity={k: triplets[k].to_numpy() for k in ("low", "mode", "high")},
        lifetimes=lifetimes, lifetime_row=rows,
        rates={p: resolve_rates(ref["recycling"], materials, p) for p in PARAMETERS},
        component_class=component_class)


def _lifetime_rows(table: pd.DataFrame, components, archetypes):
    """The lifetime row of each component x archetype: the archetype's own, else `any`."""
    table = table.reset_index(drop=True)
    rows = np.zeros((len(components), len(archetypes)), dtype=int)
    for c_i, component in enumerate(components):
        for a_i, archetype in enumerate(archetypes):
            mine = table[(table["component"] == component) & (table["archetype"] == archetype)]
            mine = mine if not mine.empty else table[(table["component"] == component)
                                                     & (table["archetype"] == "any")]
            if mine.empty:
                raise InputError(f"lifetimes: component: no lifetime for {component}/{archetype}"
                                 f" (add a row for it or for 'any')")
            rows[c_i, a_i] = mine.index[0]
    return table, rows


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
    return projects.reset_index(drop=True)


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


def _mix(table: pd.DataFrame, years: np.ndarray, archetypes: list[str]) -> np.ndarray:
    """Archetype shares of the unannounced capacity, linear between the sourced years."""
    wide = table.pivot(index="year", columns="archetype", values="share")[archetypes]
    shares = np.stack([np.interp(years, wide.index.to_numpy(), wide[a].to_numpy())
                       for a in archetypes], axis=-1)
    return shares / shares.sum(axis=-1, keepdims=True)
