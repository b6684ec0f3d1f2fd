"""The run job, the only place that knows its order: inputs -> plan -> chunks (in process or
on Dask) -> per-sample cells -> statistics -> supply section -> summary -> files.

A run keeps its samples (the model Dataset, demand.nc with samples) up to
options.KEEP_SAMPLES_UP_TO by default, and its statistics are exact. Beyond that (or with
`keep_samples=False`) each chunk is reduced where it is computed to the few thousand numbers
summary.json needs, counted into quantile sketches (analysis/streaming.py) that are merged:
memory stays bounded whatever the sample count, and demand.nc holds P5/P50/P95.

The CLI's `layer0 run`, the Python API's `layer0.run_job` / `layer0.run` and (later) the REST
API all call `run_job`, so the same request gives the same summary everywhere.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from layer0.analysis.streaming import ExactStats, SketchStats
from layer0.errors import InputError
from layer0.io import atomic, netcdf, summary
from layer0.model import engine
from layer0.scenario import ScenarioSource
from layer0.services.inputs import Inputs, load_inputs
from layer0.services.options import Executor, check_chunk, check_run_samples, check_seed
from layer0.settings import Settings, from_environment
from layer0.supply.exposure import ExposureSpec, exposure_cells, exposure_specs, supply_records
from layer0.version import __version__


@dataclass(frozen=True)
class RunRequest:
    """What to run. `projects`: a CSV path or a DataFrame of your own facilities; `news`:
    include the projects accepted from the news (`layer0 review`)."""

    scenario: ScenarioSource = "base"
    samples: int = 2000
    seed: int = 0
    sampling: str = "mc"
    projects: Path | str | pd.DataFrame | None = field(default=None, compare=False)
    news: bool = True
    chunk: int | None = None         # samples per chunk; None: engine.DEFAULT_CHUNK
    workers: int | None = None
    scheduler: str | None = None
    keep_samples: bool | None = None  # None: up to options.KEEP_SAMPLES_UP_TO samples


@dataclass(frozen=True)
class RunResult:
    dataset: xr.Dataset   # with a `sample` dimension, or P5/P50/P95 of a streamed run
    summary: summary.Summary | None   # summary.json's content; None when not summarised
    inputs: Inputs
    # what demand.nc holds (netcdf.netcdf_view of a kept run), if made already
    file_view: xr.Dataset | None = field(default=None, repr=False, compare=False)

    @property
    def user_projects(self) -> list[str]:
        extra = self.inputs.extra_projects
        return [] if extra is None else list(extra["id"])

    @property
    def news_projects(self) -> list[str]:
        return self.inputs.news_ids

    def summary_json(self) -> str:
        """The text of summary.json, exactly as `layer0 run` writes it."""
        if self.summary is None:
            raise ValueError("this run was not summarised (summarise=False)")
        return summary.dumps(self.summary)

    def write(self, out_dir: Path, demand_nc: Path | None = None) -> list[Path]:
        """summary.json and demand.nc into `out_dir`, both or neither (atomic); demand.nc
        from `demand_nc` where it was written ahead (atomic.stage, in `out_dir`)."""
        check_output_folder(out_dir)
        if demand_nc is not None:
            nc = atomic.staged(demand_nc)
        else:
            view = self.file_view
            if view is None:
                view = (netcdf.netcdf_view(self.dataset) if "sample" in self.dataset.dims
                        else self.dataset)
            nc = netcdf.write_netcdf(view)
        return atomic.write_all(Path(out_dir), {
            "summary.json": atomic.write_text(self.summary_json()), "demand.nc": nc})


def check_boundary(boundary: str) -> None:
    """A demand boundary the run reports (facility, campus, grid), or a located problem."""
    if boundary not in engine.BOUNDARIES:
        raise InputError.parameter("boundary", f"unknown '{boundary}' (allowed: "
                                   f"{', '.join(engine.BOUNDARIES)})")


def check_output_folder(out_dir: Path) -> None:
    """The folder a run will be written to must be one, or be creatable, and be writable:
    checked before the run, not after it."""
    if problem := atomic.folder_problem(Path(out_dir)):
        raise InputError.parameter("out", problem, where=f"{out_dir}:0")


def run_job(request: RunRequest, settings: Settings | None = None, progress=None,
            summarise: bool = True, out: Path | str | None = None,
            for_file: bool = False) -> RunResult:
    """Check the request, load its inputs, run the model and (unless `summarise` is false)
    build the supply section and the summary; with `out`, write them there (checked first).
    `progress(done, total)` is called as sample chunks finish. A run that is not summarised
    returns the model Dataset, so it keeps its samples. With `for_file`, the Dataset holds
    the outputs as demand.nc stores them (demand by component summed over the regions,
    float32 per sample; engine.Plan.for_file), computed so: for a caller that only writes
    the run, ~half the memory, the same files."""
    if out is not None:
        out = Path(out)
        check_output_folder(out)
    settings = settings or from_environment()
    keep = check_run_samples(request.samples, True if not summarise else request.keep_samples)
    chunk = request.chunk if request.chunk is not None else (
        engine.DEFAULT_CHUNK if keep else STREAMED_CHUNK)
    check_seed(request.seed)
    check_chunk(chunk)
    inputs = load_inputs(settings, request.scenario, request.projects, request.news)
    plan = engine.plan(inputs.ref, inputs.scenario, request.samples, request.seed,
                       inputs.extra_projects, request.sampling)
    if for_file:
        plan = dataclasses.replace(plan, for_file=True)
    prep, scenario = plan.prep, inputs.scenario
    years = [int(y) for y in prep.report_years]
    specs = exposure_specs(inputs.ref, scenario.supply_year, prep.materials) if summarise else []
    cells = RunCells(years, specs, request.seed, request.samples,
                     prep.regions.index("US") if "US" in prep.regions else None, not keep)
    # a streamed run in process keeps to one thread: each more holds its own chunk and sketch
    # (40,000 samples peaked at 0.95 GiB on one thread, 1.19 on two, for 16% less time);
    # one that fits in its pilot holds no sketch, its chunks run on every core
    in_pilot = pilot_size(request.samples, chunk) == request.samples
    with Executor(request.workers, request.scheduler, progress,
                  threads=None if keep or in_pilot else 1) as executor:
        if keep and not summarise:
            ds = engine.to_dataset(plan, engine.assemble(plan, executor, chunk))
            return RunResult(ds, None, inputs)
        if keep:
            ds, stats = kept(plan, executor, chunk, cells)
        else:
            stats = stream(plan, executor, chunk, cells)
    coords = {"year": years, "material": list(prep.materials), "region": list(prep.regions)}
    attrs = {"layer0_version": __version__, "data_version": prep.data_version,
             "samples": request.samples, "seed": request.seed, "sampling": request.sampling}
    if inputs.extra_projects is not None:
        attrs["user_projects"] = ",".join(inputs.extra_projects["id"])
    # a kept run's demand.nc (its view: sums, casts, sorts; the file: mostly the kernel's
    # work) is made and written ahead on a second thread while this one builds the supply
    # section and the summary; it is moved into place with summary.json, or removed
    ahead = _WrittenAhead(out if keep else None)
    with ahead, ThreadPoolExecutor(1, thread_name_prefix="layer0-file") as pool:
        file = pool.submit(ahead.write, ds) if ahead.folder else None
        supply = supply_records(inputs.ref, stats, scenario.supply_year, years, specs)
        inputs.ref.save_derived()   # the next process reads these supply tables from disk
        result = summary.build(stats, attrs, coords, supply, scenario)
        if not keep:
            ds = netcdf.quantile_view(stats, coords, {**attrs, "scenario": scenario.name})
        done = RunResult(ds, result, inputs, file.result() if file else None)
        if out is not None:
            done.write(out, ahead.path)
    return done


class _WrittenAhead:
    """demand.nc written ahead into `folder` (None: not), as a temporary that is removed
    unless the run's write moves it into place; so is the folder if it was made for it and
    nothing else came into it."""

    def __init__(self, folder: Path | None):
        self.folder, self.path = folder, None
        self.made = folder is not None and not folder.exists()

    def write(self, ds: xr.Dataset) -> xr.Dataset:
        view = netcdf.netcdf_view(ds)
        self.path = atomic.stage(self.folder, "demand.nc", netcdf.write_netcdf(view))
        return view

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)      # moved into place, or not to be
        if self.made and self.folder.exists() and not any(self.folder.iterdir()):
            self.folder.rmdir()


@dataclass(frozen=True)
class RunCells:
    """A chunk's outputs -> the per-sample numbers the summary and demand.nc need (world
    totals, period sums, exposures; by region for a streamed run's demand.nc). Runs where the
    chunk is computed, so Dask workers send back sketches, not samples."""

    years: list[int]
    specs: list[ExposureSpec]
    seed: int
    samples: int
    us: int | None            # index of the US region (import reliance), if modelled
    by_region: bool           # facility demand by region, for a streamed run's demand.nc

    def __call__(self, arrays: dict[str, np.ndarray], start: int, stop: int,
                 drawn: list[np.ndarray] | None = None) -> dict:
        out = summary.cells(arrays, self.years)
        facility = arrays["demand_by_boundary"][:, :, :, 0]                  # [S, Y, R, M]
        us = facility[:, :, self.us] if self.us is not None else None
        out.update(exposure_cells(self.specs, out["boundary"][:, :, 0], us, self.years,
                                  self.seed, self.samples, start, stop, drawn))
        if self.by_region:
            out["facility_by_region"] = facility
        return out

    def shares(self, start: int, stop: int) -> list[np.ndarray]:
        """Every exposure's sampled supply shares of samples start .. stop - 1."""
        return [spec.shares(self.seed, self.samples, start, stop) for spec in self.specs]


