"""demand.nc: what of a run's Dataset is stored, and how it is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import xarray as xr


def facility(ds: xr.Dataset) -> xr.DataArray:
    """Demand inside the fence [.., region, material]: the default boundary of every total."""
    return ds["demand_by_boundary"].sel(boundary="facility", drop=True)


def write_netcdf(ds: xr.Dataset) -> Callable[[Path], None]:
    """NetCDF-4 via h5netcdf (what goes in is chosen by `netcdf_view`). Uncompressed: sampled
    floats barely compress, and zlib cost more time than the whole model run.

    Written through xarray's h5netcdf store with xarray's HDF5 lock, which is what
    `to_netcdf` does for a Dataset of numpy arrays after asking which dask scheduler is
    active (to choose the lock): the question imports dask.distributed (~0.4 s of a cold
    `layer0 run`) for arrays that are never dask's."""
    from xarray.backends.locks import HDF5_LOCK

    def write(path: Path) -> None:
        store = xr.backends.H5NetCDFStore.open(path, mode="w", lock=HDF5_LOCK)
        try:
            ds.dump_to_store(store)
        finally:
            store.close()

    return write


def netcdf_view(ds: xr.Dataset) -> xr.Dataset:
    """What demand.nc holds: samples of national totals, quantiles of the fine splits.

    Full [sample, region, component] demand is hundreds of MB at default sample counts, so
    the file keeps samples for demand by material and component (summed over regions) and
    P5/P50/P95 for demand by region. float32 is ample for tonnes.
    """
    from concurrent.futures import ThreadPoolExecutor

    # the quantiles by region (a sort per cell) on a second thread while this one sums and
    # casts the rest: numpy releases the GIL in both (a 2,000-sample view: 0.43-0.85 s)
    with ThreadPoolExecutor(1, thread_name_prefix="layer0-view") as pool:
        by_region = pool.submit(_quantiles, facility(ds), QUANTILE_LEVELS)
        return _view(ds, by_region)


def _view(ds: xr.Dataset, by_region) -> xr.Dataset:
    def f32(da: xr.DataArray) -> xr.DataArray:   # a run for a file has them so already
        return da.astype("float32", copy=False)

    values = {
        "demand": f32(ds["demand"].sum("region", skipna=False) if "region" in ds["demand"].dims
                      else ds["demand"]),    # a run for a file summed it as computed
        # the facility boundary (inside the fence), like every other material total
        # skipna=False: the model's outputs hold no NaN, and numpy's quantile over them is
        # the same numbers ~4x faster than nanquantile's
        "demand_by_region": None,           # taken last: the other thread's
        "demand_by_boundary": f32(ds["demand_by_boundary"].sum("region", skipna=False)),
        **{name: f32(ds[name]) for name in
           ("capacity", "capacity_additions", "announced_capacity", "announced_excess",
            "unannounced_capacity", "eol_outflow")},
        # growth / replacement / secondary / primary by region: small, kept per sample
        **{name: f32(ds[name]) for name in
           ("demand_growth", "demand_replacement", "secondary_supply", "primary_demand",
            "manufacturing_input", "failure_replacement", "component_inflow",
            "component_outflow", "early_retirement") if name in ds},
        "pue_fleet": ds["pue_fleet"],
        "load_factor": ds["load_factor"],
    }
    values["demand_by_region"] = by_region.result().astype("float32")
    out = xr.Dataset(values, attrs=dict(ds.attrs))
    for name in out.data_vars:
        source = name if name in ds else "demand"
        out[name].attrs["units"] = ds[source].attrs.get("units", "")
    return out


QUANTILE_LEVELS = [0.05, 0.5, 0.95]


def _quantiles(samples: xr.DataArray, levels: list[float]) -> xr.DataArray:
    """`samples.quantile(levels, dim="sample")`, by one sort per cell (the same numbers,
    2.5x faster than numpy's selection along the sample axis)."""
    from layer0.analysis.streaming import sample_quantiles

    rest = [dim for dim in samples.dims if dim != "sample"]
    data = sample_quantiles(samples.transpose("sample", *rest).values, levels)
    return xr.DataArray(np.moveaxis(data, -1, 0), dims=("quantile", *rest),
                        coords={"quantile": levels, **{d: samples[d] for d in rest
                                                       if d in samples.coords}},
                        name=samples.name, attrs=samples.attrs)


def quantile_view(stats, coords: dict, attrs: dict) -> xr.Dataset:
    """demand.nc of a run that streamed its samples: P5/P50/P95 (a `quantile` dimension) of
    the world totals summary.json reports, and of facility demand by region, with the
    sketch's error bound of each (`<name>_error`, same units; zero where the run had no more
    samples than the sketch's pilot, whose statistics are exact)."""
    from layer0.analysis.quantiles import FLOWS
    from layer0.model.engine import BOUNDARIES

    years, materials, regions = coords["year"], coords["material"], coords["region"]
    dims = {"capacity": ("year",), "boundary": ("year", "boundary", "material"),
            "facility_by_region": ("year", "region", "material"),
            "announced": ("year",), "unannounced": ("year",), "excess": ("year",),
            **{f"flow:{name}": ("year", "material") for name in FLOWS if name != "demand"}}
    names = {"capacity": "capacity", "boundary": "demand_by_boundary",
             "facility_by_region": "demand_by_region", "announced": "announced_capacity",
             "unannounced": "unannounced_capacity", "excess": "announced_excess",
             **{f"flow:{name}": FLOWS[name] for name in FLOWS if name != "demand"}}
    data = {}
    for cell, cell_dims in dims.items():
        if cell not in stats:
            continue
        for suffix, value in (("", stats.table(cell)), ("_error", stats.error(cell))):
            data[names[cell] + suffix] = (("quantile", *cell_dims),
                                          np.moveaxis(value, -1, 0).astype("float32"))
    out = xr.Dataset(data, coords={"quantile": QUANTILE_LEVELS, "year": years,
                                   "material": materials, "region": regions,
                                   "boundary": list(BOUNDARIES)},
                     attrs={**attrs, "samples_kept": 0, "statistics": stats.method})
    for name in out.data_vars:
        out[name].attrs["units"] = "MW" if "capacity" in name or "excess" in name else "t"
    return out
