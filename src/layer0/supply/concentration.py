"""Supply concentration per material and stage: shares, HHI (0-10,000), top country, China.

'OTHER' (the USGS 'other countries' row) is kept as its own share and never dropped, but it
is not one producer: the HHI sums the named countries only, which makes it a lower bound
(treating OTHER as one country would be the upper bound, `hhi_upper`).
"""

from __future__ import annotations

import xarray as xr

OTHER, WORLD = "OTHER", "WORLD"


def shares(production: xr.DataArray) -> xr.DataArray:
    """Country shares [country] that sum to 1, with OTHER kept as its own entry.

    `production` holds tonnes by country, including WORLD. What the listed rows leave of the
    world total is added to OTHER; where rounded world totals fall below the listed sum, the
    listed sum is the denominator.
    """
    world = float(production.sel(country=WORLD))
    parts = production.drop_sel(country=WORLD)
    remainder = world - float(parts.sum("country"))
    if remainder > 0:
        if OTHER in parts["country"]:
            parts = parts + xr.where(parts["country"] == OTHER, remainder, 0.0)
        else:
            extra = xr.DataArray([remainder], dims="country", coords={"country": [OTHER]})
            parts = xr.concat([parts, extra], dim="country")
    total = float(parts.sum("country"))
    if total <= 0:
        raise ValueError("production must be positive")
    return parts / total


def hhi(share: xr.DataArray, include_other: bool = False) -> float:
    """Herfindahl-Hirschman index on 0-10,000 (shares in percent, squared, summed)."""
    named = share if include_other else share.drop_sel(country=OTHER, errors="ignore")
    return float(((named * 100.0) ** 2).sum("country"))


def summarise(share: xr.DataArray) -> dict:
    named = share.drop_sel(country=OTHER, errors="ignore")
    top = str(named.idxmax("country").item())
    ordered = named.sortby(named, ascending=False)
    return {
        "hhi": round(hhi(share), 1),
        "hhi_upper": round(hhi(share, include_other=True), 1),
        "top_country": top,
        "top_share": round(float(named.sel(country=top)), 4),
        "top3_share": round(float(ordered[:3].sum()), 4),
        "china_share": round(float(share.sel(country="CN")) if "CN" in share["country"] else 0.0,
                             4),
        "other_share": round(float(share.sel(country=OTHER)) if OTHER in share["country"]
                             else 0.0, 4),
    }


def production_array(table, material: str, stage: str, year: int) -> xr.DataArray | None:
    """Tonnes by country for one material/stage/year from the supply table, or None."""
    rows = table[(table["material"] == material) & (table["stage"] == stage)
                 & (table["year"] == year)]
    if rows.empty:
        return None
    return xr.DataArray(rows["value"].to_numpy(dtype=float), dims="country",
                        coords={"country": rows["country"].to_numpy()})


def latest_year(table, material: str, stage: str, not_after: int) -> int | None:
    years = table[(table["material"] == material) & (table["stage"] == stage)
                  & (table["year"] <= not_after)]["year"]
    return int(years.max()) if len(years) else None


def concentration_table(supply, materials, year: int) -> list[dict]:
    """One record per material and stage with data: the contract's `supply` entries."""
    out = []
    for _, mat in materials.iterrows():
        source_material = mat["supply_material"] or mat["id"]
        for stage in ("mining", "refining"):
            y = latest_year(supply, source_material, stage, year)
            if y is None:
                continue
            share = shares(production_array(supply, source_material, stage, y))
            record = {"material": mat["id"], "stage": stage, "year": y}
            if source_material != mat["id"]:
                record["proxy"] = source_material
            record.update(summarise(share))
            out.append(record)
    return out


__all__ = ["shares", "hhi", "summarise", "concentration_table", "production_array"]
