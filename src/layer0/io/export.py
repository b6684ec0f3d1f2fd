"""`layer0 export`: a finished run (its demand.nc) to IAMC CSV, NetCDF, Parquet or Excel."""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from layer0.errors import InputError, mention
from layer0.io import atomic, iamc, netcdf
from layer0.version import __version__

EXPORT_FORMATS = ("iamc", "netcdf", "parquet", "xlsx")
SUFFIX = {"iamc": ".csv", "netcdf": ".nc", "parquet": ".parquet", "xlsx": ".xlsx"}
RUN_FILES = ("summary.json", "demand.nc")  # what `layer0 run` writes: never overwritten


def open_run(run_dir: Path) -> xr.Dataset:
    """The stored view of a run, loaded into memory (the file is closed again)."""
    path = Path(run_dir) / "demand.nc"
    if not Path(run_dir).is_dir():
        raise InputError.parameter("run", f"is not a folder (give the {mention('out')} folder of a "
                                   "`layer0 run`)", where=f"{run_dir}:0")
    if not path.is_file():
        raise InputError.parameter("run", f"no demand.nc in this folder (run `layer0 run "
                                   f"{mention('out')} {run_dir}` first)", where=f"{path}:0")
    try:
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            view = ds.load()
    except (OSError, ValueError) as err:
        raise InputError.parameter("run", f"cannot be read as a layer0 run ({err})",
                                   where=f"{path}:0") from None
    spec = iamc.codelist()
    unnamed = [f"material {m}" for m in view["material"].to_numpy() if m not in spec["Material"]]
    unnamed += [f"component {c}" for c in view["component"].to_numpy()
                if c not in spec["Component"]]
    if unnamed:
        raise InputError.parameter("run", f"no IAMC name for {', '.join(map(str, unnamed))} "
                                   "(add them to iamc_codelist.yaml)", where=f"{path}:0")
    missing = [v for v in ("capacity", "announced_capacity", "unannounced_capacity", "demand",
                           "demand_by_region", "secondary_supply", "primary_demand")
               if v not in view]
    if missing:
        raise InputError.parameter("run", f"not a layer0 {__version__} run (missing "
                                   f"{', '.join(missing)}; run it again with this version)",
                                   where=f"{path}:0")
    return view


def export(run_dir: Path, fmt: str, out: Path) -> Path:
    if fmt not in EXPORT_FORMATS:
        raise InputError.parameter("format", f"unknown format '{fmt}' (allowed: "
                                   f"{', '.join(EXPORT_FORMATS)})")
    if out.exists() and out.is_dir():
        raise InputError.parameter("out", f"is a folder; give a file name such as "
                                   f"{out / ('export' + SUFFIX[fmt])}", where=f"{out}:0")
    parent = out.parent if str(out.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise InputError.parameter("out", f"{parent} is a file, not a folder", where=f"{out}:0")
    if problem := atomic.folder_problem(parent):
        raise InputError.parameter("out", f"{parent} {problem}", where=f"{out}:0")
    own = {(Path(run_dir) / name).resolve() for name in RUN_FILES}
    if out.resolve() in own:
        raise InputError.parameter("out", f"is one of the run's own files; give another name, "
                                   f"such as {Path(run_dir) / ('export' + SUFFIX[fmt])}",
                                   where=f"{out}:0")
    view = open_run(run_dir)
    if fmt == "netcdf":
        writer = netcdf.write_netcdf(view)
    else:
        table = iamc.to_iamc(view, str(view.attrs.get("scenario", "")),
                             f"layer0 {view.attrs.get('layer0_version', __version__)}")
        writer = {"iamc": lambda p: table.to_csv(p, index=False),
                  "parquet": lambda p: table.to_parquet(p, index=False),
                  "xlsx": lambda p: _xlsx(table, view.attrs, p)}[fmt]
    return atomic.write_all(parent, {out.name: writer})[0]


def _xlsx(table, attrs, path: Path) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:  # ~2x faster than openpyxl
        table.to_excel(writer, sheet_name="data", index=False)
        pd.DataFrame(sorted((k, str(v)) for k, v in attrs.items()),
                     columns=["key", "value"]).to_excel(writer, sheet_name="meta", index=False)
