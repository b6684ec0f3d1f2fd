"""Scenarios: the schema (`schema`), reading YAML text with the line of every problem
(`loading`), and the checks of a scenario's names against the reference data (`references`).
The files themselves are read by `layer0.io.scenarios`."""

from layer0.scenario.loading import ScenarioSource, ScenarioText, parse_scenario
from layer0.scenario.schema import MODEL_YEARS, Dist, Scenario

__all__ = ["Dist", "MODEL_YEARS", "Scenario", "ScenarioSource", "ScenarioText",
           "parse_scenario"]
