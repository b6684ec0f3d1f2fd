"""Everything a run reads, loaded and cross-checked in one place (CLI and Python API alike)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from layer0 import reference
from layer0.errors import InputError
from layer0.scenario import Scenario, check_against_reference, load_scenario


@dataclass(frozen=True)
class Inputs:
    ref: reference.ReferenceData
    scenario: Scenario
    extra_projects: pd.DataFrame | None


def load_reference(data_dir: Path | None = None) -> reference.ReferenceData:
    """The packaged reference data, or a folder of the same files."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise InputError(f"{data_dir}:0: --data-dir: is not a folder")
    return reference.load(Path(data_dir) if data_dir is not None else None)


def load_inputs(scenario: str = "base", projects: Path | str | None = None,
                data_dir: Path | str | None = None) -> Inputs:
    ref = load_reference(data_dir)
    scen = load_scenario(scenario)
    check_against_reference(scen, ref, scenario)
    extra = reference.load_user_projects(Path(projects), ref) if projects else None
    return Inputs(ref, scen, extra)
