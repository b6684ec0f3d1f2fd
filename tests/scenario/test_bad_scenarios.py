"""Bad scenario files: each is refused with `file:line: field: problem`, the line being the
YAML line of the offending key; the same from text that never was a file (exit 2 and no
traceback from the CLI)."""

from __future__ import annotations

import pytest

from helpers import refused
from layer0 import reference
from layer0.errors import InputError
from layer0.io.scenarios import read_scenario
from layer0.scenario import ScenarioText
from layer0.services.inputs import scenario_of as load  # schema, then the reference checks

BASE = (reference.data_dir() / "scenarios" / "base.yaml").read_text(encoding="utf-8")

# name -> (old text, new text, text on the line the error must point at, field, problem)
CASES = {
    "unknown_top_key": ("supply_year: 2024", "supply_year: 2024\ndemand_pth: iea_base",
                        "demand_pth:", "demand_pth", "Extra inputs"),
    "unknown_nested_key": ("    ceiling: {dist: triangular, low: 0.4",
                           "    celing: 0.5\n    ceiling: {dist: triangular, low: 0.4",
                           "celing:", "adoption.dc_800v.celing", "Extra inputs"),
    "years_out_of_range": ("years: [2015, 2035]", "years: [2015, 2060]", "years:", "years",
                           "2050"),
    "years_reversed": ("years: [2015, 2035]", "years: [2035, 2015]", "years:", "years",
                       "start < end"),
    "ceiling_above_one": ("ceiling: {dist: triangular, low: 0.4, mode: 0.6, high: 0.8}",
                          "ceiling: {dist: triangular, low: 0.4, mode: 0.9, high: 1.2}",
                          "ceiling:", "adoption.dc_800v.ceiling", "at most 1"),
    "triangle_out_of_order": ("midpoint: {dist: triangular, low: 2029, mode: 2030, high: 2032}",
                              "midpoint: {dist: triangular, low: 2031, mode: 2030, high: 2032}",
                              "midpoint:", "adoption.dc_800v.midpoint", "low <= mode <= high"),
    "missing_source": (BASE[BASE.index("    source: >-\n      ASSUMED: 800 VDC"):
                            BASE.index("announced:\n")], "", "dc_800v:",
                       "adoption.dc_800v.source", "Field required"),
    "announced_without_source": (BASE[BASE.index("  source: >-\n    ASSUMED from: Sightline"):
                                      BASE.index("supply_year:")], "", "announced:",
                                 "announced", "need a source"),
    "probability_above_one": ("    announced: {dist: triangular, low: 0.3, mode: 0.5, high: 0.7}",
                              "    announced: 1.5", "    announced: 1.5",
                              "announced.completion_probability.announced", "at most 1"),
    "unknown_status": ("    under_construction: {dist: triangular, low: 0.85",
                       "    planned: 0.5\n    under_construction: {dist: triangular, low: 0.85",
                       "  completion_probability:", "announced.completion_probability",
                       "status planned"),
    "negative_slippage": ("    announced: {dist: triangular, low: 0.5, mode: 1, high: 3}",
                          "    announced: -1", "    announced: -1",
                          "announced.slippage_years.announced", "at least 0"),
    "distribution_as_text": ("steepness: {dist: triangular, low: 0.5, mode: 0.8, high: 1.2}",
                             "steepness: fast", "steepness:", "adoption.dc_800v.steepness",
                             "must be a number"),
    "unknown_distribution": ("steepness: {dist: triangular, low: 0.5, mode: 0.8, high: 1.2}",
                             "steepness: {dist: lognormal, low: 0.5, high: 1.2}", "steepness:",
                             "adoption.dc_800v.steepness.dist", "triangular"),
    "unknown_path": ("demand_path: iea_base", "demand_path: iea_basic", "demand_path:",
                     "demand_path", "unknown path 'iea_basic'"),
    "unknown_archetype": ("applies_to: [hyperscale_ai]", "applies_to: [hyperscale_ia]",
                          "applies_to:", "adoption.dc_800v.applies_to", "unknown archetype"),
    "adoption_without_rows": ("applies_to: [hyperscale_ai]",
                              "applies_to: [hyperscale_ai, enterprise]", "applies_to:",
                              "adoption.dc_800v.applies_to", "would change nothing"),
    "unknown_architecture": ("  dc_800v:   ", "  dc_900v:   ", "dc_900v:", "adoption.dc_900v",
                             "unknown architecture"),
    "wrong_path_unit": ("demand_path: iea_base",
                        "demand_path:\n  unit: kg\n  source: https://example.org\n"
                        "  values: {WORLD: {2015: 1, 2035: 2}}", "unit: kg",
                        "demand_path.unit", "neither energy"),
    "path_one_year": ("demand_path: iea_base",
                      "demand_path:\n  unit: TWh\n  source: https://example.org\n"
                      "  values: {WORLD: {2035: 2}}", "values:", "demand_path.values",
                      "at least two years"),
    "shares_do_not_sum": ("supply_year: 2024",
                          "supply_year: 2024\narchetype_mix:\n  shares: {hyperscale_ai: 0.5, "
                          "hyperscale_cloud: 0.3, colocation: 0.1, enterprise: 0.05}\n"
                          "  source: https://example.org", "shares:", "archetype_mix.shares",
                          "sum to 1"),
    "negative_lifetime": ("supply_year: 2024",
                          "supply_year: 2024\nlifetimes:\n  median_years: {it_compute: -4}\n"
                          "  source: https://example.org", "  median_years:",
                          "lifetimes.median_years.it_compute", "at least 1"),
    "unknown_material_rate": ("supply_year: 2024",
                              "supply_year: 2024\nintensity_change:\n  from_year: 2025\n"
                              "  rates: {coper: -0.01}\n  source: https://example.org",
                              "  rates:", "intensity_change.rates.coper", "unknown name"),
    "pue_below_one": ("supply_year: 2024",
                      "supply_year: 2024\nconversion:\n  pue: 0.9\n  source: https://example.org",
                      "pue:", "conversion.pue", "PUE must be at least 1"),
    "rate_unit": ("demand_path: iea_base",
                  "demand_path:\n  unit: TWh/yr\n  source: https://example.org\n"
                  "  values: {WORLD: {2015: 1, 2035: 2}}", "  unit:", "demand_path.unit",
                  "without '/'"),
    "implausible_path": ("demand_path: iea_base",
                         "demand_path:\n  unit: PWh\n  source: https://example.org\n"
                         "  values: {WORLD: {2015: 1, 2035: 1e300}}", "demand_path:",
                         "demand_path", "check the unit"),
    "world_plus_regions": ("demand_path: iea_base",
                           "demand_path:\n  unit: TWh\n  source: https://example.org\n"
                           "  values: {WORLD: {2015: 100, 2035: 200}, US: {2015: 50, 2035: 90}}",
                           "  values:", "demand_path.values", "WORLD alone"),
    "path_missing_project_regions": ("demand_path: iea_base",
                                     "demand_path:\n  unit: TWh\n  source: https://example.org\n"
                                     "  values: {US: {2015: 50, 2035: 90}}", "  values:",
                                     "demand_path.values", "lie in no region of the path"),
    "path_too_short": ("demand_path: iea_base",
                       "demand_path:\n  unit: TWh\n  source: https://example.org\n"
                       "  values: {WORLD: {2020: 100, 2030: 200}}", "demand_path:",
                       "demand_path", "WORLD: the path covers 2020-2030"),
    "operating_cannot_slip": ("    under_construction: {dist: triangular, low: 0, mode: 0.5",
                              "    operating: 1\n    under_construction: {dist: triangular, "
                              "low: 0, mode: 0.5", "  slippage_years:",
                              "announced.slippage_years", "not allowed status operating"),
    "archetype_twice": ("applies_to: [hyperscale_ai]", "applies_to: [hyperscale_ai, "
                        "hyperscale_ai]", "    applies_to:", "adoption.dc_800v.applies_to",
                        "each archetype once"),
    "yaml_syntax": ("years: [2015, 2035]", "years: [2015, 2035", "", "yaml", ""),
}