def counted_chunks(plan: engine.Plan, cells: RunCells, chunk: int, start: int, stop: int):
    """The cells of each chunk of samples start .. stop - 1, in order. Each chunk's supply
    shares are drawn on a second thread while the chunk before is counted and this chunk's
    model runs: a streamed run computes its chunks on one thread, and the shares' gamma
    quantiles (~0.5 ms a sample, a fifth of such a run) release the GIL, as the compiled
    kernels do. Close it (contextlib.closing) if it may not be run to its end."""
    from concurrent.futures import ThreadPoolExecutor

    ranges = [(a, min(a + chunk, stop)) for a in range(start, stop, chunk)]
    with ThreadPoolExecutor(1, thread_name_prefix="layer0-shares") as pool:
        ahead = pool.submit(cells.shares, *ranges[0]) if ranges else None
        for i, (a, b) in enumerate(ranges):
            arrays = engine.compute_range(plan, a, b, per_component=False)
            drawn = ahead.result()
            if i + 1 < len(ranges):
                ahead = pool.submit(cells.shares, *ranges[i + 1])
            yield cells(arrays, a, b, drawn)


PILOT_SAMPLES = 2000  # the first samples, whose quantiles set the sketches' bins
STREAMED_CHUNK = 100  # a streamed run's default chunk: its temporaries are its memory (a
# process computing base-scenario chunks peaked at 0.9 GiB RSS at 250, 0.6 at 100; the
# engine's time per sample was the same within noise)


