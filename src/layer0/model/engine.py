"""The orchestrator: the only place that knows the order of the steps.

run(ref, scenario, samples, seed) -> xr.Dataset with a `sample` dimension on every model
output. Samples are computed in chunks (numpy, vectorised over the chunk; loops only over
years and lifetime rows); an executor runs the chunks in process or on a Dask cluster. A chunk
depends only on (prepared inputs, seed, sample range), so any executor and any chunk order
give the same numbers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import xarray as xr

from layer0.errors import InputError
from layer0.model import buildout, campus, cohorts, leads, parameters, terms
from layer0.model.executors import InProcess
from layer0.model.prepare import Prepared, prepare
from layer0.model.sampling import METHODS, Parameter, quantiles, split_columns
from layer0.model.stock import stock_driven
from layer0.version import __version__

DEFAULT_CHUNK = 500

# variable -> (dims after `sample`, unit)
VARIABLES = {
    "capacity": (("year", "region", "archetype"), "MW"),
    "capacity_additions": (("year", "region", "archetype"), "MW"),
    "announced_capacity": (("year", "region", "archetype"), "MW"),
    "unannounced_capacity": (("year", "region"), "MW"),
    "announced_excess": (("year", "region"), "MW"),
    "component_inflow": (("year", "region", "component"), "MW"),
    "component_outflow": (("year", "region", "component"), "MW"),
    "early_retirement": (("year", "region", "component"), "MW"),
    "demand": (("year", "region", "component", "material"), "t"),
    "demand_by_boundary": (("year", "region", "boundary", "material"), "t"),
    "demand_growth": (("year", "region", "material"), "t"),
    "demand_replacement": (("year", "region", "material"), "t"),
    "eol_outflow": (("year", "region", "material"), "t"),
    "secondary_supply": (("year", "region", "material"), "t"),
    "primary_demand": (("year", "region", "material"), "t"),
    "manufacturing_input": (("year", "region", "material"), "t"),
    "failure_replacement": (("year", "region"), "MW"),
    "pue_fleet": (("year",), "1"),
    "load_factor": (("year",), "1"),
}


@dataclass(frozen=True)
class Plan:
    """What to compute: the prepared inputs, the parameter list and how samples are drawn."""

    prep: Prepared
    parameters: list[Parameter]
    samples: int
    seed: int
    method: str = "mc"
    matrix: np.ndarray | None = None  # given quantiles [samples, columns] (a Sobol' design)
    extra_ids: tuple[str, ...] = ()   # the user's own projects, recorded in the outputs

    @property
    def deterministic(self) -> bool:
        return self.samples == 1


def plan(ref, scenario, samples: int = 2000, seed: int = 0, extra_projects=None,
         method: str = "mc") -> Plan:
    if samples < 1:
        raise InputError.parameter("samples", f"must be at least 1, got {samples}")
    if method not in METHODS:
        raise InputError.parameter("sampling", f"unknown '{method}' (allowed: "
                                   f"{', '.join(METHODS)})")
    prep = prepare(ref, scenario, extra_projects)
    extra_ids = tuple(extra_projects["id"]) if extra_projects is not None else ()
    return Plan(prep, parameters.define(prep), samples, seed, method, extra_ids=extra_ids)


def run(ref, scenario, samples: int = 2000, seed: int = 0, extra_projects=None,
        method: str = "mc", executor=None, chunk: int = DEFAULT_CHUNK) -> xr.Dataset:
    p = plan(ref, scenario, samples, seed, extra_projects, method)
    return to_dataset(p, assemble(p, executor, chunk))


def chunks(samples: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(s + size, samples)) for s in range(0, samples, size)]


def compute_range(p: Plan, start: int, stop: int, reduce=None, per_component: bool = True
                  ) -> dict[str, np.ndarray]:
    """The chunk of samples [start, stop): its own quantiles, then the model. Without
    `per_component`, demand is not split by component (`demand` is left out: the largest
    output, which the statistics of a streamed run do not need)."""
    if p.matrix is not None:
        q = split_columns(p.parameters, p.matrix[start:stop])
    else:
        q = quantiles(p.parameters, p.seed, p.samples, p.method, start, stop)
    arrays = compute(p.prep, p.parameters, q, p.deterministic, per_component)
    return reduce(arrays) if reduce else arrays


def assemble(p: Plan, executor=None, chunk: int = DEFAULT_CHUNK, reduce=None
             ) -> dict[str, np.ndarray]:
    """Run every chunk (through `executor`, default in process) into whole-run arrays."""
    executor = executor or InProcess()
    out: dict[str, np.ndarray] = {}
    task = functools.partial(compute_range, reduce=reduce)
    for (start, stop), arrays in executor.map_ranges(task, p, chunks(p.samples, chunk)):
        for name, value in arrays.items():
            if name not in out:
                out[name] = np.empty((p.samples, *value.shape[1:]), dtype=value.dtype)
            out[name][start:stop] = value
    return out


def compute(prep: Prepared, params: list[Parameter], q: dict[str, np.ndarray],
            deterministic: bool, per_component: bool = True) -> dict[str, np.ndarray]:
    """Every model output for one chunk of samples, as numpy arrays [S, ...]."""
    d = parameters.draw(prep, params, q, deterministic)
    total = (None if prep.path is None else
             buildout.path_capacity(prep.path, prep.path_kind, d.pue_fleet, d.load_factor))
    announced = buildout.announced_capacity(prep.projects, d.project_it * d.completed,
                                            prep.years, prep.regions, prep.archetypes, d.delay)
    stock, excess = buildout.capacity_stock(total, announced, d.mix)
    served = served_stocks(prep, d, stock, announced)                   # [S, Y, R, C, A]
    inflow, outflow, early, survival = component_flows(prep, d, served)
    growth = np.maximum(np.diff(served, axis=1, prepend=served[:, :1]), 0.0)
    failed = stock * d.failure[:, None, None, :]     # IT boards replaced after failure, MW IT
    tonnes = (_term_tonnes if d.intensity_factor is None else _general_tonnes)(
        prep, d, inflow, growth, outflow + early, failed, survival, per_component)
    report = slice(1, 1 + prep.n_report)  # index 0 is the installed base at the start
    out = {
        "capacity": stock[:, report],
        "capacity_additions": inflow[:, report, :, prep.components.index("building"), :],
        "announced_capacity": announced[:, report],
        "unannounced_capacity": (stock - announced).sum(axis=-1)[:, report],
        "announced_excess": excess[:, report],
        "component_inflow": inflow[:, report].sum(axis=-1),
        "component_outflow": outflow[:, report].sum(axis=-1),
        "early_retirement": early[:, report].sum(axis=-1),
        "demand": None if tonnes.demand is None else tonnes.demand[:, report],
        "demand_by_boundary": tonnes.boundary[:, report],
        "demand_growth": tonnes.growth[:, report],
        "demand_replacement": (tonnes.boundary[:, report, :, 0] - tonnes.growth[:, report]),
        "eol_outflow": tonnes.retired[:, report],
        "secondary_supply": tonnes.secondary[:, report],
        "primary_demand": (tonnes.boundary[:, report, :, 0] - tonnes.secondary[:, report]),
        "manufacturing_input": tonnes.manufacturing[:, report],
        "failure_replacement": failed.sum(axis=-1)[:, report],
        "pue_fleet": np.broadcast_to(d.pue_fleet, (stock.shape[0], len(prep.years)))[:, report],
        "load_factor": np.broadcast_to(d.load_factor, (stock.shape[0], len(prep.years)))[
            :, report],
    }
    if tonnes.demand is None:
        del out["demand"]
    return out


@dataclass(frozen=True)
class Tonnes:
    """A chunk's material flows, t, by model year. `demand` per component, the rest summed
    over the components inside the fence (the facility), `boundary` over each boundary."""

    demand: np.ndarray | None  # [S, Y, R, C, M], dated at purchase, failed boards included
    boundary: np.ndarray       # [S, Y, R, boundary, M]
    growth: np.ndarray         # [S, Y, R, M] the part of demand that grows the stock
    retired: np.ndarray        # [S, Y, R, M] end-of-life outflow
    secondary: np.ndarray      # [S, Y, R, M] what of it is recovered
    manufacturing: np.ndarray  # [S, Y, R, M] input to make the demand (beside it)


def _term_tonnes(prep: Prepared, d: parameters.Draws, inflow, growth, retired_mw, failed,
                 survival, per_component: bool = True) -> Tonnes:
    """Tonnes through MW terms (model/terms.py): the MW is dated, convolved and summed
    first, then multiplied by the intensities once per output."""
    shares, n_c, n_m = d.adoption_share, len(prep.components), len(prep.materials)
    it = prep.components.index("it_compute")
    board = ~np.isin(prep.materials, RACK_MATERIALS)  # a failed board, not its rack, is replaced
    # failed boards: one more component after the last, IT's weights without the rack
    applies = [np.flatnonzero(a.applies) for a in prep.adoptions]      # archetypes, per j
    w = terms.weights(d.intensity, d.adopted_intensity, applies)        # [S, C, K, M]
    w = np.concatenate([w, (w[:, it] * board)[:, None]], axis=1)
    scopes = np.array([*prep.scopes, "inside_fence"])
    inside = (scopes == "inside_fence")[None, :, None, None]
    made = np.concatenate([d.manufacturing, d.manufacturing[:, :, it:it + 1]], axis=2)
    manufacturing = made.transpose(0, 2, 1)[:, :, None, :]              # [S, C + 1, 1, M]
    rate = (d.collection * d.recovery)[:, :, [*prep.component_class,
                                              prep.component_class[it]]].transpose(0, 2, 1)
    x_in = terms.expand(inflow, shares, applies)                        # [S, C, Y, R, K]
    x_failed = terms.expand(failed[:, :, :, None, :], shares, applies)
    bought = terms.shift(np.concatenate([x_in, x_failed], axis=1),
                         np.concatenate([d.lead, d.lead[:, it:it + 1]], axis=1))
    if per_component:
        by_component = terms.per_component(bought, w)                   # [S, C + 1, Y, R, M]
        by_component[:, it] += by_component[:, n_c]
    sums = terms.summed(bought, np.concatenate(
        [w * (scopes == scope)[None, :, None, None] for scope in SCOPES]
        + [w * inside * manufacturing], axis=-1))                       # [S, Y, R, 4 M]
    by_scope = np.cumsum(sums[..., :3 * n_m].reshape(*sums.shape[:3], 3, n_m), axis=3)
    x_growth = terms.shift(terms.expand(growth, shares, applies), d.lead)
    grown = terms.summed(x_growth, w[:, :n_c] * inside[:, :n_c])
    # what retires carries its cohort's intensity; the installed base (and early
    # retirements) the first year's (cohorts.py)
    x_retired = retired_mw.transpose(0, 3, 1, 2, 4)
    n_a = x_retired.shape[-1]
    if shares:
        archetype_of = terms.columns(n_a, applies)
        regular = terms.outflow(x_in, survival, prep.lifetime_row, archetype_of)
        base = x_retired - regular[..., :n_a]
        # the base retires at the first year's share, on each adoption's columns
        first = np.concatenate([np.repeat(share[:, :1], len(where), axis=1)
                                for share, where in zip(shares, applies, strict=True)], axis=1)
        x_retired = np.concatenate([x_retired, regular[..., n_a:] + base[..., archetype_of[n_a:]]
                                    * first[:, None, None, None, :]], axis=-1)
    retired = terms.summed(np.concatenate([x_retired, x_failed], axis=1),
                           np.concatenate([w * inside, w * inside * rate[:, :, None]], axis=-1))
    return Tonnes(demand=by_component[:, :n_c].transpose(0, 2, 3, 1, 4) if per_component
                  else None, boundary=by_scope,
                  growth=grown, retired=retired[..., :n_m], secondary=retired[..., n_m:],
                  manufacturing=sums[..., 3 * n_m:])


def _general_tonnes(prep: Prepared, d: parameters.Draws, inflow, growth, retired_mw, failed,
                    survival, per_component: bool = True) -> Tonnes:
    """Tonnes with each cohort's intensity in full (a yearly intensity change per material
    makes k no sum of terms): [S, Y, R, C, M] arrays, several times the work of the terms."""
    it = prep.components.index("it_compute")
    board = ~np.isin(prep.materials, RACK_MATERIALS)
    rate = (d.collection * d.recovery)[:, :, prep.component_class]      # [S, M, C]
    k = cohorts.cohort_intensity(d.intensity, d.adoption_share, d.adopted_intensity,
                                 d.intensity_factor, len(prep.years))   # [S, Y, C, A, M]
    demand = cohorts.material_demand(inflow, k)
    demand_growth = cohorts.material_demand(growth, k)
    retired = cohorts.retired_material(inflow, retired_mw, k, survival, prep.lifetime_row)
    failed_t = np.matmul(failed[..., None, :], k[:, :, None, it])[..., 0, :] * board
    demand[:, :, :, it] += failed_t
    retired[:, :, :, it] += failed_t
    secondary = retired * rate.transpose(0, 2, 1)[:, None, None]        # [S, Y, R, C, M]
    demand = leads.bought(demand, d.lead)            # dated when bought, not when energised
    demand_growth = leads.bought(demand_growth, d.lead)
    inside = np.array([scope == "inside_fence" for scope in prep.scopes])
    return Tonnes(demand=demand, boundary=by_boundary(demand, prep.scopes),
                  growth=demand_growth[:, :, :, inside].sum(axis=3),
                  retired=retired[:, :, :, inside].sum(axis=3),
                  secondary=secondary[:, :, :, inside].sum(axis=3),
                  manufacturing=np.einsum("syrcm,smc->syrm", demand[:, :, :, inside],
                                          d.manufacturing[:, :, inside]))


# it_compute intensities include rack frames, enclosures and containment (steel, aluminium);
# failure rates are for boards, so those materials are not replaced with them (ASSUMED)
RACK_MATERIALS = ("steel", "aluminium", "concrete")
BOUNDARIES = {"facility": ("inside_fence",), "campus": ("inside_fence", "campus"),
              "grid": ("inside_fence", "campus", "grid")}
SCOPES = ("inside_fence", "campus", "grid")  # each boundary adds the next scope


def by_boundary(demand: np.ndarray, scopes: list[str]) -> np.ndarray:
    """[S, Y, R, C, M] -> [S, Y, R, boundary, M]: each boundary holds the ones inside it."""
    return np.stack([demand[:, :, :, np.isin(scopes, inner)].sum(axis=3)
                     for inner in BOUNDARIES.values()], axis=3)


def served_stocks(prep: Prepared, d: parameters.Draws, stock: np.ndarray,
                  announced: np.ndarray) -> np.ndarray:
    """[S, Y, R, C, A]: the stock each component serves. IT capacity for the facility, the
    on-site generation or battery stock for the campus components (model/campus.py)."""
    unannounced = stock - announced
    out = np.empty((*stock.shape[:3], len(prep.components), stock.shape[3]))
    own = {}
    for c_i, driver in enumerate(prep.drivers):
        if driver == "it":
            out[:, :, :, c_i] = stock
            continue
        if driver not in own:
            own[driver] = campus.driver_stock(driver, prep.onsite_attached[driver],
                                              d.completed, d.delay, d.onsite_per_mw[driver],
                                              unannounced, prep)
        out[:, :, :, c_i] = own[driver]
    return out


def component_flows(prep: Prepared, d: parameters.Draws, served: np.ndarray):
    """Per component, a stock-driven cohort model serving its stock.

    served [S, Y, R, C, A] -> inflow, outflow, early retirement [S, Y, R, C, A] (in the
    unit of each component's driver), and the survival table of each lifetime row.
    Archetypes that share a lifetime row are solved together.
    """
    s, y, r, _, a = served.shape
    shape = served.shape
    inflow, outflow, early = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    survival = [lt.survival_by_age(prep.n_ages) for lt in d.lifetimes]  # per row [S, ages]
    for c_i in range(len(prep.components)):
        rows = prep.lifetime_row[c_i]
        stock = served[:, :, :, c_i]
        growth = (prep.initial_growth if prep.drivers[c_i] == "it"
                  else np.zeros_like(prep.initial_growth))
        for row in np.unique(rows):
            idx = np.flatnonzero(rows == row)
            rows_x = stock[..., idx].transpose(0, 2, 3, 1).reshape(s, r * len(idx), y)
            flows = stock_driven(rows_x, survival[row], np.repeat(growth, len(idx)))
            for target, value in ((inflow, flows.inflow), (outflow, flows.outflow),
                                  (early, flows.early_retirement)):
                target[:, :, :, c_i, idx] = value.reshape(s, r, len(idx), y).transpose(0, 3, 1, 2)
    return inflow, outflow, early, survival


def to_dataset(p: Plan, arrays: dict[str, np.ndarray]) -> xr.Dataset:
    prep = p.prep
    coords = {"sample": np.arange(p.samples), "year": prep.report_years,
              "region": prep.regions, "archetype": prep.archetypes,
              "component": prep.components, "material": prep.materials,
              "boundary": list(BOUNDARIES)}
    ds = xr.Dataset({name: (("sample", *dims), arrays[name])
                     for name, (dims, _) in VARIABLES.items() if name in arrays},
                    coords={k: v for k, v in coords.items()})
    for name, (_, unit) in VARIABLES.items():
        if name in ds:
            ds[name].attrs["units"] = unit
    ds = ds.assign_coords(scope=("component", prep.scopes))
    for name in ("component_inflow", "component_outflow", "early_retirement"):
        if name in ds:
            ds[name].attrs["units"] = ("MW IT; MW of generation for onsite_*, MWh for "
                                       "campus_battery")
    ds.attrs.update({"demand_dating": "year the material is bought (lead_times.csv before "
                     "energisation)",
                     "flows_boundary": "facility: growth, replacement, retired, secondary and "
                     "primary count the components inside the fence"})
    ds.attrs.update({"layer0_version": __version__, "data_version": prep.data_version,
                     "scenario": prep.scenario.name, "samples": p.samples, "seed": p.seed,
                     "sampling": p.method, "capacity_basis": "MW of IT load",
                     "initial_stock": "stable age structure of the first path year's growth"})
    if p.extra_ids:
        ds.attrs["user_projects"] = ",".join(p.extra_ids)
    return ds

