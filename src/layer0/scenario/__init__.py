"""Scenarios: the schema (`schema`), reading YAML text with the line of every problem
(`loading`), and the checks of a scenario's names against the reference data (`references`)."""

from layer0.scenario.loading import (
    ScenarioSource,
    ScenarioText,
    builtin_names,
    load_scenario,
    parse_scenario,
    read_scenario,
    scenario_path,
)
from layer0.scenario.schema import MODEL_YEARS, Dist, Scenario

__all__ = ["Dist", "MODEL_YEARS", "Scenario", "ScenarioSource", "ScenarioText", "builtin_names",
           "load_scenario", "parse_scenario", "read_scenario", "scenario_path"]
