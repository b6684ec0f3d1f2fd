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
                data_dir: Path | str | None = None, news: Path | str | None = None) -> Inputs:
    """`news`: a folder with accepted_projects.csv (see `layer0 review`); None = none."""
    ref = load_reference(data_dir)
    scen = load_scenario(scenario)
    check_against_reference(scen, ref, scenario)
    frames = []
    if projects:
        frames.append(reference.load_user_projects(Path(projects), ref))
    accepted = news_projects_file(news)
    if accepted is not None:
        frames.append(reference.load_user_projects(accepted, ref))
    return Inputs(ref, scen, _combine(frames))


def news_projects_file(news: Path | str | None) -> Path | None:
    """The accepted news projects file in `news`, if it exists and lists any project."""
    if news is None:
        return None
    from layer0.registry.candidates import PROJECTS

    path = Path(news) / PROJECTS
    if not path.is_file() or len(path.read_text("utf-8").strip().splitlines()) < 2:
        return None
    return path


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    if not frames:
        return None
    if len(frames) == 2:
        clash = set(frames[0]["id"]) & set(frames[1]["id"])
        if clash:
            raise InputError(f"--projects: id: {', '.join(sorted(clash))} also in the "
                             "accepted news projects; rename it in your file")
    return pd.concat(frames, ignore_index=True)
