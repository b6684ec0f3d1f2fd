"""The orchestrator: the only place that knows the order of the steps.

run(ref, scenario, samples, seed) -> xr.Dataset with a `sample` dimension on every model
output. Samples are computed in chunks (draws and capacity in numpy, vectorised over the
chunk; the cohort models and tonnes in compiled loops one sample at a time, kernels.py); an
executor runs the chunks in process or on a Dask cluster. A chunk depends only on (prepared
inputs, seed, sample range), so any executor and any chunk order give the same numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass

import numpy as np
import xarray as xr

from layer0 import xarrays
from layer0.errors import InputError
from layer0.model import buildout, campus, cohorts, kernels, leads, parameters, terms
from layer0.model.executors import InProcess
from layer0.model.prepare import Prepared, prepare
from layer0.model.sampling import METHODS, Parameter, quantiles, split_columns
from layer0.version import __version__

xarrays.lazy_duck_array_checks()   # a run makes no dask or pint arrays: ~1 s less cold

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
    parameters: tuple[Parameter, ...]  # shared between the plans of one prepared scenario
    samples: int
    seed: int
    method: str = "mc"
    matrix: np.ndarray | None = None  # given quantiles [samples, columns] (a Sobol' design)
    extra_ids: tuple[str, ...] = ()   # the user's own projects, recorded in the outputs
    # the outputs as demand.nc stores them, for runs that are only written: demand by
    # component summed over the regions as it is computed (the largest output, 5x smaller),
    # and what the file keeps per sample in float32 stored as float32 (each chunk computed
    # in float64 and its derived statistics taken first: the same file and summary)
    for_file: bool = False

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
    key = _prepared_key(scenario, extra_projects)
    prep = prepared(ref, scenario, extra_projects, key)
    # defined once per prepared scenario too (~12 ms of a 1,000-sample run, most of it
    # reading the projects' rows), and shared by its plans: frozen parameters in a tuple,
    # defined from a copy of the inputs no plan holds, their arrays read-only
    params = ref.derived(("parameters", key), lambda: _shared_parameters(
        prepared(ref, scenario, extra_projects, key)), keep=PREPARED_KEPT, shared=True)
    extra_ids = tuple(extra_projects["id"]) if extra_projects is not None else ()
    return Plan(prep, params, samples, seed, method, extra_ids=extra_ids)


PREPARED_KEPT = 16  # scenarios (with their user projects) kept prepared per data set


def _shared_parameters(prep: Prepared) -> tuple[Parameter, ...]:
    """parameters.define(prep), with every array the distributions hold made read-only
    (the plans of a scenario share them: a caller cannot change another's)."""
    params = tuple(parameters.define(prep))
    for parameter in params:
        for value in vars(parameter.distribution).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
    return params


def _prepared_key(scenario, extra_projects=None) -> str:
    """The scenario's JSON and the user projects' CSV text, hashed."""
    digest = hashlib.sha256(scenario.model_dump_json().encode())
    if extra_projects is not None:
        digest.update(extra_projects.to_csv(index=False).encode())
    return digest.hexdigest()


def prepared(ref, scenario, extra_projects=None, key: str | None = None) -> Prepared:
    """`prepare`, kept with the reference data per scenario and user projects: a server (or
    the next process, through the disk cache) prepares each once (~0.3 s warm, 0.5 s cold
    of a run). Keyed by `_prepared_key`."""
    key = key or _prepared_key(scenario, extra_projects)
    return ref.derived(("prepared", key), lambda: _with_records(prepare(ref, scenario,
                                                                        extra_projects)),
                       keep=PREPARED_KEPT)


def _with_records(prep: Prepared) -> Prepared:
    """`prep` with its tables' rows read once (cached properties), so that the copy each
    run gets has them: read from the DataFrames in every run they took 2.6 ms, copied
    with the rest 0.8 ms."""
    for name in ("project_records", "lifetime_records", "parameter_rows"):
        getattr(prep, name)             # a cached property: read once, then kept in prep
    return prep


def run(ref, scenario, samples: int = 2000, seed: int = 0, extra_projects=None,
        method: str = "mc", executor=None, chunk: int = DEFAULT_CHUNK) -> xr.Dataset:
    p = plan(ref, scenario, samples, seed, extra_projects, method)
    return to_dataset(p, assemble(p, executor, chunk))


def chunks(samples: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(s + size, samples)) for s in range(0, samples, size)]


