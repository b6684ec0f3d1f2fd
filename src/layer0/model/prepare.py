"""Everything a run needs that does not depend on the sample: arrays, ids, tables.

`Prepared` is small and picklable, so a Dask worker gets it once and computes any chunk of
samples from it plus the chunk's quantiles.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layer0.errors import InputError
from layer0.model import bom, buildout, campus, cohorts, evidence, leads
from layer0.model.recycling import CLASSES, PARAMETERS, resolve_rates
from layer0.reference.geography import path_region
from layer0.scenario.schema import Scenario
from layer0.units import factor_to

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
    path: np.ndarray | None      # [year, region] top-down path; None: announced projects only
    path_kind: str               # "energy" (TWh) or "power" (MW IT)
    initial_growth: np.ndarray   # [region] growth rate of the stock before the first year
    mix: np.ndarray              # [year, archetype] mean archetype shares
    mix_concentration: tuple[float, str]    # Dirichlet concentration and its source
    projects: pd.DataFrame       # announced projects with their path region
    parameters: pd.DataFrame
    overrides: dict                         # parameter name -> (scenario Dist, source)
    intensity: dict[str, np.ndarray]        # low/mode/high [material, component, archetype]
    adoptions: tuple                        # cohorts.AdoptionInputs, one per adopted architecture
    lifetimes: pd.DataFrame                 # one row per lifetime (component, archetype)
    lifetime_row: np.ndarray                # [component, archetype] -> row of `lifetimes`
    rates: dict[str, dict[str, np.ndarray]]  # collection/recovery -> low/mode/high [mat, class]
    component_class: np.ndarray             # [component] index into recycling.CLASSES
    n_report: int                           # scenario years; later model years date purchases
    scopes: list[str]                       # [component] inside_fence / campus / grid
    drivers: list[str]                      # [component] the stock it serves (it: MW IT)
    lead: dict[str, np.ndarray]             # low/mode/high [component] years before energising
    onsite_attached: dict[str, np.ndarray]  # driver -> [project] MW or MWh from the registry
    onsite_per_mw: dict[str, dict]          # driver -> low/mode/high [archetype] per MW IT
    onsite_sources: dict[str, str]
    manufacturing: dict[str, np.ndarray]    # low/mode/high [material, component] input/embedded
    failure: dict[str, np.ndarray]          # low/mode/high [archetype] IT boards failing a year
    failure_source: str
    families: tuple                         # evidence.Family per material with published totals
    conversion: dict                        # pue/load_factor -> low/mode/high [year] (fleet)

    @property
    def report(self) -> slice:
        """The report years among the model years (index 0 is the installed base at the
        start)."""
        return slice(1, 1 + self.n_report)

    @property
    def report_years(self) -> np.ndarray:
        return self.years[self.report]

    @property
    def n_ages(self) -> int:
        return len(self.years) + INITIAL_AGES - 1

    @functools.cached_property
    def project_records(self) -> list[dict]:
        """`projects` as one dict per row, once (every chunk reads them; a DataFrame's
        to_dict cost ~8 ms a time, a third of a small chunk's work)."""
        return self.projects.to_dict("records")

    @functools.cached_property
    def lifetime_records(self) -> list[dict]:
        """`lifetimes` as one dict per row, once."""
        return self.lifetimes.to_dict("records")

    @functools.cached_property
    def parameter_rows(self) -> dict[tuple[str, str], dict]:
        """`parameters` by (name, applies_to), the first row of each, once (a DataFrame
        filter cost ~4 ms a chunk)."""
        rows: dict[tuple[str, str], dict] = {}
        for row in self.parameters.to_dict("records"):
            rows.setdefault((row["name"], row["applies_to"]), row)
        return rows

    @functools.cached_property
    def stock_drivers(self) -> list[str]:
        """The distinct stocks components serve, in order of first use (it first)."""
        return list(dict.fromkeys(self.drivers))

    @functools.cached_property
    def driver_of(self) -> np.ndarray:
        """[component] index of the stock it serves in `stock_drivers`."""
        return np.array([self.stock_drivers.index(d) for d in self.drivers], dtype=np.int64)

    @property
    def cohort_varying(self) -> bool:
        """Whether new cohorts differ in intensity by year (adoption or intensity change)."""
        return bool(self.adoptions) or self.scenario.intensity_change is not None


def prepare(ref, scenario: Scenario, extra_projects: pd.DataFrame | None = None) -> Prepared:
    start, end = scenario.years
    materials = list(ref["materials"]["id"])
    components = list(ref["components"]["id"])
    archetypes = list(ref["archetypes"]["id"])
    lead = _triplets(ref["lead_times"], "component", components)
    extra = leads.horizon(lead["high"])
    years = np.arange(start - 1, end + 1 + extra)

    regions, path, kind = _path(ref, scenario, years, extra)
    # the stock before the first year grew as the path did in its first year
    initial_growth = (np.log(np.maximum(path[1], 1e-12) / np.maximum(path[0], 1e-12))
                      if path is not None else np.zeros(len(regions)))
    triplets = bom.resolve_intensities(ref["intensities"], materials, components, archetypes,
                                       scenario.architecture)
    lifetimes, rows = _lifetime_rows(ref["lifetimes"], components, archetypes)
    component_class = np.array([CLASSES.index(c) for c in
                                ref["components"].set_index("id").loc[components,
                                                                      "equipment_class"]])
    kappa = ref["parameters"]
    kappa = kappa[kappa["name"] == "archetype_mix_concentration"].iloc[0]
    mix_spec = scenario.archetype_mix
    table = ref["components"].set_index("id").loc[components]
    scopes, drivers = list(table["scope"]), list(table["driver"])
    projects = _projects(ref, scenario, extra_projects, regions)
    onsite_per_mw, onsite_sources = {}, {}
    for driver in campus.DRIVERS:
        onsite_per_mw[driver], onsite_sources[driver] = _by_archetype(
            ref["parameters"], f"{driver}_per_mw_it", archetypes)
    failure, failure_source = _by_archetype(ref["parameters"], "it_failure_rate", archetypes)
    return Prepared(
        scenario=scenario, data_version=ref.version, years=years, regions=regions,
        archetypes=archetypes, components=components, materials=materials, path=path,
        path_kind=kind, initial_growth=initial_growth,
        mix=(_mix(ref["archetype_mix"], years, archetypes) if mix_spec is None else
             np.tile([mix_spec.shares[a] for a in archetypes], (len(years), 1))),
        mix_concentration=((mix_spec.concentration, mix_spec.source)
                           if mix_spec is not None and mix_spec.concentration else
                           (float(kappa["mode"]), kappa["source_id"])),
        projects=projects,
        parameters=ref["parameters"], overrides=_overrides(scenario, lifetimes),
        intensity={k: triplets[k].to_numpy() for k in ("low", "mode", "high")},
        adoptions=cohorts.adoption_inputs(ref, scenario, triplets),
        lifetimes=lifetimes, lifetime_row=rows,
        rates=_rates(ref, scenario, materials),
        component_class=component_class, n_report=end - start + 1, scopes=scopes,
        drivers=drivers, lead=lead,
        onsite_attached=campus.project_capacity(ref["project_onsite"], projects),
        onsite_per_mw=onsite_per_mw, onsite_sources=onsite_sources,
        manufacturing=_manufacturing(ref["manufacturing_input"], materials, components),
        failure=failure, failure_source=failure_source,
        families=evidence.families(ref, materials, components, archetypes, scopes,
                                   triplets["mode"].to_numpy()),
        conversion=_conversion(ref["conversion_paths"], years))


def _conversion(table: pd.DataFrame, years: np.ndarray) -> dict:
    """Fleet PUE and load factor low/mode/high by model year: linear between the sourced
    years, flat before the first and after the last (no trend is extrapolated)."""
    out = {}
    for name in ("pue", "load_factor"):
        rows = table[(table["name"] == name) & (table["applies_to"] == "any")].sort_values("year")
        if len(rows):
            out[name] = {k: np.interp(years, rows["year"], rows[k])
                         for k in ("low", "mode", "high")}
    return out


def _triplets(rows: pd.DataFrame, column: str, ids: list[str], fill: float = 0.0
              ) -> dict[str, np.ndarray]:
    """low/mode/high [id] from rows keyed by `column`; `fill` where no row applies. An `any`
    row sets every id and an id's own row wins, whatever the order of the file."""
    out = {k: np.full(len(ids), fill) for k in ("low", "mode", "high")}
    for row in sorted(rows.to_dict("records"), key=lambda r: r[column] != "any"):
        chosen = (list(range(len(ids))) if row[column] == "any"
                  else [ids.index(row[column])] if row[column] in ids else [])
        for k in out:
            out[k][chosen] = row[k]
    return out


def _by_archetype(params: pd.DataFrame, name: str, archetypes: list[str]):
    """low/mode/high [archetype] of a parameter given per archetype (0 where absent), and its
    source."""
    rows = params[params["name"] == name]
    return (_triplets(rows, "applies_to", archetypes),
            str(rows["source_id"].iloc[0]) if len(rows) else "parameters.csv")


def _manufacturing(table: pd.DataFrame, materials, components) -> dict[str, np.ndarray]:
    """Input per embedded unit [material, component]: 1 where no row (nothing is lost)."""
    groups = dict(iter(table.groupby("material", sort=False)))
    per_material = [_triplets(groups.get(m, table.iloc[0:0]), "component", components, 1.0)
                    for m in materials]
    return {k: np.stack([t[k] for t in per_material]) for k in ("low", "mode", "high")}


def _path(ref, scenario: Scenario, years: np.ndarray, lead_years: int = 0):
    """(regions, path [year, region] or None, kind) from the reference table, the scenario's
    own values, or none (announced only: every model region of regions.csv)."""
    spec = scenario.demand_path
    if spec is None:
        codes = [c for c in ref["regions"]["code"] if c != "WORLD"]
        return sorted(codes) or ["WORLD"], None, "energy"
    if isinstance(spec, str):
        table = ref["electricity_paths"]
        table = table[table["path"] == spec]
        label, kind = spec, "energy"
    else:
        factor = factor_to(spec.unit, "TWh" if spec.kind == "energy" else "MW")
        table = pd.DataFrame([{"region": r, "year": y, "value": v * factor}
                              for r, points in spec.values.items() for y, v in points.items()])
        label, kind = f"demand_path ({spec.source})", spec.kind
    regions = sorted(set(table["region"]) - {"WORLD"}) or ["WORLD"]
    path = np.stack([buildout.interpolate_path(table[table["region"] == r], years,
                                               f"{label}/{r}", scenario.path_extension,
                                               lead_years)
                     for r in regions], axis=-1)
    return regions, path, kind


def _overrides(scenario: Scenario, lifetimes: pd.DataFrame) -> dict:
    """Parameter names whose distribution the scenario sets, with the scenario's source."""
    out = {}
    if scenario.conversion is not None:
        for name in ("pue", "load_factor"):
            dist = getattr(scenario.conversion, name)
            if dist is not None:
                out[f"{name}/any"] = (dist, scenario.conversion.source)
    if scenario.lifetimes is not None:
        for _, row in lifetimes.iterrows():
            dist = scenario.lifetimes.median_years.get(row["component"])
            if dist is not None:
                out[f"lifetime/{row['component']}/{row['archetype']}"] = (
                    dist, scenario.lifetimes.source)
    return out


def _rates(ref, scenario: Scenario, materials: list[str]) -> dict:
    """Collection and recovery low/mode/high [material, class]; a scenario's rates replace
    every class of their material ('*': every material; a named material wins over '*')."""
    rates = {p: resolve_rates(ref["recycling"], materials, p) for p in PARAMETERS}
    if scenario.recycling is None:
        return rates
    spec = scenario.recycling.rates
    for m_i, material in enumerate(materials):
        chosen = spec.get(material, spec.get("*"))
        if chosen is None:
            continue
        for parameter in PARAMETERS:
            dist = getattr(chosen, parameter)  # fixed or triangular (scenario.py)
            triplet = (dist.bounds[0], dist.central(), dist.bounds[1])
            for k, v in zip(("low", "mode", "high"), triplet, strict=True):
                rates[parameter][k][m_i, :] = v
    return rates


def _lifetime_rows(table: pd.DataFrame, components, archetypes):
    """The lifetime row of each component x archetype: the archetype's own, else `any`."""
    table = table.reset_index(drop=True)
    first = {}  # (component, archetype) -> its first row (a dict: one pass, not 60 filters)
    for i, key in enumerate(zip(table["component"], table["archetype"], strict=True)):
        first.setdefault(key, i)
    rows = np.zeros((len(components), len(archetypes)), dtype=int)
    for c_i, component in enumerate(components):
        for a_i, archetype in enumerate(archetypes):
            row = first.get((component, archetype), first.get((component, "any")))
            if row is None:
                raise InputError.at("lifetimes", "component", f"no lifetime for "
                                    f"{component}/{archetype} (add a row for it or for 'any')")
            rows[c_i, a_i] = row
    return table, rows


def _projects(ref, scenario, extra, regions) -> pd.DataFrame:
    frames = [ref["projects"]] if scenario.announced.include else []
    if extra is not None:
        frames.append(extra)
    if not frames:
        return ref["projects"].iloc[0:0].assign(path_region=[])
    projects = pd.concat(frames, ignore_index=True)
    projects = projects[projects["status"] != "cancelled"].copy()
    # once per distinct location: a 10,000-row projects file names few places
    region_of = {code: path_region(code, ref["regions"], regions)
                 for code in projects["region"].unique()}
    projects["path_region"] = projects["region"].map(region_of)
    return projects.reset_index(drop=True)


def _mix(table: pd.DataFrame, years: np.ndarray, archetypes: list[str]) -> np.ndarray:
    """Archetype shares of the unannounced capacity, linear between the sourced years."""
    wide = table.pivot(index="year", columns="archetype", values="share")[archetypes]
    shares = np.stack([np.interp(years, wide.index.to_numpy(), wide[a].to_numpy())
                       for a in archetypes], axis=-1)
    return shares / shares.sum(axis=-1, keepdims=True)
