"""Properties over generated inputs: whatever a projects row or a scenario's numbers hold,
`layer0` either runs (exit 0) and writes strict, finite JSON, or refuses (exit 2) with a
located message: never an internal error, a traceback or `NaN` in the output."""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from helpers import GOOD_PROJECT, PROJECTS_HEADER
from layer0 import reference

COLUMNS = PROJECTS_HEADER.split(",")
GOOD = dict(zip(COLUMNS, next(csv.reader([GOOD_PROJECT])), strict=True))
BASE = (reference.data_dir() / "scenarios" / "base.yaml").read_text(encoding="utf-8")
SLOW = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

numbers = st.one_of(st.floats(min_value=1, max_value=60_000),   # plausible (mostly)
                    st.integers(min_value=2020, max_value=2040),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(min_value=-10**12, max_value=10**12),
                    st.sampled_from(["inf", "-inf", "nan", "1e308", "0", "-0", "", "lots",
                                     "1,000", "5e9", "0.0001"]))
text_cell = st.one_of(st.text(max_size=12), st.sampled_from(["", "US-TX", "IE", "XX-99",
                                                              "2026-01-15", "2025-13-45"]))


def _strict(text: str):
    """JSON with NaN and Infinity refused (as a strict parser would)."""
    def refuse(constant):
        raise ValueError(f"non-finite JSON number {constant}")
    return json.loads(text, parse_constant=refuse)


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _exit_0_or_a_located_2(done, where: str) -> None:
    assert done.returncode in (0, 2), (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    if done.returncode == 2:
        assert where in done.stderr, done.stderr


@pytest.mark.slow
@SLOW
@given(row=st.fixed_dictionaries({
    "capacity_mw": numbers.map(str), "capex": st.one_of(st.just(""), numbers.map(str)),
    "first_year": st.one_of(st.integers(2026, 2035).map(str), numbers.map(str)),
    "full_year": st.one_of(st.integers(2028, 2040).map(str), numbers.map(str)),
    "announced_date": st.one_of(st.just("2026-01-15"), text_cell),
    "region": st.one_of(st.sampled_from(["US-AZ", "IE", "DE"]), text_cell),
    "capacity_basis": st.sampled_from(["it", "facility", "unspecified", "", "gross"]),
}))
def test_any_projects_row_runs_to_finite_json_or_is_refused_by_line(row, cli, tmp_path):
    values = {**GOOD, **row}
    if values["capex"] not in ("", "0"):
        values.update(capex_currency="USD", capex_scope="all_in")
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))   # one folder per example
    path = tmp_path / "mine.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(values)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    out = tmp_path / "out"
    done = cli("run", "--samples", "1", "--projects", path, "--out", out)
    _exit_0_or_a_located_2(done, f"{path}:")
    event(f"exit {done.returncode}")
    if done.returncode == 0:
        assert _finite(_strict((out / "summary.json").read_text()))
    else:
        assert not out.exists()


KEYS = {
    "pue": "conversion:\n  pue: {v}\n  source: x\n",
    "load_factor": "conversion:\n  load_factor: {v}\n  source: x\n",
    "lifetime": "lifetimes:\n  median_years: {{it_compute: {v}}}\n  source: x\n",
    "rate": "intensity_change:\n  from_year: 2025\n  rates: {{copper: {v}}}\n  source: x\n",
    "supply_year": None,
}
yaml_numbers = st.one_of(st.floats(min_value=0, max_value=60).map(repr),   # often plausible
                         st.integers(min_value=2020, max_value=2030).map(str),
                         st.floats(allow_nan=True, allow_infinity=True).map(repr),
                         st.integers(min_value=-10**9, max_value=10**9).map(str),
                         st.sampled_from([".inf", "-.inf", ".nan", "1e308", "null", "true",
                                          "'3'", "[1]"]))


@pytest.mark.slow
@SLOW
@given(key=st.sampled_from(sorted(KEYS)), value=yaml_numbers)
def test_any_scenario_number_validates_and_runs_or_is_refused_by_line(key, value, cli,
                                                                      tmp_path):
    if key == "supply_year":
        text = BASE.replace("supply_year: 2024", f"supply_year: {value}")
    else:
        block = KEYS[key].format(v=value)
        text = BASE.replace("supply_year: 2024", "supply_year: 2024\n" + block)
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))   # one folder per example
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    done = cli("scenarios", "validate", path)
    _exit_0_or_a_located_2(done, f"{path}:")
    event(f"validate exit {done.returncode}")
    if done.returncode == 0:
        out = tmp_path / "out"
        ran = cli("run", "--samples", "1", "--scenario", path, "--out", out)
        _exit_0_or_a_located_2(ran, f"{path}:")
        if ran.returncode == 0:
            assert _finite(_strict((out / "summary.json").read_text()))
