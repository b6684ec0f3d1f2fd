"""Where a report's numbers come from: the source ids of the reference rows behind each
figure and material, and the bibliography entries (title, publisher, date, URL) they name.

Pure: it reads the tables of the reference data it is given (`ref[name]`), nothing else."""

from __future__ import annotations

import pandas as pd

CAPACITY_TABLES = ("electricity_paths", "parameters", "archetype_mix", "projects", "lifetimes")
DEMAND = "demand"            # topic keys: "capacity", "demand:<m>", "recycling:<m>", ...


def _ids(frame: pd.DataFrame, *columns: str) -> list[str]:
    out: list[str] = []
    for column in columns or ("source_id",):
        if column in frame.columns:
            out += [str(v) for v in frame[column].dropna() if str(v)]
    return list(dict.fromkeys(sorted(out)))


def _supply_material(ref, material: str) -> str:
    """The material whose supply table stands for `material` (itself without a proxy)."""
    rows = ref["materials"].loc[ref["materials"]["id"] == material, "supply_material"]
    proxy = rows.iloc[0] if len(rows) else None
    return str(proxy) if isinstance(proxy, str) and proxy else material


def provenance(ref, materials: list[str], assets: list[str] = (), facilities: list[str] = ()
               ) -> dict[str, list[str]]:
    """Topic -> source ids: "capacity" (the buildout's inputs), and per material
    "demand:<m>" (intensities), "recycling:<m>" (collection and recovery, material rows and
    the "*" ones), "supply:<m>" (production by country, import reliance), plus "controls"
    and "coverage" (the assets and facilities named)."""
    topics: dict[str, list[str]] = {
        "capacity": list(dict.fromkeys(s for t in CAPACITY_TABLES for s in _ids(ref[t])))}
    for m in materials:
        intensity = ref["intensities"][ref["intensities"]["material"] == m]
        totals = ref["facility_totals"][ref["facility_totals"]["material"] == m]
        topics[f"demand:{m}"] = list(dict.fromkeys(_ids(intensity) + _ids(totals)))
        recycling = ref["recycling"][ref["recycling"]["material"].isin([m, "*"])]
        topics[f"recycling:{m}"] = _ids(recycling)
        supply = ref["supply"][ref["supply"]["material"] == _supply_material(ref, m)]
        reliance = ref["import_reliance"][ref["import_reliance"]["material"] == m]
        topics[f"supply:{m}"] = list(dict.fromkeys(_ids(supply) + _ids(reliance)))
    topics["controls"] = _ids(ref["export_controls"], "source_id", "suspension_source_id")
    coverage = _ids(ref["supply_assets"][ref["supply_assets"]["id"].isin(list(assets))])
    coverage += _ids(ref["projects"][ref["projects"]["id"].isin(list(facilities))])
    copper = ref["intensities"][ref["intensities"]["material"] == "copper"]
    topics["coverage"] = list(dict.fromkeys(coverage + _ids(copper)))
    return topics


def bibliography(ref, ids) -> dict[str, dict]:
    """Source id -> {title, publisher, date, url} for the ids given (unknown ids: a stub)."""
    table = ref["sources"].set_index("id")
    out = {}
    for sid in sorted(set(ids)):
        if sid in table.index:
            row = table.loc[sid]
            out[sid] = {k: ("" if pd.isna(row[k]) else str(row[k]))
                        for k in ("title", "publisher", "date", "url")}
        else:
            out[sid] = {"title": "(not in the sources table)", "publisher": "", "date": "",
                        "url": ""}
    return out
