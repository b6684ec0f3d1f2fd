"""The scenario schema: the shapes it accepts."""

from __future__ import annotations

from layer0 import reference
from layer0.scenario import ScenarioText, parse_scenario

BASE_TEXT = (reference.data_dir() / "scenarios" / "base.yaml").read_text(encoding="utf-8")


def test_parse_scenario_accepts_the_issue_sketch_shapes():
    text = BASE_TEXT.replace("demand_path: iea_base", "demand_path:\n  unit: TWh\n  source: "
                             "iea-energy-ai-2025\n  values: {WORLD: {2024: 415, 2030: 945, "
                             "2035: 1200}}")
    s = parse_scenario(ScenarioText(text, "sketch.yaml"))
    assert s.demand_path.kind == "energy" and s.demand_path.values["WORLD"][2030] == 945