def _write(tmp_path, name: str, old: str, new: str):
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize("name", list(CASES))
def test_bad_scenario_names_file_line_and_field(name, tmp_path, ref):
    old, new, marker, field, problem = CASES[name]
    path, text = _write(tmp_path, name, old, new)
    with pytest.raises(InputError) as caught:
        load(str(path), ref)
    message = "\n".join(map(str, caught.value.problems))
    if marker:
        # an indented marker must match from the line start; a bare one after the indent
        line = next(i for i, t in enumerate(text.splitlines(), 1)
                    if t.startswith(marker) or (marker[0] != " " and t.lstrip().startswith(marker)))
        assert f"{path}:{line}: {field}:" in message, message
    else:
        assert f"{path}:" in message and f": {field}:" in message, message
    assert problem in message, message


def test_at_least_fifteen_bad_files():
    assert len(CASES) >= 15


def test_text_without_a_file_is_located_by_its_label(ref):
    old, new, *_ = CASES["ceiling_above_one"]
    text = BASE.replace(old, new, 1)
    with pytest.raises(InputError) as caught:
        load(ScenarioText(text, "request body"), ref)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "ceiling:" in t)
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == (f"request body:{line}", "adoption.dc_800v.ceiling")


def test_reference_problems_are_located_without_reading_the_file_again(ref, tmp_path):
    old, new, *_ = CASES["unknown_path"]
    path, text = _write(tmp_path, "gone", old, new)
    source = read_scenario(str(path))
    path.unlink()   # the text in hand is enough to name the line
    with pytest.raises(InputError) as caught:
        load(source, ref)
    assert caught.value.problems[0].where.startswith(f"{path}:")


@pytest.mark.parametrize("command", [["scenarios", "validate"], ["run", "--samples", "10",
                                                                  "--scenario"]])
def test_cli_refuses_a_bad_file_with_exit_2(command, tmp_path, cli):
    path, text = _write(tmp_path, "bad", *CASES["ceiling_above_one"][:2])
    args = [*command, str(path)]
    if command[0] == "run":
        args += ["--out", str(tmp_path / "out")]
    result = cli(*args)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "ceiling:" in t)
    refused(result, f"{path}:{line}: adoption.dc_800v.ceiling:")
    assert not (tmp_path / "out").exists()
