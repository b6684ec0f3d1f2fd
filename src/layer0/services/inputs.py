"""Everything a use case reads, loaded and cross-checked in one place: the reference data
(cached by data version, with the registry's changes laid over it), the scenario (by name,
path or text) and the user's projects (a CSV file, a DataFrame, and the registry's own
projects: added by the user or accepted from the news)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from layer0 import reference
from layer0.errors import InputError
from layer0.io.scenarios import read_scenario
from layer0.reference import projects as user_projects
from layer0.scenario import Scenario, ScenarioSource, ScenarioText, parse_scenario
from layer0.scenario.references import check_against_reference
from layer0.services.registry import registry_inputs
from layer0.settings import Settings


@dataclass(frozen=True)
class Inputs:
    ref: reference.ReferenceData
    scenario: Scenario
    extra_projects: pd.DataFrame | None

    @property
    def news_ids(self) -> list[str]:
        """The user's projects that were accepted from the news."""
        if self.extra_projects is None:
            return []
        extra = self.extra_projects
        return list(extra.loc[extra["source_id"].astype(str).str.startswith("news:"), "id"])


def reference_data(settings: Settings) -> reference.ReferenceData:
    """The reference data of `settings.data_dir` (or the packaged data), cached per data
    version (a server sees new data as soon as a file changes), with the registry's edits of
    built-in projects and its accepted offtakes and export controls."""
    from layer0.services.registry import reference_with_registry

    return reference_with_registry(settings)


def scenario_of(source: ScenarioSource, ref) -> Scenario:
    """A scenario validated on its own and against the reference data."""
    text = source if isinstance(source, ScenarioText) else read_scenario(source)
    scenario = parse_scenario(text)
    check_against_reference(scenario, ref, text)
    return scenario


def load_inputs(settings: Settings, scenario: ScenarioSource = "base",
                projects: Path | str | pd.DataFrame | None = None,
                news: bool = False) -> Inputs:
    """`projects`: a CSV path or a DataFrame of projects.csv columns. The registry's own
    projects are always included, those accepted from the news only with `news`."""
    ref, own = registry_inputs(settings, news)   # one read of the registry for both
    scen = scenario_of(scenario, ref)
    frames = []
    if isinstance(projects, pd.DataFrame):
        frames.append(user_projects.from_frame(projects, ref))
    elif projects:
        frames.append(user_projects.from_csv(Path(projects), ref))
    if own:
        frames.append(user_projects.from_rows(((f"registry project {r['id']}", r)
                                               for r in own), ref))
    return Inputs(ref, scen, _combine(frames))


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    if not frames:
        return None
    if len(frames) == 2:
        clash = set(frames[0]["id"]) & set(frames[1]["id"])
        if clash:
            raise InputError.parameter("projects.id", f"{', '.join(sorted(clash))} also in the "
                                       "registry (`layer0 projects list`); rename it in your "
                                       "file")
    return pd.concat(frames, ignore_index=True)
