"""IAMC long format from a run: model, scenario, region, variable, unit, year, value and a
`quantile` column (0.05 / 0.5 / 0.95), checked against the codelist shipped in the package
(data/iamc_codelist.yaml). pyam reads it as IamDataFrame(frame) with `quantile` as an extra
column."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd
import xarray as xr
import yaml

COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "quantile", "value"]
QUANTILES = [0.05, 0.5, 0.95]


@lru_cache(maxsize=1)
def codelist() -> dict:
    text = (resources.files("layer0") / "data" / "iamc_codelist.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def variables() -> dict[str, str]:
    """Every exportable variable, placeholders expanded -> its unit."""
    spec = codelist()
    out = {}
    for template, info in spec["variables"].items():
        names = [template]
        for key in ("Material", "Component"):
            if "{" + key + "}" in template:
                names = [n.replace("{" + key + "}", v) for n in names for v in spec[key].values()]
        out.update({n: info["unit"] for n in names})
    return out


def _quantiles(da: xr.DataArray) -> xr.DataArray:
    return da.quantile(QUANTILES, dim="sample") if "sample" in da.dims else da


def _rows(da: xr.DataArray, variable: str, unit: str, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows of a DataArray [sample or quantile, year, *by]; `variable` may hold {Material} /
    {Component} filled from the `material` / `component` coordinates."""
    spec = codelist()
    frame = _quantiles(da).rename("value").to_dataframe().reset_index()
    if "region" not in frame:
        frame["region"] = "WORLD"
    frame["region"] = frame["region"].map(lambda r: spec["regions"].get(r, r))
    names = pd.Series(variable, index=frame.index)
    for key, dim in (("Material", "material"), ("Component", "component")):
        if dim in frame:
            names = [n.replace("{" + key + "}", spec[key][v])
                     for n, v in zip(names, frame[dim], strict=True)]
    frame["variable"], frame["unit"] = names, unit
    return frame[["region", "variable", "unit", "year", "quantile", "value"]]


def _with_world(da: xr.DataArray) -> xr.DataArray:
    """Per-region samples plus their world total (summed per sample, then quantiles)."""
    regions = [str(r) for r in da["region"].to_numpy()]
    if regions == ["WORLD"]:
        return da
    world = da.sum("region").expand_dims(region=["WORLD"])
    return xr.concat([world, da], dim="region")


def to_iamc(view: xr.Dataset, scenario: str, model: str) -> pd.DataFrame:
    """The IAMC table of a run's stored view (io.netcdf.netcdf_view)."""
    units = variables()
    capacity = view["capacity"].sum("archetype")
    announced = view["announced_capacity"].sum("archetype")
    parts = [
        _rows(_with_world(capacity), "Capacity|Data Centers|IT", "MW"),
        _rows(_with_world(announced), "Capacity|Data Centers|IT|Announced", "MW"),
        _rows(_with_world(view["unannounced_capacity"]), "Capacity|Data Centers|IT|Unannounced",
              "MW"),
        _rows(view["demand_by_boundary"].sel(boundary="facility", drop=True),
              "Material Demand|{Material}|Data Centers", "t/yr"),
        # the parts of the facility total: the components inside the fence
        _rows(view["demand"].sel(component=view["scope"] == "inside_fence"),
              "Material Demand|{Material}|Data Centers|{Component}", "t/yr"),
        _rows(_with_world(view["secondary_supply"]), "Secondary Supply|{Material}|Data Centers",
              "t/yr"),
        _rows(_with_world(view["primary_demand"]), "Primary Demand|{Material}|Data Centers",
              "t/yr"),
    ]
    regions = [str(r) for r in view["region"].to_numpy()]
    if regions != ["WORLD"]:  # regional demand is stored as quantiles already
        parts.append(_rows(view["demand_by_region"], "Material Demand|{Material}|Data Centers",
                           "t/yr"))
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(0, "scenario", scenario)
    frame.insert(0, "model", model)
    frame["year"] = frame["year"].astype(int)
    # six significant digits, as in summary.json: the stored samples are float32
    frame["value"] = [float(f"{v:.6g}") for v in frame["value"].astype(float)]
    frame = frame[COLUMNS].sort_values(["variable", "region", "year", "quantile"],
                                       ignore_index=True)
    check(frame, units)
    return frame


def check(frame: pd.DataFrame, units: dict[str, str] | None = None) -> None:
    """Every variable and unit must be in the codelist; no missing values. A failure here is
    a bug in layer0 (the export is built from the model), so it raises ValueError."""
    units = units or variables()
    if list(frame.columns) != COLUMNS:
        raise ValueError(f"IAMC columns {list(frame.columns)} != {COLUMNS}")
    pairs = frame[["variable", "unit"]].drop_duplicates()
    bad = [f"{v} [{u}]" for v, u in pairs.itertuples(index=False) if units.get(v) != u]
    if bad:
        raise ValueError(f"not in the IAMC codelist: {', '.join(bad[:5])}")
    if frame["value"].isna().any():
        raise ValueError("IAMC export has missing values")
