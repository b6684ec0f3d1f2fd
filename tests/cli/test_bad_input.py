"""A corpus of bad inputs through the command line (in process): each is refused with exit
code 2, `where: field: problem` on stderr, no traceback, and nothing written. The rules
themselves are tested where they live, against `InputError.problems`."""

from __future__ import annotations

import pytest

from helpers import refused
from layer0 import reference

SCENARIO_CASES = {
    "unknown_key": ("name: x\nyears: [2015, 2035]\ndemand_path: iea_base\narchitecture: {}\n"
                    "colour: blue\n", ":5: colour:"),
    "years_out_of_range": ("name: x\nyears: [2010, 2035]\ndemand_path: iea_base\n"
                           "architecture: {}\n", ":2: years:"),
    "unknown_path": ("name: x\nyears: [2015, 2035]\ndemand_path: nowhere\narchitecture: {}\n",
                     "demand_path:"),
    "unknown_architecture": ("name: x\nyears: [2015, 2035]\ndemand_path: iea_base\n"
                             "architecture: {hyperscale_ai: [ac_110v]}\n", "architecture."),
    "not_yaml": ("name: [unclosed\n", ":"),
}


@pytest.mark.parametrize("case", sorted(SCENARIO_CASES))
def test_bad_scenarios_are_refused(case, tmp_path, cli):
    text, needle = SCENARIO_CASES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    refused(cli("run", "--scenario", str(path), "--out", str(tmp_path / "o")), needle)


