"""demand.nc's view of a run that keeps its samples."""

from __future__ import annotations

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
