"""A user's own projects: the rules of projects.csv, from a CSV file, a DataFrame or located
rows, with the same messages; refused through the command line with exit 2."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import GOOD_PROJECT as GOOD
from helpers import PROJECTS_HEADER as HEADER
from helpers import refused
from layer0.errors import InputError
from layer0.reference import projects

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
def test_bad_user_projects_are_refused(case, tmp_path, cli, ref):
    header, body, needle = PROJECT_CASES[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        projects.from_csv(path, ref)
    assert any(f"{path}{needle}" in str(p) for p in caught.value.problems)
    out = tmp_path / "out"
    result = cli("run", "--samples", "1", "--projects", str(path), "--out", str(out))
    refused(result, f"{path}{needle}")
    assert not out.exists()


def test_non_utf8_projects_file_is_refused(tmp_path, cli):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + GOOD.replace("Example", "Münster") + "\n")
                     .encode("latin-1"))
    refused(cli("run", "--samples", "1", "--projects", str(path), "--out",
                         str(tmp_path / "o")), "not UTF-8")




def test_a_frame_and_located_rows_pass_the_same_rules(ref, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + "\n" + GOOD + "\n", encoding="utf-8")
    from_csv = projects.from_csv(path, ref)
    frame = pd.read_csv(path)
    from_frame = projects.from_frame(frame, ref, label="mine")
    from_rows = projects.from_rows([("row 1", frame.iloc[0].to_dict())], ref)
    columns = [c for c in from_csv.columns if c != "_where"]
    for other in (from_frame, from_rows):
        pd.testing.assert_frame_equal(other[columns], from_csv[columns], check_dtype=False)
    assert list(from_frame["_where"]) == ["mine:2"]
    bad = frame.assign(region="XX-ZZ")
    with pytest.raises(InputError) as caught:
        projects.from_frame(bad, ref, label="mine")
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == ("mine:2", "region")
    with pytest.raises(InputError) as caught:
        projects.from_frame(frame.drop(columns=["status"]).assign(colour="blue"), ref)
    assert {p.field for p in caught.value.problems} == {"status", "colour"}
