"""The bad-input corpus: every class of fault found by trying layer0 as a user would, each case
refused with exit code 2 and a located message (or, for what the system refuses, exit 1 that
names the cause), no traceback, and nothing changed on disk.

Classes (the closing note of issue 20 lists them with these names):
  absurd      non-finite and absurd numbers in files, options, corrections and scenarios
  paths       bad paths and files where a table, a run, a scenario or a store should be
  store       damaged or wrongly shaped candidate stores
  late        errors caught before any computation
The other classes have their own tests: hangs (`test_hangs.py`), lost or half-written data
(`test_nothing_lost.py`), a CLI that reads badly (`test_reads_well.py`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from helpers import (
    GOOD_PROJECT,
    PROJECTS_HEADER,
    edit_csv,
    many_projects,
    registry_dump,
    stored_records,
)
from layer0 import reference

DATA = reference.data_dir()
BAD_NUMBERS = ("inf", "-inf", "nan", "1e308", "-1", "1e400")


def _snapshot(folder: Path) -> dict[str, str]:
    files = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file()}
    return {**files, "registry": hashlib.sha256("\n".join(registry_dump()).encode()).hexdigest()}


def _edit_csv(path: Path, index: int, column: str, value: str) -> int:
    """Set one cell of a CSV (row `index` of the data rows); return its line number."""
    return edit_csv(path, {column: value}, index=index)


def _refused(done, needles, code=2):
    assert done.returncode == code, (done.returncode, done.stdout[-500:], done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert "internal error" not in done.stderr
    for needle in needles:
        assert needle in done.stderr, (needle, done.stderr)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An own folder to run in, with a copy of the reference data and an empty news folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    for path in DATA.glob("*.csv"):
        (tmp_path / "data" / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(tmp_path / "news"))
    return tmp_path


def _check(cli, workdir, args, needles, code=2):
    before = _snapshot(workdir)
    done = cli(*[str(a).replace("{tmp}", str(workdir)) for a in args])
    _refused(done, [n.replace("{tmp}", str(workdir)) for n in needles], code)
    assert _snapshot(workdir) == before, "the refused command changed files"


# ------------------------------------------------------------------ absurd: projects files

PROJECT_NUMBERS = {"capacity_mw": BAD_NUMBERS + ("0", "5000000000", "50001"),
                   "capex": BAD_NUMBERS + ("0", "1e14"),
                   "first_year": ("inf", "nan", "1850", "2200", "2027.5"),
                   "full_year": ("inf", "1e308", "-1", "3000")}
PROJECT_CASES = [(column, value) for column, values in PROJECT_NUMBERS.items()
                 for value in values]
DATES = ("2025-13-45", "2025-02-30", "2025-00-10", "20250110", "2025/01/10", "99999", "")


def _project(workdir: Path, **changes) -> Path:
    row = dict(zip(PROJECTS_HEADER.split(","), next(csv.reader([GOOD_PROJECT])), strict=True))
    if "capex" in changes:
        row.update(capex_currency="USD", capex_scope="all_in")
    row.update(changes)
    path = workdir / "mine.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("column, value", PROJECT_CASES)
def test_absurd_numbers_in_a_projects_file(column, value, cli, workdir):
    path = _project(workdir, **{column: value})
    _check(cli, workdir, ["run", "--samples", "1", "--projects", path, "--out", "{tmp}/o"],
           [f"{path}:2: {column}:"])


@pytest.mark.parametrize("value", DATES)
def test_dates_that_do_not_exist_in_a_projects_file(value, cli, workdir):
    path = _project(workdir, announced_date=value)
    _check(cli, workdir, ["run", "--samples", "1", "--projects", path, "--out", "{tmp}/o"],
           [f"{path}:2: announced_date:"])


# ------------------------------------------------------------ absurd: reference tables

# table, data row, column: numbers whose plausible range the table fixes or converts
REFERENCE_NUMBERS = [
    ("intensities.csv", 0, "low"), ("intensities.csv", 0, "mode"),
    ("intensities.csv", 0, "high"), ("facility_totals.csv", 0, "high"),
    ("supply.csv", 0, "value"), ("electricity_paths.csv", 0, "value"),
    ("lifetimes.csv", 0, "high"), ("parameters.csv", 0, "high"),
    ("fx_rates.csv", 0, "usd_per_unit"), ("governance.csv", 0, "wgi_mean"),
    ("criticality_eu.csv", 0, "eol_rir_pct"), ("import_reliance.csv", 0, "value_pct"),
    ("supply_assets.csv", 1, "value"), ("archetype_mix.csv", 1, "share"),
    ("recycling.csv", 0, "high"), ("projects.csv", 0, "capacity_mw"),
]
REFERENCE_VALUES = ("inf", "nan", "1e308", "-1")


@pytest.mark.parametrize("value", REFERENCE_VALUES)
@pytest.mark.parametrize("table, row, column", REFERENCE_NUMBERS)
def test_absurd_numbers_in_the_reference_data(table, row, column, value, cli, workdir):
    if value == "-1" and column == "wgi_mean":
        value = "-3"   # governance runs from -2.5 to 2.5
    line = _edit_csv(workdir / "data" / table, row, column, value)
    _check(cli, workdir, ["data", "check", "--data-dir", "{tmp}/data"],
           [f"{workdir / 'data' / table}:{line}:"])


@pytest.mark.parametrize("table, column, value", [
    ("sources.csv", "date", "2025-13-45"), ("sources.csv", "date", "2024-02-30"),
    ("export_controls.csv", "effective", "2025-02-30"),
    ("supply_assets.csv", "period_years", "1000"), ("supply_assets.csv", "start_year", "1800"),
    ("import_reliance.csv", "year", "1850"), ("criticality_eu.csv", "eu_sr", "1e9"),
    ("parameters.csv", "mode", "inf"), ("lifetimes.csv", "t90_ratio", "inf"),
])
def test_impossible_values_in_the_reference_data(table, column, value, cli, workdir):
    line = _edit_csv(workdir / "data" / table, 0, column, value)
    _check(cli, workdir, ["data", "check", "--data-dir", "{tmp}/data"],
           [f"{workdir / 'data' / table}:{line}: {column}:"])


# ---------------------------------------------------------------------- absurd: options

OPTION_CASES = [
    (["run", "--seed", "-1"], "--seed: field:"),
    (["run", "--seed", str(2**64)], "--seed: field:"),
    (["run", "--seed", str(2**32)], "--seed: field:"),
    (["run", "--samples", "0"], "--samples: field:"),
    (["run", "--samples", "-5"], "--samples: field:"),
    (["run", "--samples", "200001", "--keep-samples"], "--samples: field:"),
    (["run", "--samples", str(10**12)], "--samples: field:"),
    (["run", "--chunk", "0"], "--chunk: field:"),
    (["run", "--chunk", "100001"], "--chunk: field:"),
    (["run", "--workers", "0"], "--workers: field:"),
    (["run", "--workers", "65"], "--workers: field:"),
    (["run", "--sampling", "sobol"], "--sampling: field:"),
    (["compare", "base", "headwinds", "--seed", "-3"], "--seed: field:"),
    (["compare", "base", "headwinds", "--samples", "0"], "--samples: field:"),
    (["sensitivity", "--seed", "-1", "--samples", "8"], "--seed: field:"),
    (["sensitivity", "--samples", "3"], "--samples: field:"),
    (["supply", "--material", "copper", "--year", "1800"], "--year: field:"),
    (["supply", "--material", "copper", "--year", "99999"], "--year: field:"),
    (["risk", "--year", "99999"], "--year: field:"),
    (["controls", "--date", "2025-02-30"], "--date: field:"),
    (["controls", "--date", "yesterday"], "--date: field:"),
]
COVERAGE = ["coverage", "--material", "copper", "--samples", "2"]
SITE = ["--capacity-mw", "1000", "--archetype", "hyperscale_ai"]
SUPPLY = ["--quantity-t", "14000", "--years", "4"]
OPTION_CASES += [
    ([*COVERAGE, *SUPPLY, "--capacity-mw", v, "--archetype", "hyperscale_ai"],
     "--capacity-mw: field:") for v in ("inf", "nan", "-1", "0", "1e9", "50001")
] + [
    ([*COVERAGE, *SITE, "--quantity-t", v, "--years", "4"], "--quantity-t: field:")
    for v in ("inf", "nan", "-1", "1e20")
] + [
    ([*COVERAGE, *SITE, "--quantity-t", "10", "--years", v], "--years: field:")
    for v in ("0", "inf", "nan", "1000", "-4")
]
DISRUPT = ["disrupt", "--material", "gallium", "--country", "CN", "--stage", "refining",
           "--samples", "2"]
OPTION_CASES += [
    ([*DISRUPT, "--from", "2026", "--to", "2027", "--fraction", v], "--fraction: field:")
    for v in ("1.5", "-0.1", "nan", "inf")
] + [
    ([*DISRUPT, "--from", "2026", "--to", "2027", "--stockpile-months", v],
     "--stockpile-months: field:") for v in ("-3", "1e9", "nan", "inf")
] + [
    ([*DISRUPT, "--from", "1800", "--to", "2027"], "--from: field:"),
    ([*DISRUPT, "--from", "2026", "--to", "3000"], "--to: field:"),
    ([*DISRUPT, "--from", "2026", "--to", "2027", "--seed", "-1"], "--seed: field:"),
]


@pytest.mark.parametrize("args, needle", OPTION_CASES,
                         ids=[" ".join(a[:1] + a[-2:]) for a, _ in OPTION_CASES])
def test_absurd_options(args, needle, cli, workdir):
    out = ["--out", "{tmp}/o"] if args[0] == "run" else []
    _check(cli, workdir, [*args, *out], [needle])


# --------------------------------------------------------------- absurd: review --set

SETS = ["capacity_mw=inf", "capacity_mw=nan", "capacity_mw=1e308", "capacity_mw=-5",
        "capacity_mw=0", "capacity_mw=5000000", "share_pct=250", "share_pct=-1",
        "quantity_t=1e20", "period_years=0", "period_years=1000", "amount=inf",
        "amount_usd=1e15", "date=2025-13-45", "date=tomorrow", "status=rumoured",
        "capacity_mw=lots", "colour=blue", "nonsense"]
ARTICLE = ("Oracle plans 900 MW campus in Wyoming\nOracle will invest $15 billion to build a "
           "900 MW AI data center campus in Wyoming, the company said on March 3, 2026.\n")


@pytest.mark.parametrize("change", SETS)
def test_absurd_corrections_in_review(change, cli, workdir):
    (workdir / "article.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli("ingest", workdir / "article.txt").returncode == 0
    [record] = stored_records(cli)
    name = change.partition("=")[0]
    _check(cli, workdir, ["review", "--accept", record["id"], "--set", change],
           ["--set: " + (f"{name}:" if "=" in change and name != "colour" else "field:")])


# ------------------------------------------------------------------ absurd: scenarios

BASE = (DATA / "scenarios" / "base.yaml").read_text(encoding="utf-8")
SCENARIO_CASES = {
    "supply_year_1850": ("supply_year: 2024", "supply_year: 1850", "supply_year:"),
    "supply_year_2200": ("supply_year: 2024", "supply_year: 2200", "supply_year:"),
    "supply_year_before_data": ("supply_year: 2024", "supply_year: 2000", "supply_year:"),
    "pue_inf": ("supply_year: 2024", "supply_year: 2024\nconversion:\n  pue: .inf\n"
                "  source: x", "conversion.pue"),
    "pue_nan": ("supply_year: 2024", "supply_year: 2024\nconversion:\n  pue: .nan\n"
                "  source: x", "conversion.pue"),
    "load_factor_zero": ("supply_year: 2024", "supply_year: 2024\nconversion:\n"
                         "  load_factor: 0\n  source: x", "conversion.load_factor:"),
    "mix_concentration_inf": ("supply_year: 2024", "supply_year: 2024\narchetype_mix:\n"
                              "  shares: {hyperscale_ai: 0.4, hyperscale_cloud: 0.3, "
                              "colocation: 0.2, enterprise: 0.1}\n  concentration: .inf\n"
                              "  source: x", "archetype_mix.concentration:"),
    "mix_concentration_huge": ("supply_year: 2024", "supply_year: 2024\narchetype_mix:\n"
                               "  shares: {hyperscale_ai: 0.4, hyperscale_cloud: 0.3, "
                               "colocation: 0.2, enterprise: 0.1}\n  concentration: 1e308\n"
                               "  source: x", "archetype_mix.concentration:"),
    "lifetime_inf": ("supply_year: 2024", "supply_year: 2024\nlifetimes:\n  median_years: "
                     "{it_compute: .inf}\n  source: x", "lifetimes.median_years.it_compute"),
    "rate_nan": ("supply_year: 2024", "supply_year: 2024\nintensity_change:\n  from_year: "
                 "2025\n  rates: {copper: .nan}\n  source: x", "intensity_change.rates.copper"),
    "path_inf": ("demand_path: iea_base", "demand_path:\n  unit: TWh\n  source: x\n  values: "
                 "{WORLD: {2015: 1, 2035: .inf}}", "demand_path.values.WORLD.2035:"),
    "not_a_mapping": (BASE, "- just\n- a list\n", "file:"),
    "deeply_nested": (BASE, "name: " + "[" * 3000 + "]" * 3000 + "\n", "yaml:"),
}


@pytest.mark.parametrize("case", sorted(SCENARIO_CASES))
def test_absurd_scenario_values(case, cli, workdir):
    old, new, needle = SCENARIO_CASES[case]
    path = workdir / f"{case}.yaml"
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    _check(cli, workdir, ["scenarios", "validate", path], [f"{path}:", needle])


# --------------------------------------------------------------------------- paths

TABLES = sorted(p.name for p in DATA.glob("*.csv"))


@pytest.mark.parametrize("table", TABLES)
def test_a_folder_where_a_reference_table_should_be(table, cli, workdir):
    (workdir / "data" / table).unlink()
    (workdir / "data" / table).mkdir()
    _check(cli, workdir, ["data", "check", "--data-dir", "{tmp}/data"],
           [f"{workdir / 'data' / table}:0: file: cannot be read"])


@pytest.mark.parametrize("table", TABLES)
def test_a_missing_reference_table(table, cli, workdir):
    (workdir / "data" / table).unlink()
    _check(cli, workdir, ["data", "check", "--data-dir", "{tmp}/data"],
           [f"{workdir / 'data' / table}:0: file: required reference table is missing"])


@pytest.mark.parametrize("table", ["projects.csv", "supply.csv", "sources.csv"])
@pytest.mark.parametrize("content, needle", [
    (b"", "the file is empty"), (b"\x89PNG\x00\x01\x02\xff\xfe", "is not UTF-8"),
    (b"a,b,c\n1,2,3\n", "required column is missing"),
])
def test_reference_tables_that_are_not_tables(table, content, needle, cli, workdir):
    (workdir / "data" / table).write_bytes(content)
    _check(cli, workdir, ["data", "check", "--data-dir", "{tmp}/data"],
           [f"{workdir / 'data' / table}:", needle])


PATH_CASES = {
    "out_is_a_file": (["run", "--samples", "1", "--out", "{tmp}/afile"],
                      ["{tmp}/afile:0: --out: is a file, not a folder"]),
    "out_under_a_file": (["run", "--samples", "1", "--out", "{tmp}/afile/x"],
                         ["{tmp}/afile/x:0: --out: cannot be created"]),
    "out_is_dev_null": (["run", "--samples", "1", "--out", "/dev/null"],
                        ["/dev/null:0: --out: is a file, not a folder"]),
    "data_dir_is_a_file": (["data", "check", "--data-dir", "{tmp}/afile"],
                           ["{tmp}/afile:0: --data-dir: is not a folder"]),
    "data_dir_missing": (["data", "check", "--data-dir", "{tmp}/nowhere"],
                         ["{tmp}/nowhere:0: --data-dir: is not a folder"]),
    "data_dir_empty": (["data", "check", "--data-dir", "{tmp}/empty"],
                       ["required reference table is missing"]),
    "projects_is_a_folder": (["run", "--samples", "1", "--projects", "{tmp}/empty", "--out",
                              "{tmp}/o"], ["{tmp}/empty:0: file: does not exist or is not"]),
    "projects_missing": (["run", "--samples", "1", "--projects", "{tmp}/no.csv", "--out",
                          "{tmp}/o"], ["{tmp}/no.csv:0: file: does not exist"]),
    "projects_binary": (["run", "--samples", "1", "--projects", "{tmp}/binary.bin", "--out",
                         "{tmp}/o"], ["{tmp}/binary.bin:1: file: is not UTF-8"]),
    "projects_empty": (["run", "--samples", "1", "--projects", "{tmp}/empty.csv", "--out",
                        "{tmp}/o"], ["{tmp}/empty.csv:1: header: the file is empty"]),
    "projects_too_many": (["run", "--samples", "1", "--projects", "{tmp}/many.csv", "--out",
                           "{tmp}/o"], ["{tmp}/many.csv:0: file: holds 10,001 projects"]),
    "scenario_is_a_folder": (["run", "--scenario", "{tmp}/empty.yaml"],
                             ["{tmp}/empty.yaml:0: file: is a folder"]),
    "scenario_missing": (["scenarios", "validate", "{tmp}/no.yaml"],
                         ["{tmp}/no.yaml:0: file: does not exist"]),
    "scenario_binary": (["scenarios", "validate", "{tmp}/binary.yaml"],
                        ["{tmp}/binary.yaml:0: file: cannot be read as UTF-8"]),
    "scenario_empty": (["scenarios", "validate", "{tmp}/blank.yaml"],
                       ["{tmp}/blank.yaml:1: file: a scenario must be a mapping"]),
    "export_over_the_runs_summary": (["export", "--run", "{tmp}/run", "--format", "iamc",
                                      "--out", "{tmp}/run/summary.json"],
                                     ["--out: is one of the run's own files"]),
    "export_over_the_runs_netcdf": (["export", "--run", "{tmp}/run", "--format", "netcdf",
                                     "--out", "{tmp}/run/demand.nc"],
                                    ["--out: is one of the run's own files"]),
    "export_into_a_folder": (["export", "--run", "{tmp}/run", "--format", "iamc", "--out",
                              "{tmp}/empty"], ["--out: is a folder"]),
    "export_under_a_file": (["export", "--run", "{tmp}/run", "--format", "iamc", "--out",
                             "{tmp}/afile/x.csv"], ["--out: {tmp}/afile is a file"]),
    "export_of_no_run": (["export", "--run", "{tmp}/empty", "--format", "iamc", "--out",
                          "{tmp}/x.csv"], ["--run: no demand.nc"]),
    "export_of_a_broken_run": (["export", "--run", "{tmp}/broken", "--format", "iamc",
                                "--out", "{tmp}/x.csv"], ["--run: cannot be read"]),
    "article_is_a_folder": (["extract", "{tmp}/empty"], ["{tmp}/empty: file: does not exist"]),
    "article_binary": (["extract", "{tmp}/binary.bin"], ["{tmp}/binary.bin: file: binary"]),
    "article_empty": (["extract", "{tmp}/blank.yaml"], ["{tmp}/blank.yaml: file: no text"]),
    "news_dir_is_a_file": (["review", "--news-dir", "{tmp}/afile"],
                           ["{tmp}/afile:0: --news-dir: is a file, not a folder"]),
    "news_dir_is_a_file_for_a_run": (["run", "--samples", "1", "--news-dir", "{tmp}/afile",
                                      "--out", "{tmp}/o"], ["--news-dir: is a file"]),
    "news_dir_is_a_file_for_ingest": (["ingest", "{tmp}/article.txt", "--news-dir",
                                       "{tmp}/afile"], ["--news-dir: is a file"]),
}


@pytest.fixture
def files(workdir):
    """The odd files the path cases point at."""
    (workdir / "afile").write_text("not a folder")
    (workdir / "empty").mkdir()
    (workdir / "empty.yaml").mkdir()
    (workdir / "binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 10)
    (workdir / "binary.yaml").write_bytes(b"\xff\xfe\x00name: x")
    (workdir / "blank.yaml").write_text("\n")
    (workdir / "empty.csv").write_text("")
    (workdir / "article.txt").write_text(ARTICLE)
    many_projects(workdir / "many.csv", 10_001)
    (workdir / "run").mkdir()
    (workdir / "run" / "summary.json").write_text("{}")
    (workdir / "run" / "demand.nc").write_bytes(b"not netcdf")
    (workdir / "broken").mkdir()
    (workdir / "broken" / "demand.nc").write_bytes(b"not netcdf")
    return workdir


@pytest.mark.parametrize("case", sorted(PATH_CASES))
def test_bad_paths(case, cli, files):
    args, needles = PATH_CASES[case]
    _check(cli, files, args, needles)


# --------------------------------------------------------------------------- store

def _record(**changes) -> dict:
    return {"id": "news-1", "kind": "project", "status": "candidate", "fields": {},
            "sources": [{"sha256": "a", "title": "t", "evidence": "e"}], **changes}


STORE_CASES = {
    "not_json": b"{not json",
    "binary": b"\x89PNG\x00\xff\xfe",
    "a_list": b"[]",
    "no_records": b'{"layer0_candidates": 1}',
    "records_not_a_list": b'{"records": {"a": 1}}',
    "record_not_a_mapping": json.dumps({"records": [42]}).encode(),
    "record_without_kind": json.dumps({"records": [
        {k: v for k, v in _record().items() if k != "kind"}]}).encode(),
    "record_of_unknown_kind": json.dumps({"records": [_record(kind="rumour")]}).encode(),
    "record_of_unknown_status": json.dumps({"records": [_record(status="maybe")]}).encode(),
    "fields_not_a_mapping": json.dumps({"records": [_record(fields=[1, 2])]}).encode(),
    "sources_not_a_list": json.dumps({"records": [_record(sources="a")]}).encode(),
    "source_without_hash": json.dumps({"records": [_record(sources=[{"title": "t"}])]}).encode(),
    "nested_too_deeply": b'{"records": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
}


@pytest.mark.parametrize("command", ["review", "ingest", "run", "accept"])
@pytest.mark.parametrize("case", sorted(STORE_CASES))
def test_a_damaged_store_is_named_and_left_alone(case, command, cli, workdir):
    (workdir / "news").mkdir()
    store = workdir / "news" / "candidates.json"
    store.write_bytes(STORE_CASES[case])
    (workdir / "article.txt").write_text(ARTICLE)
    args = {"review": ["review"], "ingest": ["ingest", "{tmp}/article.txt"],
            "run": ["run", "--samples", "1", "--out", "{tmp}/o"],
            "accept": ["review", "--accept", "news-1"]}[command]
    _check(cli, workdir, args, [f"{store}:0: records"])


def test_a_damaged_accepted_projects_export_of_an_old_store_is_not_read(cli, workdir):
    """accepted_projects.csv was an export of the old store for people; runs read the
    registry database."""
    news = workdir / "news"
    news.mkdir()
    (news / "accepted_projects.csv").write_bytes(b"\x89PNG\x00\xff\xfe")
    (workdir / "article.txt").write_text(ARTICLE)
    assert cli("ingest", workdir / "article.txt").returncode == 0
    [record] = [r for r in stored_records(cli) if r["kind"] == "project"]
    assert cli("review", "--accept", record["id"]).returncode == 0
    done = cli("run", "--samples", "1", "--out", workdir / "o")
    assert done.returncode == 0 and record["id"] in done.stdout, done.stderr


# ---------------------------------------------------------------------------- late

def test_errors_are_found_before_any_computation(cli, workdir, monkeypatch):
    from layer0.model import engine

    def no_run(*args, **kwargs):
        raise AssertionError("the model ran before the request was checked")

    monkeypatch.setattr(engine, "assemble", no_run)
    late = [
        (["compare", "base", "headwinds", "--flow", "sideways", "--samples", "5"], "--flow"),
        (["compare", "base", "headwinds", "--material", "unobtainium", "--samples", "5"],
         "--material"),
        (["run", "--samples", "5", "--out", "/dev/null"], "--out"),
        (["run", "--samples", "5", "--seed", str(2**64), "--out", "{tmp}/o"], "--seed"),
        (["run", "--samples", "5", "--workers", "0", "--out", "{tmp}/o"], "--workers"),
        ([*DISRUPT, "--from", "2026", "--to", "2027", "--region", "Mars"], "--region"),
        (["new-supply", "--region", "Atlantis", "--samples", "5"], "--region"),
        (["sensitivity", "--output", "flux:copper", "--samples", "8"], "--output"),
    ]
    for args, needle in late:
        _check(cli, workdir, args, [needle])


def test_the_corpus_has_at_least_300_distinct_cases():
    counted = (len(PROJECT_CASES) + len(DATES) + len(REFERENCE_NUMBERS) * len(REFERENCE_VALUES)
               + 9 + len(OPTION_CASES) + len(SETS) + len(SCENARIO_CASES) + 2 * len(TABLES)
               + 9 + len(PATH_CASES) + 4 * len(STORE_CASES) + 8)
    assert counted >= 300, counted
