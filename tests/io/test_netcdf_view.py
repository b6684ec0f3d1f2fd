"""demand.nc's view of a run that keeps its samples."""

from __future__ import annotations

import dataclasses

import numpy as np
import xarray as xr

from layer0.io import netcdf
from layer0.io.scenarios import load_scenario
from layer0.model import engine


def test_quantiles_by_region_are_xarrays_to_the_bit(ref):
    ds = engine.run(ref, load_scenario("base"), samples=37, seed=2)
    facility = netcdf.facility(ds)
    xr.testing.assert_identical(
        netcdf._quantiles(facility, netcdf.QUANTILE_LEVELS),
        facility.quantile(netcdf.QUANTILE_LEVELS, dim="sample", skipna=False))
    view = netcdf.netcdf_view(ds)
    assert view["demand_by_region"].dims == ("quantile", "year", "region", "material")


def test_a_run_for_a_file_has_the_same_view(ref):
    """demand.nc of a plan for a file (demand summed over the regions and float32 as it is
    computed: what the CLI and the API's jobs run) is the same file, to the bit, as the full
    run's."""
    full = engine.plan(ref, load_scenario("base"), 24, seed=4)
    for_file = dataclasses.replace(full, for_file=True)
    views = [netcdf.netcdf_view(engine.to_dataset(p, engine.assemble(p, chunk=10)))
             for p in (full, for_file)]
    xr.testing.assert_identical(*views)
    for name in views[0].data_vars:
        assert np.array_equal(views[0][name].values, views[1][name].values), name


def test_written_through_the_store_as_to_netcdf_writes_it(ref, tmp_path):
    """write_netcdf skips to_netcdf's question about dask schedulers: the file reads back
    as the one to_netcdf writes, values, attributes and encodings."""
    p = engine.plan(ref, load_scenario("base"), 6, seed=1)
    view = netcdf.netcdf_view(engine.to_dataset(p, engine.assemble(p)))
    netcdf.write_netcdf(view)(tmp_path / "ours.nc")
    view.to_netcdf(tmp_path / "xarrays.nc", engine="h5netcdf")
    with (xr.open_dataset(tmp_path / "ours.nc") as ours,
          xr.open_dataset(tmp_path / "xarrays.nc") as theirs):
        xr.testing.assert_identical(ours, theirs)
        for name in theirs.variables:
            assert np.array_equal(ours[name].values, theirs[name].values), name
            assert ({k: v for k, v in ours[name].encoding.items() if k != "source"}.keys()
                    == {k: v for k, v in theirs[name].encoding.items() if k != "source"}
                    .keys()), name
            assert ours[name].encoding["dtype"] == theirs[name].encoding["dtype"], name
