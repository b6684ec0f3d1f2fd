"""layer0: metals for the AI data-centre buildout, from sourced parameters.

Python API (each function calls the same services as the command line):

- `layer0.run_job(...)` runs a scenario as `layer0 run` does and returns a `RunResult`:
  `.dataset` (xarray, with a `sample` dimension), `.summary` (summary.json's content),
  `.summary_json()` (its exact text) and `.write(folder)`;
- `layer0.run(...)` returns just the Dataset (no supply section or summary);
- `layer0.exposure(ds, material)` the tonnes of a run's demand exposed to each country.

Bad input raises `layer0.InputError`; its `problems` name the field (`samples`, `material`)
and what is allowed.
"""

from __future__ import annotations

from layer0.errors import InputError, Problem
from layer0.version import __version__


def run_job(scenario: str = "base", samples: int = 2000, seed: int = 0, projects=None,
            data_dir=None, sampling: str = "mc", workers: int | None = None,
            scheduler: str | None = None, chunk: int | None = None, news: bool = True,
            keep_samples: bool | None = None):
    """Run a scenario (built-in name or YAML path) as `layer0 run` does: the same inputs
    (your projects, the accepted news projects unless `news=False`), the same model and
    summary. `workers` starts a local Dask cluster, `scheduler` joins a running one
    (tcp://host:port); both give the same numbers as the in-process run. `keep_samples`:
    keep every sample (`.dataset` has a `sample` dimension); default up to 5,000, beyond
    that the samples are streamed into quantile sketches and `.dataset` holds P5/P50/P95."""
    from layer0.services.runs import RunRequest
    from layer0.services.runs import run_job as job
    from layer0.settings import from_environment

    request = RunRequest(scenario, samples, seed, sampling, projects, news, chunk, workers,
                         scheduler, keep_samples)
    return job(request, from_environment().with_options(data_dir=data_dir))


def run(scenario: str = "base", samples: int = 2000, seed: int = 0, projects=None,
        data_dir=None, sampling: str = "mc", workers: int | None = None,
        scheduler: str | None = None, news: bool = True):
    """The model Dataset of a run (as `run_job(...).dataset`, without building the supply
    section and summary)."""
    from layer0.services.runs import RunRequest
    from layer0.services.runs import run_job as job
    from layer0.settings import from_environment

    request = RunRequest(scenario, samples, seed, sampling, projects, news, None, workers,
                         scheduler)
    settings = from_environment().with_options(data_dir=data_dir)
    return job(request, settings, summarise=False).dataset


def exposure(ds, material: str, stage: str | None = None, seed: int = 0, data_dir=None):
    """Exposed tonnes [sample, year, country] of a run's data-centre demand for `material`
    at `stage` (default: the bottleneck stage), with the country shares sampled."""
    from layer0.services.supply import exposure as exposure_of
    from layer0.settings import from_environment

    return exposure_of(ds, material, stage, seed,
                       from_environment().with_options(data_dir=data_dir))


__all__ = ["InputError", "Problem", "__version__", "exposure", "run", "run_job"]
