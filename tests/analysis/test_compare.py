"""Scenarios compared: P50 and intervals per material and period, and paired differences."""

from __future__ import annotations

import pytest

from helpers import refused
from layer0.errors import InputError
from layer0.services.scenarios import compare
from layer0.settings import Settings


@pytest.fixture(scope="module")
def result():
    return compare(["base", "dc800v_fast"], samples=80, materials=["copper", "steel"],
                   settings=Settings.from_environment())


def test_compare_shows_what_800v_does_to_copper(result):
    assert result["reference"] == "base" and result["scenarios"] == ["base", "dc800v_fast"]
    rows = {(r["material"], r["from"], r["to"]): r for r in result["rows"]}
    assert set(rows) == {(m, *p) for m in ("copper", "steel")
                         for p in ((2025, 2030), (2031, 2035), (2025, 2035))}
    cu = rows[("copper", 2025, 2035)]
    d = cu["difference"]["dc800v_fast"]
    assert d["p95"] < 0 and d["relative_p50"] < 0  # less copper in every draw
    # the whole-period P50 of each scenario lies between P5 and P95 and the parts add up
    for name in result["scenarios"]:
        q = cu["scenarios"][name]
        assert q["p5"] <= q["p50"] <= q["p95"]
    steel = rows[("steel", 2025, 2035)]["difference"]["dc800v_fast"]
    assert steel["p5"] == steel["p50"] == steel["p95"] == 0


def test_the_retired_flow_compares_too(result):
    retired = compare(["base", "no_recycling"], samples=20, flow="retired",
                      materials=["copper"], settings=Settings.from_environment())
    row = next(r for r in retired["rows"] if (r["from"], r["to"]) == (2025, 2035))
    # what retires does not depend on what is recovered from it
    assert row["difference"]["no_recycling"]["p50"] == 0 and row["scenarios"]["base"]["p50"] > 0


def test_compare_table_names_both_scenarios(cli):
    r = cli("compare", "base", "dc800v_fast", "--samples", "40", "--material", "copper")
    assert r.returncode == 0, r.stderr
    assert "dc800v_fast - base" in r.stdout and "copper" in r.stdout


@pytest.mark.parametrize("scenarios, options, field, needle", [
    (["base"], {}, "scenarios", "at least two scenarios"),
    (["base", "base"], {}, "scenarios", "different names"),
    (["base", "nowhere"], {}, "scenario", "unknown scenario 'nowhere'"),
    (["base", "headwinds"], {"flow": "flux"}, "flow", "unknown flow"),
    (["base", "headwinds"], {"materials": ["unobtainium"]}, "material", "unknown material"),
    (["base", "headwinds"], {"samples": 0}, "samples", "between 1 and"),
])
def test_bad_compare_requests_name_the_field(scenarios, options, field, needle):
    with pytest.raises(InputError) as caught:
        compare(scenarios, **{"samples": 5, **options}, settings=Settings.from_environment())
    [problem] = caught.value.problems
    assert problem.field == field and needle in problem.message


def test_bad_compare_exits_2_on_the_command_line(cli):
    refused(cli("compare", "base", "--samples", "5"), "scenarios: field: give at least two")
