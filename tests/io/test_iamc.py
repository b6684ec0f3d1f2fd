"""`layer0 export`: IAMC long format checked against the packaged codelist, round-tripped
through pyam; NetCDF, Parquet and Excel carry the same numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from helpers import refused
from layer0.io import iamc
from layer0.io.export import export
from layer0.services.runs import RunRequest, run_job
from layer0.settings import Settings


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    run_job(RunRequest(samples=60, seed=2), Settings.from_environment()).write(out)
    return out


@pytest.fixture(scope="module")
def table(run_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "base.csv"
    export(run_dir, "iamc", path)
    return pd.read_csv(path)


def test_codelist_names_every_material_component_and_region(ref):
    spec = iamc.codelist()
    assert set(spec["Material"]) == ref.ids("materials")
    assert set(spec["Component"]) == ref.ids("components")
    assert set(spec["regions"]) == set(ref["regions"]["code"])


def test_every_exported_variable_is_in_the_codelist(table):
    assert list(table.columns) == iamc.COLUMNS
    units = iamc.variables()
    for variable, unit in table[["variable", "unit"]].drop_duplicates().itertuples(index=False):
        assert units[variable] == unit
    for needed in ("Material Demand|Copper|Data Centers",
                   "Material Demand|Copper|Data Centers|Transformers",
                   "Capacity|Data Centers|IT", "Secondary Supply|Copper|Data Centers"):
        assert needed in set(table["variable"])
    assert set(table["quantile"]) == {0.05, 0.5, 0.95}
    assert not table["value"].isna().any()


def test_iamc_values_match_the_run(run_dir, table):
    with xr.open_dataset(run_dir / "demand.nc", engine="h5netcdf") as ds:
        copper = ds["demand_by_boundary"].sel(material="copper", year=2030, boundary="facility")
        expected = float(copper.quantile(0.5, dim="sample"))
        regional = ds["demand_by_region"].sel(material="copper", year=2030, quantile=0.5)
        us = float(regional.sel(region="US"))
    rows = table[(table["variable"] == "Material Demand|Copper|Data Centers")
                 & (table["year"] == 2030) & (table["quantile"] == 0.5)]
    world = rows[rows["region"] == "World"]["value"].iloc[0]
    assert world == pytest.approx(expected, rel=1e-5)
    assert rows[rows["region"] == "United States"]["value"].iloc[0] == pytest.approx(us, rel=1e-5)
    # capacity is exported with its announced and unannounced parts
    cap = table[(table["variable"].str.startswith("Capacity")) & (table["region"] == "World")
                & (table["year"] == 2035) & (table["quantile"] == 0.5)]
    assert set(cap["variable"]) == {"Capacity|Data Centers|IT",
                                    "Capacity|Data Centers|IT|Announced",
                                    "Capacity|Data Centers|IT|Unannounced"}


def test_iamc_round_trips_through_pyam(table, tmp_path):
    pyam = pytest.importorskip("pyam", reason="the [iamc] extra installs pyam-iamc")
    df = pyam.IamDataFrame(table)
    assert df.extra_cols == ["quantile"]
    assert "Material Demand|Copper|Data Centers" in df.variable
    back = df.as_pandas()[iamc.COLUMNS]
    key = ["model", "scenario", "region", "variable", "unit", "year", "quantile"]
    merged = table.merge(back, on=key, suffixes=("", "_pyam"))
    assert len(merged) == len(table) == len(back)
    np.testing.assert_allclose(merged["value"], merged["value_pyam"], rtol=1e-12)
    path = tmp_path / "pyam.csv"
    df.to_csv(path)
    again = pyam.IamDataFrame(pd.read_csv(path))
    assert again.equals(df)


@pytest.mark.slow
def test_parquet_xlsx_and_netcdf_carry_the_same_numbers(run_dir, table, tmp_path):
    parquet = pd.read_parquet(export(run_dir, "parquet", tmp_path / "a.parquet"))
    pd.testing.assert_frame_equal(parquet, table, check_dtype=False)
    xlsx = pd.read_excel(export(run_dir, "xlsx", tmp_path / "a.xlsx"), sheet_name="data",
                         engine="calamine")
    pd.testing.assert_frame_equal(xlsx, table, check_dtype=False)
    with xr.open_dataset(export(run_dir, "netcdf", tmp_path / "a.nc"), engine="h5netcdf") as a, \
            xr.open_dataset(run_dir / "demand.nc", engine="h5netcdf") as b:
        xr.testing.assert_identical(a.load(), b.load())


def test_check_refuses_a_variable_outside_the_codelist(table):
    bad = table.copy()
    bad.loc[0, "variable"] = "Material Demand|Unobtainium|Data Centers"
    with pytest.raises(ValueError, match="codelist"):
        iamc.check(bad)


@pytest.mark.parametrize("args, needle", [
    (("--format", "csv"), "--format: field: unknown format 'csv'"),
    (("--format", "iamc", "--run", "/nonexistent/run"), "--run: is not a folder"),
])
def test_bad_export_requests_exit_2(args, needle, tmp_path, run_dir, cli):
    full = ["export", "--out", str(tmp_path / "x.csv"), *args]
    if "--run" not in args:
        full += ["--run", str(run_dir)]
    refused(cli(*full), needle)
    assert not (tmp_path / "x.csv").exists()


def test_export_under_a_file_exits_2(tmp_path, run_dir, cli):
    blocker = tmp_path / "file.csv"
    blocker.write_text("x")
    refused(cli("export", "--run", run_dir, "--format", "iamc", "--out", blocker / "x.csv"),
            "is a file, not a folder")


def test_export_of_a_folder_without_a_run_exits_2(tmp_path, cli):
    refused(cli("export", "--run", tmp_path, "--format", "iamc", "--out", tmp_path / "x.csv"),
            "no demand.nc")


def test_the_export_command_writes_the_file(tmp_path, run_dir, cli):
    done = cli("export", "--run", run_dir, "--format", "iamc", "--out", tmp_path / "e.csv")
    assert done.returncode == 0 and f"wrote {tmp_path / 'e.csv'}" in done.stdout