def kept(plan: engine.Plan, executor, chunk: int, cells: RunCells):
    """A run that keeps its samples: the Dataset and the exact statistics of its cells (the
    cells computed with each chunk, where it runs)."""
    arrays, found = engine.assemble_with(plan, executor, chunk, derive=cells)
    return engine.to_dataset(plan, arrays), ExactStats(found)


def pilot_size(samples: int, chunk: int) -> int:
    """How many of a streamed run's first samples set its sketches' bins."""
    return min(samples, max(PILOT_SAMPLES, chunk))


def stream(plan: engine.Plan, executor, chunk: int, cells: RunCells):
    """Every chunk's cells counted into quantile sketches: the pilot's cells set the bins,
    the rest run as tasks of several chunks each that return their counts (reduced where
    they are computed)."""
    pilot_stop = pilot_size(plan.samples, chunk)
    # the pilot runs where the chunks run (on workers with Dask: the client stays small), in
    # as many parts of whole chunks as there are slots (the same chunks: the same numbers)
    per_slot = -(-pilot_stop // executor.slots // chunk) * chunk
    parts = sorted(executor.map_ranges(pilot_range, (plan, cells, chunk),
                                       [(s, min(s + per_slot, pilot_stop))
                                        for s in range(0, pilot_stop, per_slot)]),
                   key=lambda part: part[0])
    pilot = _joined([cells_of for _, cells_of in parts])
    del parts
    rest = plan.samples - pilot_stop
    if not rest:  # every sample is in the pilot: exact
        return ExactStats(pilot)
    stats = SketchStats(pilot)
    del pilot
    batch = max(chunk, -(-rest // (4 * executor.slots)))
    batch = min(-(-batch // chunk) * chunk, 100 * chunk)   # whole chunks, bounded tasks
    shared = (plan, cells, stats.empty_like(), chunk)
    ranges = [(s, min(s + batch, plan.samples))
              for s in range(pilot_stop, plan.samples, batch)]
    for _, counted in executor.map_ranges(sketch_range, shared, ranges):
        stats.merge(counted)
    return stats


def pilot_range(shared, start: int, stop: int) -> dict:
    """The pilot's cells [S, ...], chunk by chunk."""
    plan, cells, chunk = shared
    return _joined(list(counted_chunks(plan, cells, chunk, start, stop)))


def _joined(parts: list[dict]) -> dict:
    """Cells of consecutive sample ranges, in order -> the cells of all of them."""
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def sketch_range(shared, start: int, stop: int) -> dict:
    """One task: the chunks of samples start .. stop - 1 counted into an empty sketch; what
    goes back is its counts (the edges are the client's)."""
    plan, cells, empty, chunk = shared
    sketch = empty.empty_like()
    with closing(counted_chunks(plan, cells, chunk, start, stop)) as chunks:
        for counted in chunks:    # closed if counting fails: its thread ends with it
            sketch.add(counted)
    return sketch.partial()
