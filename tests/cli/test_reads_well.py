"""A command line that reads well: at 80 columns the tables keep every name and every number
whole, help lists what is allowed without type noise, and nothing but the answer is written
when the output is piped (no progress bars, no spinners)."""

from __future__ import annotations

import re

import pytest

from helpers import many_projects, stored_records
from layer0.cli import console

NUMBER = re.compile(r"\d[\d,.]*")


@pytest.fixture
def columns_80(monkeypatch):
    monkeypatch.setattr(console.out, "width", 80)


BOX = set("│┃━─┏┓┗┛┡┩└┘┌┐╇┳┻┼")


def _table_lines(text: str) -> list[str]:
    """The lines of the tables: rows and rules. Plain lines are soft-wrapped (never broken by
    layer0, so a path or an id stays whole; the terminal wraps them)."""
    return [line for line in text.splitlines() if BOX & set(line)]


def test_the_run_table_fits_80_columns_with_every_name_and_number_whole(columns_80, cli,
                                                                        tmp_path):
    done = cli("run", "--samples", "20", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert all(len(line) <= 80 for line in _table_lines(done.stdout)), done.stdout
    title = done.stdout.split("┏")[0].splitlines()
    assert title[0].strip().startswith("Data-centre material demand") and len(title) > 1
    assert all(len(line) <= 80 for line in title)
    assert "…" not in done.stdout
    # a long path is never broken across lines
    assert f"wrote {tmp_path / 'summary.json'} and {tmp_path / 'demand.nc'}" in done.stdout
    table = done.stdout.split("┃ material")[1].split("└")[0]
    for material in ("steel", "copper", "aluminium", "electrical_steel"):
        assert f"│ {material} " in table, material
    # every number in the table is one of the summary's, shown whole (no digits cut)
    assert re.search(r"\d+(\.\d+)? (kt|Mt)\s+│", table)


@pytest.mark.parametrize("args", [
    ["compare", "base", "dc800v_fast", "--samples", "20", "--material", "copper"],
    ["disrupt", "--material", "gallium", "--country", "CN", "--stage", "refining", "--from",
     "2026", "--to", "2027", "--samples", "20"],
    ["new-supply", "--samples", "20"],
    ["risk"],
    ["controls", "--date", "2026-06-01"],
    ["supply", "--material", "neodymium"],
    ["scenarios", "list"],
])
def test_tables_fit_80_columns_without_cutting_anything(args, columns_80, cli):
    done = cli(*args)
    assert done.returncode == 0, done.stderr
    assert _table_lines(done.stdout), done.stdout
    assert all(len(line) <= 80 for line in _table_lines(done.stdout)), done.stdout
    assert "…" not in done.stdout, done.stdout


@pytest.mark.parametrize("command", ["run", "compare", "supply", "controls", "risk",
                                     "disrupt", "coverage", "new-supply", "export",
                                     "sensitivity", "extract", "ingest", "review"])
def test_help_lists_allowed_values_without_type_noise(command, cli):
    done = cli(command, "--help")
    assert done.returncode == 0
    assert "<bool>" not in done.stdout
    text = " ".join(done.stdout.split())
    if "--format" in text:
        assert ("parquet" if command == "export" else "json") in text
    flow = "manufacturing_input" if command == "disrupt" else "replacement"
    for option, allowed in (("--stage", "refining"), ("--scope", "with_grid"),
                            ("--flow", flow), ("--show", "rejected"),
                            ("--lang", "de or en"), ("--sampling", "lhs"),
                            ("--archetype", "colocation")):
        if option in text:
            assert allowed in text, (command, option)


def test_nothing_but_the_answer_when_piped(cli, tmp_path):
    done = cli("compare", "base", "headwinds", "--samples", "20", "--format", "json")
    assert done.returncode == 0 and done.stderr == ""
    done = cli("run", "--samples", "20", "--out", tmp_path)
    assert done.returncode == 0 and done.stderr == ""


def test_accepting_a_record_says_what_it_becomes(cli, tmp_path):
    article = tmp_path / "deal.txt"
    article.write_text("Rio Tinto will supply Amazon with 14,000 tonnes of copper from the "
                       "Johnson Camp mine in Arizona over four years, the companies said on "
                       "January 15, 2026.\n", encoding="utf-8")
    assert cli("ingest", article).returncode == 0
    offtake = next(r for r in stored_records(cli) if r["kind"] == "offtake")
    done = cli("review", "--accept", offtake["id"])
    assert done.returncode == 0, done.stderr
    assert "a supply asset for `layer0 coverage --asset`" in " ".join(done.stdout.split())


def test_a_terminal_sees_a_spinner_then_a_bar_that_leaves_no_trace(cli, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(console, "err", Console(file=screen, force_terminal=True, width=100))
    done = cli("run", "--samples", "1000", "--chunk", "100", "--projects",
               many_projects(tmp_path / "many.csv", 2000), "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    drawn = screen.getvalue()
    assert "reading the inputs" in drawn           # before the first count
    assert "samples" in drawn and "/1000" in drawn  # the bar of the samples

