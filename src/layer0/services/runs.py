"""The run job, the only place that knows its order: inputs -> plan -> chunks (in process or
on Dask) -> Dataset -> supply section -> summary -> files.

The CLI's `layer0 run`, the Python API's `layer0.run_job` / `layer0.run` and (later) the REST
API all call `run_job`, so the same request gives the same summary everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import xarray as xr

from layer0.errors import InputError
from layer0.io import atomic, netcdf, summary
from layer0.model import engine
from layer0.scenario import ScenarioSource
from layer0.services.inputs import Inputs, load_inputs
from layer0.services.options import Executor, check_chunk, check_samples, check_seed
from layer0.settings import Settings, from_environment
from layer0.supply.exposure import supply_section


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


@dataclass(frozen=True)
class RunResult:
    dataset: xr.Dataset
    summary: summary.Summary | None   # summary.json's content; None when not summarised
    inputs: Inputs

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

    def write(self, out_dir: Path) -> list[Path]:
        """summary.json and demand.nc into `out_dir`, both or neither (atomic)."""
        check_output_folder(out_dir)
        return atomic.write_all(Path(out_dir), {
            "summary.json": atomic.write_text(self.summary_json()),
            "demand.nc": netcdf.write_netcdf(netcdf.netcdf_view(self.dataset)),
        })


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
            summarise: bool = True, out: Path | None = None) -> RunResult:
    """Check the request, load its inputs, run the model and (unless `summarise` is false)
    build the supply section and the summary; with `out`, write them there (checked first).
    `progress(done, total)` is called as sample chunks finish."""
    if out is not None:
        check_output_folder(out)
    settings = settings or from_environment()
    chunk = engine.DEFAULT_CHUNK if request.chunk is None else request.chunk
    check_samples(request.samples)
    check_seed(request.seed)
    check_chunk(chunk)
    inputs = load_inputs(settings, request.scenario, request.projects, request.news)
    plan = engine.plan(inputs.ref, inputs.scenario, request.samples, request.seed,
                       inputs.extra_projects, request.sampling)
    with Executor(request.workers, request.scheduler, progress) as executor:
        ds = engine.to_dataset(plan, engine.assemble(plan, executor, chunk))
    result = None
    if summarise:
        scenario = inputs.scenario
        supply = supply_section(inputs.ref, ds, scenario.supply_year, request.seed)
        result = summary.build(ds, supply, scenario)
    done = RunResult(ds, result, inputs)
    if out is not None:
        done.write(out)
    return done
