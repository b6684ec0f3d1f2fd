"""layer0: metals for the AI data-centre buildout, from sourced parameters.

Python API: `layer0.run(...)` returns an xarray Dataset with a `sample` dimension.
"""

from __future__ import annotations

__version__ = "0.1.0"


def run(scenario: str = "default", samples: int = 1000, seed: int = 0, projects=None):
    """Run a scenario (built-in name or YAML path) and return the model Dataset."""
    from pathlib import Path

    from layer0 import reference
    from layer0.model import engine
    from layer0.scenario import check_against_reference, load_scenario

    ref = reference.load()
    scen = load_scenario(scenario)
    check_against_reference(scen, ref, scenario)
    extra = reference.load_user_projects(Path(projects), ref) if projects else None
    return engine.run(ref, scen, samples=samples, seed=seed, extra_projects=extra)


__all__ = ["run", "__version__"]
