"""A corpus of bad inputs: each is refused with exit code 2, `where: field: problem` on
stderr, no traceback, and nothing written."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from layer0 import reference
from layer0.errors import InputError

LAYER0 = [sys.executable, "-m", "layer0.cli"]
HEADER = ("id,operator,name,region,announced_date,capex,capex_currency,capex_scope,capacity_mw,"
          "capacity_basis,status,first_year,full_year,archetype,source_id,quality,note")
GOOD = ("u1,Example,Example campus,US-AZ,2026-01-15,,,,500,it,announced,2027,2028,"
        "hyperscale_ai,https://example.org/a,SEC,")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*LAYER0, *args], capture_output=True, text=True, timeout=600)


def _assert_refused(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


PROJECT_CASES = {
    "missing_column": (HEADER.replace(",status", ""), GOOD.replace(",announced", ""),
                       ":1: status: required column is missing"),
    "negative_mw": (HEADER, GOOD.replace(",500,", ",-500,"), ":2: capacity_mw:"),
    "non_numeric_mw": (HEADER, GOOD.replace(",500,", ",lots,"), ":2: capacity_mw:"),
    "unknown_region": (HEADER, GOOD.replace("US-AZ", "XX-ZZ"), ":2: region:"),
    "unknown_archetype": (HEADER, GOOD.replace("hyperscale_ai", "crypto"), ":2: archetype:"),
    "duplicate_id": (HEADER, GOOD + "\n" + GOOD, ":3: id: duplicate"),
    "full_before_first": (HEADER, GOOD.replace("2027,2028", "2029,2027"), ":2: full_year:"),
    "unknown_currency": (HEADER, GOOD.replace(",,,,500,it", ",1000000,ZZZ,all_in,500,it"),
                         ":2: capex_currency:"),
    "builtin_id": (HEADER, GOOD.replace("u1,", "stargate-abilene,", 1), ":2: id:"),
    "no_source": (HEADER, GOOD.replace("https://example.org/a", "my notes"), ":2: source_id:"),
    "bad_status": (HEADER, GOOD.replace("announced", "rumoured"), ":2: status:"),
    "bad_date": (HEADER, GOOD.replace("2026-01-15", "15.01.2026"), ":2: announced_date:"),
}


@pytest.mark.parametrize("case", sorted(PROJECT_CASES))
def test_bad_user_projects_are_refused(case, tmp_path):
    header, body, needle = PROJECT_CASES[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _run("run", "--samples", "1", "--projects", str(path), "--out", str(out))
    _assert_refused(result, f"{path}{needle}")
    assert not out.exists()


def test_non_utf8_projects_file_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + GOOD.replace("Example", "Münster") + "\n")
                     .encode("latin-1"))
    _assert_refused(_run("run", "--samples", "1", "--projects", str(path), "--out",
                         str(tmp_path / "o")), "not UTF-8")


def _edit(path: Path, match: dict, changes: dict, duplicate: bool = False) -> int:
    """Change the first row matching `match`; return its line number."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    index = next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))
    if duplicate:
        rows.insert(index + 1, dict(rows[index]))
        index += 1
    rows[index].update(changes)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return index + 2


CU_ROW = {"material": "copper", "component": "cooling", "archetype": "hyperscale_ai"}
REFERENCE_CASES = {
    "unknown_material": ("intensities.csv", CU_ROW, {"material": "unobtainium"}, "material:"),
    "unknown_component": ("intensities.csv", CU_ROW, {"component": "flux_capacitor"},
                          "component:"),
    "unconvertible_unit": ("intensities.csv", CU_ROW, {"unit": "furlong"}, "unit:"),
    "low_above_high": ("intensities.csv", CU_ROW, {"low": "99"}, "low/mode/high:"),
    "duplicate_row": ("intensities.csv", CU_ROW, {}, "duplicate"),
    "share_above_one": ("supply.csv", {"material": "copper", "stage": "refining",
                                       "country": "CN", "year": "2024"},
                        {"value": "40000"}, "value:"),
    "unknown_source": ("projects.csv", {"id": "stargate-abilene"}, {"source_id": "nowhere"},
                       "source_id:"),
    "mix_not_one": ("archetype_mix.csv", {"year": "2030", "archetype": "enterprise"},
                    {"share": "0.5"}, "share:"),
    "not_iso_country": ("supply.csv", {"material": "tin", "country": "CN", "year": "2024"},
                        {"country": "China"}, "country:"),
    "assumed_without_reason": ("lifetimes.csv", {"component": "ups_storage"}, {"note": ""},
                               "note:"),
    "unknown_lifetime_family": ("lifetimes.csv", {"component": "generators"},
                                {"family": "gamma"}, "family:"),
    "fixed_lifetime_with_spread": ("lifetimes.csv", {"component": "generators"},
                                   {"family": "fixed"}, "t90_ratio:"),
    "lifetime_below_a_year": ("lifetimes.csv", {"component": "generators"},
                              {"low": "0.5"}, "low:"),
    "recycling_rate_above_one": ("recycling.csv", {"material": "copper", "parameter": "recovery",
                                                   "equipment_class": "any"},
                                 {"high": "1.2"}, "high:"),
    "recycling_unknown_material": ("recycling.csv", {"material": "copper",
                                                     "parameter": "recovery",
                                                     "equipment_class": "any"},
                                   {"material": "copperr"}, "material:"),
}


