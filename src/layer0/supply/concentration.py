"""Supply concentration per material and stage: shares, HHI (0-10,000), top country, China.

'OTHER' (the USGS 'other countries' row) is kept as its own share and never dropped, but it
is not one producer: the HHI sums the named countries only, which makes it a lower bound
(treating OTHER as one country would be the upper bound, `hhi_upper`).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from layer0.errors import InputError
from layer0.supply.answers import CountryShare, StageConcentration

OTHER, WORLD = "OTHER", "WORLD"
STAGES = ("mining", "refining")


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


def source_material(materials, material: str) -> str:
    """The material whose production table stands for `material` (e.g. steel for electrical
    steel, rare_earths for neodymium)."""
    row = materials.set_index("id").loc[material]
    return row["supply_material"] or material


def share_list(share: xr.DataArray) -> list[CountryShare]:
    """Shares largest first, OTHER last."""
    named = share.drop_sel(country=OTHER, errors="ignore")
    named = named.sortby(named, ascending=False)
    out = [{"country": str(c), "share": round(float(v), 4)}
           for c, v in zip(named["country"].to_numpy(), named.to_numpy(), strict=True)]
    if OTHER in share["country"]:
        out.append({"country": OTHER, "share": round(float(share.sel(country=OTHER)), 4)})
    return out


def stage_record(supply, materials, material: str, stage: str, year: int,
                 with_shares: bool = False) -> StageConcentration | None:
    """Concentration of one material at one stage in the latest data year <= `year`."""
    src = source_material(materials, material)
    y = latest_year(supply, src, stage, year)
    if y is None:
        return None
    share = shares(production_array(supply, src, stage, y))
    record = {"material": material, "stage": stage, "year": y}
    if src != material:
        record["proxy"] = src
    record.update(summarise(share))
    if with_shares:
        record["shares"] = share_list(share)
    return record


def _stage_records(supply, materials, material: str, year: int) -> list[dict]:
    """Every stage's record with data, the bottleneck (highest HHI: the EU method rates the
    more concentrated stage) marked `bottleneck`."""
    records = [r for r in (stage_record(supply, materials, material, s, year) for s in STAGES)
               if r is not None]
    if records:
        worst = max(records, key=lambda r: r["hhi"])
        for r in records:
            r["bottleneck"] = r is worst
    return records


def bottleneck_stage(supply, materials, material: str, year: int) -> str | None:
    return next((r["stage"] for r in _stage_records(supply, materials, material, year)
                 if r["bottleneck"]), None)


def concentration_table(supply, materials, year: int) -> list[StageConcentration]:
    """One record per material and stage with data, the bottleneck stage marked; a material
    without any production table gets one record that says so (never silently dropped)."""
    out = []
    for material in materials["id"]:
        records = _stage_records(supply, materials, material, year)
        if not records:
            out.append({"material": material, "stage": None, "year": None, "hhi": None,
                        "top_country": None, "top_share": None, "china_share": None,
                        "missing": "no production-by-country table in the reference data"})
            continue
        out.extend(records)
    return out


def kappa_table(supply, year: int) -> dict[tuple[str, str], float]:
    """Dirichlet concentration of the country shares of every (material, stage) table with
    two data years <= `year`, DERIVED from USGS's own revisions:
    kappa = (1 - sum s^2) / sum (s_y - s_{y-1})^2 - 1 makes the expected squared change of the
    shares equal to the last observed year-on-year change."""
    out = {}
    for (src, st), group in supply.groupby(["material", "stage"]):
        years = sorted(y for y in group["year"].unique() if y <= year)
        if len(years) < 2:
            continue
        a = shares(production_array(supply, src, st, years[-2]))
        b = shares(production_array(supply, src, st, years[-1]))
        a, b = xr.align(a, b, join="outer", fill_value=0.0)
        change = float(((b - a) ** 2).sum())
        if change > 0:
            out[(src, st)] = max((1.0 - float((b ** 2).sum())) / change - 1.0, 1.0)
    return out


def share_concentration(supply, materials, material: str, stage: str, year: int,
                        kappas: dict | None = None) -> tuple[float, str]:
    """(kappa, how it was made) for one table: its own (`kappa_table`), or for a table with
    one year the median of the others. Pass `kappas` to reuse one `kappa_table`."""
    kappas = kappa_table(supply, year) if kappas is None else kappas
    src = source_material(materials, material)
    if (src, stage) in kappas:
        return kappas[(src, stage)], (f"{src}/{stage}: observed change between its last two "
                                      "USGS years")
    return float(np.median(list(kappas.values()))), (
        f"{src}/{stage} has one data year: median of {len(kappas)} tables with two")


def concentration(ref, material: str, stage: str | None = None, year: int | None = None,
                  default_year: int = 2024
                  ) -> StageConcentration | list[StageConcentration]:
    """What `layer0 supply` prints: one stage's record with shares, or every stage's."""
    supply, materials = ref["supply"], ref["materials"]
    check_material(materials, material)
    year = default_year if year is None else year
    if stage is not None and stage not in STAGES:
        raise InputError.parameter("stage", f"unknown '{stage}' (allowed: {', '.join(STAGES)})")
    wanted = [stage] if stage else list(STAGES)
    records = [r for r in (stage_record(supply, materials, material, s, year, True)
                           for s in wanted) if r is not None]
    if not records:
        src = source_material(materials, material)
        have, known = data_years(supply, src), data_years_text(supply, src)
        later = (have["stage"].isin(wanted) & (have["year"] > year)).any()
        flag = "year" if later else "stage" if stage else "material"
        raise InputError.parameter(flag, f"no production data for {material}"
                                   f"{' at ' + stage if stage else ''} in or before {year} "
                                   f"(data: {known})")
    return records[0] if stage else records


def data_years(supply, src: str):
    """(stage, year) pairs with production data for a source material, sorted."""
    return supply[supply["material"] == src][["stage", "year"]].drop_duplicates().sort_values(
        ["stage", "year"])


def data_years_text(supply, src: str) -> str:
    have = data_years(supply, src)
    return ", ".join(f"{s} {y}" for s, y in have.itertuples(index=False)) or "none"


def check_material(materials, material: str) -> None:
    ids = list(materials["id"])
    if material not in ids:
        raise InputError.parameter("material", f"unknown '{material}' (allowed: {', '.join(ids)})")


__all__ = ["shares", "hhi", "summarise", "concentration_table", "production_array",
           "concentration", "bottleneck_stage", "share_concentration", "stage_record"]