@pytest.mark.parametrize("args,needle", [
    (("run", "--samples", "0"), "--samples: field: must be at least 1, got 0"),
    (("run", "--scenario", "no_such_scenario"), "unknown scenario"),
    (("run", "--projects", "/no/such/file.csv"), "does not exist"),
    (("data", "check", "--format", "xml"), "--format"),
    (("run", "--workers", "0"), "--workers"),
    (("run", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"), "not both"),
    (("run", "--sampling", "sobol"), "--sampling"),
    (("run", "--chunk", "0"), "--chunk"),
    (("sensitivity", "--output", "unobtanium"), "unknown material"),
    (("sensitivity", "--output", "flux:copper"), "unknown flow"),
    (("sensitivity", "--samples", "100"), "power of 2"),
    (("sensitivity", "--format", "csv"), "--format"),
])
def test_bad_options_are_refused(args, needle, tmp_path, cli):
    refused(cli(*args, "--out", str(tmp_path)) if args[0] == "run" else cli(*args),
                    needle)


def _disrupt(material="gallium", country="CN", stage="refining", start="2026", end="2028"):
    return ("disrupt", "--material", material, "--country", country, "--stage", stage,
            "--from", start, "--to", end)


GALLIUM_STOP = _disrupt()
COPPER_10T = ("coverage", "--material", "copper", "--quantity-t", "10", "--years", "4")
SUPPLY_CASES = {
    "supply_unknown_material": (("supply", "--material", "unobtainium"),
                                ("--material", "allowed: copper")),
    "supply_unknown_stage": (("supply", "--material", "copper", "--stage", "smelting"),
                             ("--stage", "allowed: mining, refining")),
    "supply_stage_without_data": (("supply", "--material", "gallium", "--stage", "mining"),
                                  ("--stage", "data: refining")),
    "controls_bad_date": (("controls", "--date", "21.11.2026"), ("--date", "YYYY-MM-DD")),
    "controls_unknown_material": (("controls", "--material", "kryptonite"), ("--material",)),
    "controls_bad_destination": (("controls", "--destination", "USA"), ("--destination",)),
    "risk_unknown_material": (("risk", "--material", "adamantium"), ("--material",)),
    "disrupt_unknown_material": (_disrupt(material="mithril"), ("--material", "allowed:")),
    "disrupt_unknown_country": (_disrupt(country="China"), ("--country", "ISO 3166-1")),
    "disrupt_unknown_stage": (_disrupt(stage="casting"), ("--stage", "allowed: mining, refining")),
    "disrupt_to_before_from": (_disrupt(start="2030", end="2027"), ("--to", "before --from")),
    "disrupt_year_outside_model": (_disrupt(end="2060"), ("--to", "outside the model years")),
    "disrupt_fraction_above_one": ((*GALLIUM_STOP, "--fraction", "1.5"),
                                   ("--fraction", "between 0 and 1")),
    "disrupt_negative_fraction": ((*GALLIUM_STOP, "--fraction", "-0.1"), ("--fraction",)),
    "disrupt_negative_stockpile": ((*GALLIUM_STOP, "--stockpile-months", "-3"),
                                   ("--stockpile-months",)),
    "disrupt_unknown_region": ((*GALLIUM_STOP, "--region", "Mars"), ("--region", "model regions")),
    "coverage_unknown_asset": (("coverage", "--material", "copper", "--asset", "moon-mine",
                                "--capacity-mw", "1000", "--archetype", "hyperscale_ai"),
                               ("--asset", "allowed: johnson-camp-nameplate")),
    "coverage_undisclosed_asset": (("coverage", "--material", "copper", "--asset",
                                    "amazon-nuton-offtake", "--capacity-mw", "1000",
                                    "--archetype", "hyperscale_ai"),
                                   ("--asset", "no disclosed quantity")),
    "coverage_asset_of_other_material": (("coverage", "--material", "gallium", "--asset",
                                          "johnson-camp-nameplate", "--capacity-mw", "1000",
                                          "--archetype", "hyperscale_ai"), ("--asset",)),
    "coverage_unknown_facility": (("coverage", "--material", "copper", "--quantity-t", "14000",
                                   "--years", "4", "--facility", "atlantis-campus"),
                                  ("--facility", "allowed: aws-us-gov-ai-regions")),
    "coverage_negative_tonnes": (("coverage", "--material", "copper", "--quantity-t", "-5",
                                  "--years", "4", "--capacity-mw", "1000", "--archetype",
                                  "hyperscale_ai"), ("--quantity-t", "negative")),
    "coverage_unknown_archetype": (("coverage", "--material", "copper", "--quantity-t", "14000",
                                    "--years", "4", "--capacity-mw", "1000", "--archetype",
                                    "bitcoin"), ("--archetype", "allowed: hyperscale_ai")),
    "coverage_both_supplies": (("coverage", "--material", "copper", "--quantity-t", "14000",
                                "--asset", "johnson-camp-nameplate", "--capacity-mw", "1000",
                                "--archetype", "hyperscale_ai"), ("--asset", "one of them")),
    "coverage_no_facility": (("coverage", "--material", "copper", "--quantity-t", "14000",
                              "--years", "4"), ("--facility", "one of them")),
    "coverage_zero_mw": (("coverage", "--material", "copper", "--quantity-t", "14000",
                          "--years", "4", "--capacity-mw", "0", "--archetype",
                          "hyperscale_ai"), ("--capacity-mw", "positive")),
    "coverage_unknown_material": (("coverage", "--material", "vibranium", "--quantity-t", "1",
                                   "--years", "1", "--capacity-mw", "10", "--archetype",
                                   "hyperscale_ai"), ("--material", "allowed:")),
    "new_supply_unknown_region": (("new-supply", "--region", "Atlantis"),
                                  ("--region", "model regions")),
    "coverage_nan_tonnes": (("coverage", "--material", "copper", "--quantity-t", "nan",
                             "--years", "4", "--capacity-mw", "1000", "--archetype",
                             "hyperscale_ai"), ("--quantity-t", "finite")),
    "coverage_infinite_years": (("coverage", "--material", "copper", "--quantity-t", "10",
                                 "--years", "inf", "--capacity-mw", "1000", "--archetype",
                                 "hyperscale_ai"), ("--years", "positive number")),
    "coverage_nan_mw": ((*COPPER_10T, "--capacity-mw", "nan", "--archetype", "hyperscale_ai"),
                        ("--capacity-mw", "positive number")),
    "coverage_mw_without_archetype": (("coverage", "--material", "copper", "--quantity-t",
                                       "10", "--years", "4", "--capacity-mw", "1000"),
                                      ("--archetype", "required with --capacity-mw")),
    "coverage_archetype_with_facility": (("coverage", "--material", "copper", "--quantity-t",
                                          "10", "--years", "4", "--facility",
                                          "aws-us-gov-ai-regions", "--archetype", "enterprise"),
                                         ("--archetype", "its own archetype")),
    "risk_year_before_data": (("risk", "--year", "1990"), ("--year", "first supply data")),
    "supply_year_before_data": (("supply", "--material", "copper", "--year", "1990"),
                                ("--year", "data: mining 2023")),
}


@pytest.mark.parametrize("case", sorted(SUPPLY_CASES))
def test_bad_supply_requests_are_refused(case, cli):
    args, needles = SUPPLY_CASES[case]
    refused(cli(*args, "--samples", "2") if args[0] in (
        "disrupt", "coverage", "new-supply") else cli(*args), *needles)


def test_a_scenario_whose_supply_year_predates_the_data_is_refused(tmp_path, cli):
    scenario = (reference.data_dir() / "scenarios" / "base.yaml").read_text(encoding="utf-8")
    path = tmp_path / "early.yaml"
    path.write_text(scenario.replace("supply_year: 2024", "supply_year: 2020"), encoding="utf-8")
    assert "supply_year: 2020" in path.read_text(encoding="utf-8")
    result = cli("disrupt", "--material", "gallium", "--country", "CN", "--stage", "refining",
                 "--from", "2026", "--to", "2028", "--samples", "2", "--scenario", str(path))
    line = scenario.splitlines().index("supply_year: 2024") + 1
    refused(result, f"{path}:{line}: supply_year: 2020 is before the first supply data year")
