"""`layer0 compare`: P50 and intervals per material and period, and paired differences."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LAYER0 = [sys.executable, "-m", "layer0.cli"]


def _compare(*args):
    return subprocess.run([*LAYER0, "compare", *args], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def result():
    r = _compare("base", "dc800v_fast", "--samples", "80", "--format", "json",
                 "--material", "copper", "--material", "steel")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


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


def test_compare_table_names_both_scenarios():
    r = _compare("base", "dc800v_fast", "--samples", "40", "--material", "copper")
    assert r.returncode == 0, r.stderr
    assert "dc800v_fast - base" in r.stdout and "copper" in r.stdout


@pytest.mark.parametrize("args, needle", [
    (("base",), "at least two scenarios"),
    (("base", "base"), "different names"),
    (("base", "nowhere"), "unknown scenario 'nowhere'"),
    (("base", "headwinds", "--flow", "flux"), "unknown flow"),
    (("base", "headwinds", "--material", "unobtainium"), "unknown material"),
    (("base", "headwinds", "--samples", "0"), "--samples"),
])
def test_bad_compare_requests_exit_2(args, needle):
    r = _compare(*args, "--samples", "5") if "--samples" not in args else _compare(*args)
    assert r.returncode == 2 and needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