@pytest.mark.parametrize("case", sorted(REFERENCE_CASES))
def test_bad_reference_data_is_refused(case, data_copy, tmp_path):
    name, match, changes, needle = REFERENCE_CASES[case]
    line = _edit(data_copy / name, match, changes, duplicate=case == "duplicate_row")
    result = _run("data", "check", "--data-dir", str(data_copy))
    _assert_refused(result, f"{data_copy / name}:", needle)
    out = tmp_path / "o"
    run = _run("run", "--samples", "1", "--data-dir", str(data_copy), "--out", str(out))
    _assert_refused(run, needle)
    assert not out.exists()
    if case not in ("share_above_one", "mix_not_one"):  # group checks name the group's row
        assert f"{data_copy / name}:{line}:" in result.stderr


def test_loader_reports_all_problems_at_once(data_copy):
    _edit(data_copy / "intensities.csv", CU_ROW, {"unit": "furlong"})
    _edit(data_copy / "projects.csv", {"id": "stargate-abilene"}, {"archetype": "mine"})
    with pytest.raises(InputError) as caught:
        reference.load(data_copy)
    assert len(str(caught.value).splitlines()) >= 2


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
def test_bad_scenarios_are_refused(case, tmp_path):
    text, needle = SCENARIO_CASES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    _assert_refused(_run("run", "--scenario", str(path), "--out", str(tmp_path / "o")), needle)


@pytest.mark.parametrize("args,needle", [
    (("run", "--samples", "0"), "--samples"),
    (("run", "--scenario", "no_such_scenario"), "unknown scenario"),
    (("run", "--projects", "/no/such/file.csv"), "does not exist"),
    (("data", "check", "--format", "xml"), "--format"),
    (("run", "--workers", "0"), "--workers"),
    (("run", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"), "not both"),
    (("run", "--samples", "4", "--scheduler", "tcp://127.0.0.1:9"), "--scheduler"),
    (("run", "--sampling", "sobol"), "--sampling"),
    (("run", "--chunk", "0"), "--chunk"),
    (("sensitivity", "--output", "unobtanium"), "unknown material"),
    (("sensitivity", "--output", "flux:copper"), "unknown flow"),
    (("sensitivity", "--samples", "100"), "power of 2"),
    (("sensitivity", "--format", "csv"), "--format"),
])
def test_bad_options_are_refused(args, needle, tmp_path):
    _assert_refused(_run(*args, "--out", str(tmp_path)) if args[0] == "run" else _run(*args),
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
def test_bad_supply_requests_are_refused(case):
    args, needles = SUPPLY_CASES[case]
    _assert_refused(_run(*args, "--samples", "2") if args[0] in (
        "disrupt", "coverage", "new-supply") else _run(*args), *needles)


SUPPLY_DATA_CASES = {
    "control_effective_before_announced": (
        "export_controls.csv", {"id": "cn-2023-graphite"}, {"effective": "2023-01-01"},
        "effective:"),
    "control_unknown_material": ("export_controls.csv", {"id": "cn-2023-graphite"},
                                 {"material": "graphene"}, "material:"),
    "control_bad_destination": ("export_controls.csv", {"id": "cn-2024-46-us-gallium"},
                                {"destinations": "USA"}, "destinations:"),
    "control_suspension_without_source": ("export_controls.csv", {"id": "cn-2024-46-us-gallium"},
                                          {"suspension_source_id": ""},
                                          "suspension_source_id:"),
    "governance_out_of_range": ("governance.csv", {"country": "CN"}, {"wgi_mean": "3.1"},
                                "wgi_mean:"),
    "criticality_rate_above_100": ("criticality_eu.csv", {"material": "copper"},
                                   {"eol_rir_pct": "155"}, "eol_rir_pct:"),
}


@pytest.mark.parametrize("case", sorted(SUPPLY_DATA_CASES))
def test_bad_supply_reference_data_is_refused(case, data_copy):
    name, match, changes, needle = SUPPLY_DATA_CASES[case]
    line = _edit(data_copy / name, match, changes)
    result = _run("supply", "--material", "copper", "--data-dir", str(data_copy))
    _assert_refused(result, f"{data_copy / name}:{line}:", needle)


def test_a_scenario_whose_supply_year_predates_the_data_is_refused(tmp_path):
    scenario = (reference.data_dir() / "scenarios" / "base.yaml").read_text(encoding="utf-8")
    path = tmp_path / "early.yaml"
    path.write_text(scenario.replace("supply_year: 2024", "supply_year: 2020"), encoding="utf-8")
    assert "supply_year: 2020" in path.read_text(encoding="utf-8")
    result = _run("disrupt", "--material", "gallium", "--country", "CN", "--stage", "refining",
                  "--from", "2026", "--to", "2028", "--samples", "2", "--scenario", str(path))
    _assert_refused(result, "--stage", "supply_year 2020")