def compute_range(p: Plan, start: int, stop: int, reduce=None, per_component: bool = True,
                  out: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """The chunk of samples [start, stop): its own quantiles, then the model. Without
    `per_component`, demand is not split by component (`demand` is left out: the largest
    output, which the statistics of a streamed run do not need). With `out` (whole-run
    arrays, `allocate`), the chunk is written into its rows of them and the arrays returned
    are those rows."""
    if p.matrix is not None:
        q = split_columns(p.parameters, p.matrix[start:stop])
    else:
        q = quantiles(p.parameters, p.seed, p.samples, p.method, start, stop)
    rows = None if out is None else {name: value[start:stop] for name, value in out.items()}
    arrays = compute(p.prep, p.parameters, q, p.deterministic, per_component, rows,
                     regional=not p.for_file)
    return reduce(arrays) if reduce else arrays


def allocate(p: Plan, per_component: bool = True) -> dict[str, np.ndarray]:
    """Whole-run arrays for every model output ([samples, ...], not yet written)."""
    prep = p.prep
    size = {"year": prep.n_report, "region": len(prep.regions),
            "archetype": len(prep.archetypes), "component": len(prep.components),
            "material": len(prep.materials), "boundary": len(BOUNDARIES)}
    return {name: np.empty((p.samples, *(size[dim] for dim in dims_of(p, name))),
                           dtype=dtype_of(p, name))
            for name in VARIABLES if per_component or name != "demand"}


def dims_of(p: Plan, name: str) -> tuple[str, ...]:
    """An output's dimensions after `sample` (demand's without region for a file)."""
    dims = VARIABLES[name][0]
    if name == "demand" and p.for_file:
        return tuple(dim for dim in dims if dim != "region")
    return dims


# what demand.nc keeps per sample as it is computed, in float32 (io/netcdf.py: the rest is
# summed over the regions first, or kept in float64)
FILE_FLOAT32 = set(VARIABLES) - {"demand_by_boundary", "pue_fleet", "load_factor"}


def dtype_of(p: Plan, name: str) -> type:
    """An output's dtype in the run's arrays: float64, or float32 where a file keeps it so."""
    return np.float32 if p.for_file and name in FILE_FLOAT32 else np.float64


def assemble(p: Plan, executor=None, chunk: int = DEFAULT_CHUNK, reduce=None
             ) -> dict[str, np.ndarray]:
    """Run every chunk (through `executor`, default in process) into whole-run arrays (with
    `reduce`: each chunk's reduction of its arrays, gathered instead)."""
    if reduce is not None:
        task = functools.partial(compute_range, reduce=reduce)
        return gather((executor or InProcess()).map_ranges(task, p, chunks(p.samples, chunk)),
                      p.samples)
    return assemble_with(p, executor, chunk)[0]


DERIVED = "derived:"  # a chunk's derived arrays, named apart from the model's


def assemble_with(p: Plan, executor=None, chunk: int = DEFAULT_CHUNK, derive=None
                  ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(whole-run arrays, whole-run derived arrays): `derive(arrays, start, stop)` -> {name:
    [stop - start, ...]} runs with each chunk, where it runs. An executor in this process
    writes each chunk straight into the run's arrays (no copy of a chunk)."""
    executor = executor or InProcess()
    out = allocate(p) if getattr(executor, "shares_memory", False) else None
    parts = gather(executor.map_ranges(_chunk, (p, out, derive), chunks(p.samples, chunk)),
                   p.samples, functools.partial(dtype_of, p))
    derived = {name[len(DERIVED):]: parts.pop(name) for name in list(parts)
               if name.startswith(DERIVED)}
    return (parts if out is None else out), derived


def _chunk(shared, start: int, stop: int) -> dict:
    """One chunk: its derived arrays, and the model's unless written into the run's (`out`).
    A file's chunk is computed in float64, derived from, then stored (float32 in part)."""
    p, out, derive = shared
    arrays = compute_range(p, start, stop, out=None if p.for_file else out)
    found = {} if derive is None else {DERIVED + name: value for name, value in
                                       derive(arrays, start, stop).items()}
    if out is None:
        return {**arrays, **found}
    if p.for_file:
        for name, value in arrays.items():
            np.copyto(out[name][start:stop], value, casting="same_kind")
    return found


def gather(results, samples: int, dtype_of=None) -> dict[str, np.ndarray]:
    """((start, stop), {name: [stop - start, ...]}) as chunks finish -> {name: [samples, ...]}
    (of the chunks' dtypes, or `dtype_of(name)` for the model's outputs)."""
    out: dict[str, np.ndarray] = {}
    for (start, stop), arrays in results:
        for name, value in arrays.items():
            if name not in out:
                dtype = dtype_of(name) if dtype_of and name in VARIABLES else value.dtype
                out[name] = np.empty((samples, *value.shape[1:]), dtype=dtype)
            out[name][start:stop] = value
    return out


def compute(prep: Prepared, params: list[Parameter], q: dict[str, np.ndarray],
            deterministic: bool, per_component: bool = True,
            out: dict[str, np.ndarray] | None = None, regional: bool = True
            ) -> dict[str, np.ndarray]:
    """Every model output for one chunk of samples, as numpy arrays [S, ...] (written into
    `out`'s arrays where given, and those returned); demand summed over the regions unless
    `regional`."""
    d = parameters.draw(prep, params, q, deterministic)
    total = (None if prep.path is None else
             buildout.path_capacity(prep.path, prep.path_kind, d.pue_fleet, d.load_factor))
    announced = buildout.announced_capacity(prep.project_records, d.project_it * d.completed,
                                            prep.years, prep.regions, prep.archetypes, d.delay)
    stock, excess = buildout.capacity_stock(total, announced, d.mix)
    served = served_stocks(prep, d, stock, announced)                   # [S, Y, R, D, A]
    inflow, retired, survival, sums = component_flows(prep, d, served, out)
    failed = stock * d.failure[:, None, None, :]     # IT boards replaced after failure, MW IT
    tonnes = (_term_tonnes if d.intensity_factor is None else _general_tonnes)(
        prep, d, inflow, served, retired, failed, survival, per_component, out, regional)
    report = prep.report
    into = out or {}
    arrays = {
        "capacity": stock[:, report],
        "capacity_additions": inflow[:, report, :, prep.components.index("building"), :],
        "announced_capacity": announced[:, report],
        "unannounced_capacity": _archetypes((stock - announced)[:, report],
                                            into.get("unannounced_capacity")),
        "announced_excess": excess[:, report],
        "component_inflow": sums[0],
        "component_outflow": sums[1],
        "early_retirement": sums[2],
        "demand": tonnes.demand,
        "demand_by_boundary": tonnes.boundary,
        "demand_growth": tonnes.growth,
        "demand_replacement": tonnes.replacement,
        "eol_outflow": tonnes.retired,
        "secondary_supply": tonnes.secondary,
        "primary_demand": tonnes.primary,
        "manufacturing_input": tonnes.manufacturing,
        "failure_replacement": _archetypes(failed[:, report], into.get("failure_replacement")),
        "pue_fleet": np.broadcast_to(d.pue_fleet, (stock.shape[0], len(prep.years)))[:, report],
        "load_factor": np.broadcast_to(d.load_factor, (stock.shape[0], len(prep.years)))[
            :, report],
    }
    if tonnes.demand is None:
        del arrays["demand"]
    if out is None:
        return arrays
    for name, value in arrays.items():
        if value is not out[name]:
            np.copyto(out[name], value)
    return {name: out[name] for name in arrays}


def _growth(stock: np.ndarray) -> np.ndarray:
    """[S, Y, ...] the stock's rise from the year before (0 the first year, and where it
    falls): np.maximum(np.diff(stock, axis=1, prepend=stock[:, :1]), 0) without its
    temporaries (kernels._rise is one sample's, where kernels.tonnes takes it)."""
    out = np.empty_like(stock)
    out[:, 0] = 0.0
    np.subtract(stock[:, 1:], stock[:, :-1], out=out[:, 1:])
    return np.maximum(out, 0.0, out=out)


def _column_ordered(shape: tuple) -> np.ndarray:
    """An empty [S, Y, R, X, A] array whose memory is laid out [S, X, A, Y, R]: each
    column's years and regions together, as kernels.flows writes them and kernels.tonnes
    reads them (its reads of a column were 480 bytes apart in the other order)."""
    s, y, r, x, a = shape
    return np.empty((s, x, a, y, r)).transpose(0, 3, 4, 1, 2)


def _by_column(x: np.ndarray) -> np.ndarray:
    """[S, Y, R, (X,) A] -> its memory order [S, (X,) A, Y, R] (a view if laid out so)."""
    order = (0, 3, 4, 1, 2) if x.ndim == 5 else (0, 3, 1, 2)
    return np.ascontiguousarray(x.transpose(order))


def _archetypes(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """x summed over its last axis (the archetypes; einsum: ~3x numpy's sum on 4 values)."""
    return np.einsum("...a->...", x, out=out)


@dataclass(frozen=True)
class Tonnes:
    """A chunk's material flows, t, by report year. `demand` per component, the rest summed
    over the components inside the fence (the facility), `boundary` over each boundary."""

    demand: np.ndarray | None  # [S, Y, R, C, M] ([S, Y, C, M] where not regional), dated
    #                            at purchase, failed boards included
    boundary: np.ndarray       # [S, Y, R, boundary, M]
    growth: np.ndarray         # [S, Y, R, M] the part of demand that grows the stock
    retired: np.ndarray        # [S, Y, R, M] end-of-life outflow
    secondary: np.ndarray      # [S, Y, R, M] what of it is recovered
    manufacturing: np.ndarray  # [S, Y, R, M] input to make the demand (beside it)
    replacement: np.ndarray    # [S, Y, R, M] the facility's demand less its growth
    primary: np.ndarray        # [S, Y, R, M] the facility's demand less secondary supply


def _term_tonnes(prep: Prepared, d: parameters.Draws, inflow, served, retired_mw, failed,
                 survival, per_component: bool = True, out: dict | None = None,
                 regional: bool = True) -> Tonnes:
    """Tonnes through MW terms (model/terms.py), one sample at a time in kernels.tonnes:
    the MW is dated, convolved and summed first, then multiplied by the intensities.
    served [S, Y, R, D, A] is the stock each driver serves (prep.driver_of: each
    component's); the kernel takes its growth per sample."""
    n_s, n_y, n_r, n_c, n_a = inflow.shape
    n_m, it = len(prep.materials), prep.components.index("it_compute")
    applies = [np.flatnonzero(a.applies) for a in prep.adoptions]      # archetypes, per j
    # failed boards are one more component after the last: IT's weights without the rack,
    # IT's lead, manufacturing input and recovery, inside the fence
    board = ~np.isin(prep.materials, RACK_MATERIALS)
    columns = terms.columns(n_a, applies)
    w = np.empty((n_s, n_c + 1, len(columns), n_m))                     # [S, C + 1, K, M]
    terms.weights(d.intensity, d.adopted_intensity, applies, out=w[:, :n_c])
    np.multiply(w[:, it], board, out=w[:, n_c])
    with_failed = [*range(n_c), it]
    scope_of = np.array([SCOPES.index(scope) for scope in [*prep.scopes, "inside_fence"]])
    shares = np.stack(d.adoption_share) if applies else np.zeros((0, n_s, n_y))
    recovered = (d.collection * d.recovery)[:, :, [prep.component_class[c]
                                                    for c in with_failed]]  # [S, M, C + 1]
    n_rd = n_r if regional else 1            # demand's regions: one where summed over them
    if out is not None:           # the whole run's arrays: written in place
        demand = (out["demand"] if per_component else
                  np.empty((0, prep.n_report, n_rd, n_c, n_m)))
        out = Tonnes(demand=demand, boundary=out["demand_by_boundary"],
                     **{field: out[name] for field, name in OUTPUT_OF.items()})
    else:
        out = Tonnes(demand=np.empty((n_s if per_component else 0, prep.n_report, *(
                                      (n_r,) if regional else ()), n_c, n_m)),
                     boundary=np.empty((n_s, prep.n_report, n_r, len(BOUNDARIES), n_m)),
                     **{name: np.empty((n_s, prep.n_report, n_r, n_m)) for name in OUTPUT_OF})
    c_order = np.ascontiguousarray
    kernels.tonnes(_by_column(inflow), _by_column(served), prep.driver_of,
                   _by_column(retired_mw), _by_column(failed), c_order(shares),
                   columns, terms.adoption_of(n_a, applies), c_order(w),
                   c_order(d.lead[:, with_failed]), scope_of,
                   scope_of == SCOPES.index("inside_fence"),
                   c_order(d.manufacturing[:, :, with_failed].transpose(0, 2, 1)),
                   c_order(recovered.transpose(0, 2, 1)), survival,
                   c_order(prep.lifetime_row, dtype=np.int64), it, 1,  # 0: the base
                   np.reshape(out.demand, (-1, prep.n_report, n_rd, n_c, n_m), copy=False),
                   out.boundary, out.growth, out.retired, out.secondary, out.manufacturing,
                   out.replacement, out.primary)
    return out if per_component else dataclasses.replace(out, demand=None)


def _general_tonnes(prep: Prepared, d: parameters.Draws, inflow, served, retired_mw, failed,
                    survival, per_component: bool = True, out=None,
                    regional: bool = True) -> Tonnes:
    """Tonnes with each cohort's intensity in full (a yearly intensity change per material
    makes k no sum of terms): [S, Y, R, C, M] arrays, several times the work of the terms.
    `out` is not written (the engine copies these)."""
    it = prep.components.index("it_compute")
    board = ~np.isin(prep.materials, RACK_MATERIALS)
    rate = (d.collection * d.recovery)[:, :, prep.component_class]      # [S, M, C]
    k = cohorts.cohort_intensity(d.intensity, d.adoption_share, d.adopted_intensity,
                                 d.intensity_factor, len(prep.years))   # [S, Y, C, A, M]
    demand = cohorts.material_demand(inflow, k)
    demand_growth = cohorts.material_demand(_growth(served)[:, :, :, prep.driver_of], k)
    retired = cohorts.retired_material(inflow, retired_mw, k, survival, prep.lifetime_row)
    failed_t = np.matmul(failed[..., None, :], k[:, :, None, it])[..., 0, :] * board
    demand[:, :, :, it] += failed_t
    retired[:, :, :, it] += failed_t
    secondary = retired * rate.transpose(0, 2, 1)[:, None, None]        # [S, Y, R, C, M]
    demand = leads.bought(demand, d.lead)            # dated when bought, not when energised
    demand_growth = leads.bought(demand_growth, d.lead)
    inside = np.array([scope == "inside_fence" for scope in prep.scopes])
    report = prep.report
    boundary = by_boundary(demand, prep.scopes)[:, report]
    growth = demand_growth[:, :, :, inside].sum(axis=3)[:, report]
    secondary = secondary[:, :, :, inside].sum(axis=3)[:, report]
    return Tonnes(demand=(None if not per_component else demand[:, report] if regional
                          else demand[:, report].sum(axis=2)),
                  boundary=boundary, growth=growth,
                  retired=retired[:, :, :, inside].sum(axis=3)[:, report],
                  secondary=secondary,
                  manufacturing=np.einsum("syrcm,smc->syrm", demand[:, report][:, :, :, inside],
                                          d.manufacturing[:, :, inside]),
                  replacement=boundary[:, :, :, 0] - growth,
                  primary=boundary[:, :, :, 0] - secondary)


OUTPUT_OF = {"growth": "demand_growth", "retired": "eol_outflow",
             "secondary": "secondary_supply", "manufacturing": "manufacturing_input",
             "replacement": "demand_replacement", "primary": "primary_demand"}

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
    """[S, Y, R, D, A]: the stock each driver serves (prep.stock_drivers; a component's is
    prep.driver_of): IT capacity for the facility's components, the on-site generation or
    battery stock for the campus components (model/campus.py). One array per driver, not
    per component: the twelve components serving IT read the same stock. Laid out by
    column (_column_ordered), as kernels.flows reads it and its growth is kept."""
    unannounced = stock - announced
    out = _column_ordered((*stock.shape[:3], len(prep.stock_drivers), stock.shape[3]))
    for i, driver in enumerate(prep.stock_drivers):
        out[:, :, :, i] = stock if driver == "it" else campus.driver_stock(
            driver, prep.onsite_attached[driver], d.completed, d.delay,
            d.onsite_per_mw[driver], unannounced, prep)
    return out


def _survival_tables(lifetimes: list, n_s: int, n_ages: int, n_years: int) -> np.ndarray:
    """[lifetime row, S, ages]: each lifetime's survival by age, over the model's years and
    beyond them only until no sample's cohort survives (below kernels.ALIVE), zero after:
    the kernels read a curve past the years only at ages that still carry stock, and the
    survival functions (pow and exp, ndtr) over all ages were ~4 % of the engine's time."""
    out = np.zeros((len(lifetimes), n_s, n_ages))
    for row, lifetime in zip(out, lifetimes, strict=True):
        stop = min(n_years, n_ages)
        lifetime.survival_by_age(stop, out=row[:, :stop])
        while stop < n_ages and (row[:, stop - 1] >= kernels.ALIVE).any():
            start, stop = stop, min(stop + n_years, n_ages)
            lifetime.survival_by_age(stop, out=row[:, start:stop], start=start)
    return out


def component_flows(prep: Prepared, d: parameters.Draws, served: np.ndarray,
                    out: dict[str, np.ndarray] | None = None):
    """Per component, a stock-driven cohort model serving its driver's stock
    (kernels.flows).

    served [S, Y, R, D, A] -> inflow and retired (regular outflow plus early retirement)
    [S, Y, R, C, A] (in the unit of each component's driver; views of memory laid out by
    column, _column_ordered), the survival tables
    [lifetime row, S, ages], and inflow, outflow and early retirement summed over the
    archetypes in the report years [S, N, R, C] (into `out`'s component_inflow,
    component_outflow, early_retirement where given).
    """
    survival = _survival_tables(d.lifetimes, served.shape[0], prep.n_ages, len(prep.years))
    # the installed base grew with IT before the start; the campus components' own stocks
    # are taken as steady (stock.initial_base)
    kinds = np.stack([np.zeros_like(prep.initial_growth), prep.initial_growth])
    kind = np.array([driver == "it" for driver in prep.drivers], dtype=np.int64)
    shape = (*served.shape[:3], len(prep.components), served.shape[4])
    inflow, retired = _column_ordered(shape), _column_ordered(shape)
    sums = [out[name] if out else np.empty((shape[0], prep.n_report, *shape[2:4]))
            for name in ("component_inflow", "component_outflow", "early_retirement")]
    kernels.flows(_by_column(served), prep.driver_of, survival,
                  np.ascontiguousarray(prep.lifetime_row, dtype=np.int64), kinds, kind,
                  prep.report.start, _by_column(inflow), _by_column(retired), *sums)
    return inflow, retired, survival, sums


def to_dataset(p: Plan, arrays: dict[str, np.ndarray]) -> xr.Dataset:
    prep = p.prep
    coords = {"sample": np.arange(p.samples), "year": prep.report_years,
              "region": prep.regions, "archetype": prep.archetypes,
              "component": prep.components, "material": prep.materials,
              "boundary": list(BOUNDARIES)}
    ds = xr.Dataset({name: (("sample", *dims_of(p, name)), arrays[name])
                     for name in VARIABLES if name in arrays},
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

