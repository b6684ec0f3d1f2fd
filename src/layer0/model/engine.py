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
from layer0.model import bom, buildout, cohorts, parameters
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
    "demand_growth": (("year", "region", "material"), "t"),
    "demand_replacement": (("year", "region", "material"), "t"),
    "eol_outflow": (("year", "region", "material"), "t"),
    "secondary_supply": (("year", "region", "material"), "t"),
    "primary_demand": (("year", "region", "material"), "t"),
    "pue_fleet": ((), "1"),
    "load_factor": ((), "1"),
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


def compute_range(p: Plan, start: int, stop: int, reduce=None) -> dict[str, np.ndarray]:
    """The chunk of samples [start, stop): its own quantiles, then the model."""
    if p.matrix is not None:
        q = split_columns(p.parameters, p.matrix[start:stop])
    else:
        q = quantiles(p.parameters, p.seed, p.samples, p.method, start, stop)
    arrays = compute(p.prep, p.parameters, q, p.deterministic)
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
            deterministic: bool) -> dict[str, np.ndarray]:
    """Every model output for one chunk of samples, as numpy arrays [S, ...]."""
    d = parameters.draw(prep, params, q, deterministic)
    total = (None if prep.path is None else
             buildout.path_capacity(prep.path, prep.path_kind, d.pue_fleet, d.load_factor))
    announced = buildout.announced_capacity(prep.projects, d.project_it * d.completed,
                                            prep.years, prep.regions, prep.archetypes, d.delay)
    stock, excess = buildout.capacity_stock(total, announced, d.mix)
    inflow, outflow, early, survival = component_flows(prep, d, stock)
    growth = np.maximum(np.diff(stock, axis=1, prepend=stock[:, :1]), 0.0)  # [S, Y, R, A]
    rate = (d.collection * d.recovery)[:, :, prep.component_class]      # [S, M, C]
    if prep.cohort_varying:
        k = cohorts.cohort_intensity(d.intensity, d.adoption_share, d.adopted_intensity,
                                     d.intensity_factor)
        demand = cohorts.material_demand(inflow, k)
        demand_growth = cohorts.growth_demand(growth, k)
        retired = cohorts.retired_material(inflow, outflow + early, k, survival,
                                           prep.lifetime_row)           # [S, Y, R, C, M]
        eol = retired.sum(axis=3)
        secondary = (retired * rate.transpose(0, 2, 1)[:, None, None]).sum(axis=3)
    else:  # one intensity for every cohort: the products are exact and cheaper
        per_mw = bom.per_component(d.intensity)
        demand = bom.material_flows(inflow, per_mw)
        demand_growth = np.matmul(growth.reshape(*growth.shape[:2], -1, 1, growth.shape[-1]),
                                  per_mw.sum(axis=1)[:, None, None])[..., 0, :]
        eol = bom.material_totals(outflow + early, per_mw)
        secondary = bom.material_totals(outflow + early,
                                        per_mw * rate.transpose(0, 2, 1)[:, :, None, :])
    demand_total = demand.sum(axis=3)
    report = slice(1, None)  # index 0 is the installed base at the start
    return {
        "capacity": stock[:, report],
        "capacity_additions": inflow[:, report, :, prep.components.index("building"), :],
        "announced_capacity": announced[:, report],
        "unannounced_capacity": (stock - announced).sum(axis=-1)[:, report],
        "announced_excess": excess[:, report],
        "component_inflow": inflow[:, report].sum(axis=-1),
        "component_outflow": outflow[:, report].sum(axis=-1),
        "early_retirement": early[:, report].sum(axis=-1),
        "demand": demand[:, report],
        "demand_growth": demand_growth[:, report],
        "demand_replacement": (demand_total - demand_growth)[:, report],
        "eol_outflow": eol[:, report],
        "secondary_supply": secondary[:, report],
        "primary_demand": (demand_total - secondary)[:, report],
        "pue_fleet": np.broadcast_to(d.pue_fleet, (stock.shape[0],)),
        "load_factor": np.broadcast_to(d.load_factor, (stock.shape[0],)),
    }


def component_flows(prep: Prepared, d: parameters.Draws, stock: np.ndarray):
    """Per component, a stock-driven cohort model serving the facility stock.

    stock [S, Y, R, A] -> inflow, outflow, early retirement [S, Y, R, C, A] (MW IT), and the
    survival table of each lifetime row.
    Archetypes that share a lifetime row are solved together.
    """
    s, y, r, a = stock.shape
    shape = (s, y, r, len(prep.components), a)
    inflow, outflow, early = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    survival = [lt.survival_by_age(prep.n_ages) for lt in d.lifetimes]  # per row [S, ages]
    for c_i in range(len(prep.components)):
        rows = prep.lifetime_row[c_i]
        for row in np.unique(rows):
            idx = np.flatnonzero(rows == row)
            rows_x = stock[..., idx].transpose(0, 2, 3, 1).reshape(s, r * len(idx), y)
            flows = stock_driven(rows_x, survival[row], np.repeat(prep.initial_growth, len(idx)))
            for target, value in ((inflow, flows.inflow), (outflow, flows.outflow),
                                  (early, flows.early_retirement)):
                target[:, :, :, c_i, idx] = value.reshape(s, r, len(idx), y).transpose(0, 3, 1, 2)
    return inflow, outflow, early, survival


def to_dataset(p: Plan, arrays: dict[str, np.ndarray]) -> xr.Dataset:
    prep = p.prep
    coords = {"sample": np.arange(p.samples), "year": prep.years[1:], "region": prep.regions,
              "archetype": prep.archetypes, "component": prep.components,
              "material": prep.materials}
    ds = xr.Dataset({name: (("sample", *dims), arrays[name])
                     for name, (dims, _) in VARIABLES.items() if name in arrays},
                    coords={k: v for k, v in coords.items()})
    for name, (_, unit) in VARIABLES.items():
        if name in ds:
            ds[name].attrs["units"] = unit
    ds.attrs.update({"layer0_version": __version__, "data_version": prep.data_version,
                     "scenario": prep.scenario.name, "samples": p.samples, "seed": p.seed,
                     "sampling": p.method, "capacity_basis": "MW of IT load",
                     "initial_stock": "stable age structure of the first path year's growth"})
    if p.extra_ids:
        ds.attrs["user_projects"] = ",".join(p.extra_ids)
    return ds

