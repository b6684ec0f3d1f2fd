"""layer0: metals for the AI data-centre buildout, from sourced parameters.

Python API: `layer0.run(...)` returns an xarray Dataset with a `sample` dimension;
`layer0.exposure(ds, material)` the tonnes of its demand exposed to each supplying country.
"""

from __future__ import annotations

__version__ = "0.4.0"


def run(scenario: str = "base", samples: int = 2000, seed: int = 0, projects=None,
        data_dir=None, sampling: str = "mc", workers: int | None = None,
        scheduler: str | None = None):
    """Run a scenario (built-in name or YAML path) and return the model Dataset.

    `workers` starts a local Dask cluster, `scheduler` joins a running one (tcp://host:port);
    both give the same numbers as the in-process run.
    """
    from contextlib import nullcontext

    from layer0.inputs import load_inputs
    from layer0.model import engine
    from layer0.scale import DaskCluster

    inputs = load_inputs(scenario, projects, data_dir)
    local = workers is None and scheduler is None
    with nullcontext() if local else DaskCluster(workers=workers, address=scheduler) as cluster:
        return engine.run(inputs.ref, inputs.scenario, samples=samples, seed=seed,
                          extra_projects=inputs.extra_projects, method=sampling,
                          executor=cluster)


def exposure(ds, material: str, stage: str | None = None, seed: int = 0, data_dir=None):
    """Exposed tonnes [sample, year, country] of a run's data-centre demand for `material`
    at `stage` (default: the bottleneck stage), with the country shares sampled."""
    from layer0.inputs import load_reference
    from layer0.supply.exposure import exposure_array

    return exposure_array(load_reference(data_dir), ds, material, stage, seed=seed)


__all__ = ["run", "exposure", "__version__"]
