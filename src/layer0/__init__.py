"""layer0: metals for the AI data-centre buildout, from sourced parameters.

Python API: `layer0.run(...)` returns an xarray Dataset with a `sample` dimension.
"""

from __future__ import annotations

__version__ = "0.1.0"


def run(scenario: str = "default", samples: int = 1000, seed: int = 0, projects=None,
        data_dir=None):
    """Run a scenario (built-in name or YAML path) and return the model Dataset."""
    from layer0.inputs import load_inputs
    from layer0.model import engine

    inputs = load_inputs(scenario, projects, data_dir)
    return engine.run(inputs.ref, inputs.scenario, samples=samples, seed=seed,
                      extra_projects=inputs.extra_projects)


__all__ = ["run", "__version__"]
