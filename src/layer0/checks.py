"""Cross-table rules of the reference data: ids that must exist, units that must convert,
shares that must add up. Row-level rules live in `layer0.data.schema`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from layer0.reference import (
    ANY,
    SPECIAL_SUPPLY_CODES,
    ReferenceData,
    is_iso_country,
    is_iso_region,
    nearest_year,
)
from layer0.units import UnitProblem, factor_to

SHARE_TOLERANCE = 1e-6
SUPPLY_SUM_TOLERANCE = 0.05  # USGS world totals are rounded; listed + other must be within 5%

# table -> (column, target unit) that load converts; the converted value replaces the original
UNIT_TARGETS = {
    "intensities": "t/MW",
    "facility_totals": "t/MW",
    "electricity_paths": "TWh",
    "supply": "t",
    "lifetimes": "year",
}


def _where(ref: ReferenceData, table: str, row) -> str:
    return f"{ref.directory / (table + '.csv')}:{int(row['_line'])}"


def _must_be_in(ref, table, column, allowed, problems, extra=()):
    frame = ref[table]
    ok = set(allowed) | set(extra)
    for _, row in frame.iterrows():
        value = row[column]
        if value and value not in ok:
            shown = ", ".join(sorted(ok)) if len(ok) <= 30 else f"{len(ok)} ids, see the table"
            problems.append(f"{_where(ref, table, row)}: {column}: unknown '{value}' "
                            f"(allowed: {shown})")


def _units(ref, table, target, problems):
    for _, row in ref[table].iterrows():
        try:
            factor_to(row["unit"], target)
        except UnitProblem as err:
            problems.append(f"{_where(ref, table, row)}: unit: {err}; need a unit of {target}")


def cross_check(ref: ReferenceData, problems: list[str]) -> None:
    sources = ref.ids("sources")
    materials = ref.ids("materials")
    components = ref.ids("components")
    archetypes = ref.ids("archetypes")
    architectures = ref.ids("architectures")
    for table, frame in ref.tables.items():
        if "source_id" in frame.columns:
            _must_be_in(ref, table, "source_id", sources, problems)

    _must_be_in(ref, "materials", "parent", materials, problems)
    _must_be_in(ref, "recycling", "material", materials, problems, extra=("*",))
    _must_be_in(ref, "materials", "supply_material", materials, problems)
    for table in ("lifetimes", "intensities"):
        _must_be_in(ref, table, "component", components, problems)
        _must_be_in(ref, table, "archetype", archetypes, problems, extra=(ANY,))
    _must_be_in(ref, "export_controls", "suspension_source_id", sources, problems)
    for table in ("intensities", "facility_totals", "supply", "supply_assets", "import_reliance",
                  "export_controls", "criticality_eu"):
        _must_be_in(ref, table, "material", materials, problems)
    _must_be_in(ref, "intensities", "architecture", architectures, problems, extra=(ANY,))
    _must_be_in(ref, "facility_totals", "archetype", archetypes, problems)
    _must_be_in(ref, "archetype_mix", "archetype", archetypes, problems)
    _must_be_in(ref, "electricity_paths", "region", ref.ids("regions", "code"), problems)
    for table, target in UNIT_TARGETS.items():
        _units(ref, table, target, problems)
    for _, row in ref["regions"].iterrows():
        bad = [m for m in row["members"].split() if m not in ("*", "ALL") and not is_iso_country(m)]
        if bad:
            problems.append(f"{_where(ref, 'regions', row)}: members: not ISO 3166-1 "
                            f"alpha-2: {', '.join(bad)}")
    _check_mix(ref, problems)
    check_projects(ref["projects"], ref, ref.directory / "projects.csv", problems)
    _check_supply(ref, problems)
    _check_controls(ref, problems)
    _check_assets(ref, problems)
    for _, row in ref["governance"].iterrows():
        if not is_iso_country(row["country"]):
            problems.append(f"{_where(ref, 'governance', row)}: country: "
                            f"'{row['country']}' is not ISO 3166-1 alpha-2")
    for _, row in ref["import_reliance"].iterrows():
        if not is_iso_country(row["country"]):
            problems.append(f"{_where(ref, 'import_reliance', row)}: country: "
                            f"'{row['country']}' is not ISO 3166-1 alpha-2")


def _check_mix(ref, problems):
    mix = ref["archetype_mix"]
    archetypes = ref.ids("archetypes")
    for year, group in mix.groupby("year"):
        total = group["share"].sum()
        first = group.iloc[0]
        if abs(total - 1.0) > SHARE_TOLERANCE:
            problems.append(f"{_where(ref, 'archetype_mix', first)}: share: shares of {year} "
                            f"sum to {total:.6g}, must sum to 1")
        missing = archetypes - set(group["archetype"])
        if missing:
            problems.append(f"{_where(ref, 'archetype_mix', first)}: archetype: {year} lacks "
                            f"{', '.join(sorted(missing))}")


def check_projects(frame: pd.DataFrame, ref: ReferenceData, path: Path,
                   problems: list[str], user_file: bool = False) -> None:
    sources = ref.ids("sources")
    archetypes = ref.ids("archetypes")
    currencies = set(ref["fx_rates"]["currency"]) | {"USD"}
    for _, row in frame.iterrows():
        where = f"{path}:{int(row['_line'])}"
        if not is_iso_region(row["region"]):
            problems.append(f"{where}: region: '{row['region']}' is not an ISO 3166 code "
                            "(a country like IE, or a US state like US-NC)")
        if row["archetype"] not in archetypes:
            problems.append(f"{where}: archetype: unknown '{row['archetype']}' "
                            f"(allowed: {', '.join(sorted(archetypes))})")
        currency = row["capex_currency"]
        if isinstance(currency, str) and currency not in currencies:
            problems.append(f"{where}: capex_currency: no exchange rate for '{currency}' "
                            f"(have: {', '.join(sorted(currencies))})")
        source = row["source_id"]
        if user_file and source not in sources and not source.startswith(
                ("http://", "https://", "news:")):
            problems.append(f"{where}: source_id: '{source}' is neither a source id of the "
                            "reference data, an http(s) URL nor news:HASH (an ingested "
                            "article)")


def _check_supply(ref, problems):
    supply = ref["supply"]
    for _, row in supply.iterrows():
        code = row["country"]
        if code not in SPECIAL_SUPPLY_CODES and not is_iso_country(code):
            problems.append(f"{_where(ref, 'supply', row)}: country: '{code}' is not ISO 3166-1 "
                            "alpha-2, WORLD or OTHER")
    tonnes = supply.assign(t=[_safe_factor(u, "t") * v for u, v in
                              zip(supply["unit"], supply["value"], strict=True)])
    for (material, stage, year), group in tonnes.groupby(["material", "stage", "year"]):
        world = group[group["country"] == "WORLD"]
        first = group.iloc[0]
        if world.empty:
            problems.append(f"{_where(ref, 'supply', first)}: country: {material}/{stage}/{year} "
                            "has no WORLD row")
            continue
        world_t = float(world["t"].iloc[0])
        parts = group[group["country"] != "WORLD"]
        for _, row in parts.iterrows():
            if row["t"] > world_t * (1 + SHARE_TOLERANCE):
                problems.append(f"{_where(ref, 'supply', row)}: value: {row['country']} share "
                                f"{row['t'] / world_t:.3f} is above 1 of the world total")
        listed = float(parts["t"].sum())
        if world_t > 0 and abs(listed - world_t) / world_t > SUPPLY_SUM_TOLERANCE:
            problems.append(f"{_where(ref, 'supply', world.iloc[0])}: value: countries plus OTHER "
                            f"of {material}/{stage}/{year} sum to {listed:.6g} t, world is "
                            f"{world_t:.6g} t (more than {SUPPLY_SUM_TOLERANCE:.0%} apart)")


def _check_controls(ref, problems):
    for _, row in ref["export_controls"].iterrows():
        codes = [c for c in [row["issuer"], *row["destinations"].split()] if c != "ALL"]
        bad = [c for c in codes if not is_iso_country(c)]
        if bad:
            problems.append(f"{_where(ref, 'export_controls', row)}: destinations: not ISO "
                            f"3166-1 alpha-2: {', '.join(bad)}")


def _safe_factor(unit: str, target: str) -> float:
    try:
        return factor_to(unit, target)
    except UnitProblem:
        return float("nan")  # already reported by _units


def _check_assets(ref, problems):
    for _, row in ref["supply_assets"].iterrows():
        where = _where(ref, "supply_assets", row)
        if not is_iso_country(row["country"]):
            problems.append(f"{where}: country: '{row['country']}' is not ISO 3166-1 alpha-2")
        if not is_iso_region(row["region"]):
            problems.append(f"{where}: region: '{row['region']}' is not an ISO 3166 code")
        if row["unit"]:
            try:
                factor_to(row["unit"], "t")
            except UnitProblem as err:
                problems.append(f"{where}: unit: {err}; need a mass unit")


def convert_units(ref: ReferenceData) -> None:
    """Turn every quantity into the canonical unit, once, after all checks passed."""
    for table, target in UNIT_TARGETS.items():
        frame = ref[table].copy()
        factors = frame["unit"].map(lambda u, t=target: factor_to(u, t))
        cols = [c for c in ("low", "mode", "high", "value") if c in frame.columns]
        for col in cols:
            frame[col] = frame[col] * factors
        frame["unit"] = target
        ref.tables[table] = frame
    assets = ref["supply_assets"].copy()
    assets["tonnes"] = [v * factor_to(u, "t") if u and pd.notna(v) else None
                        for v, u in zip(assets["value"], assets["unit"], strict=True)]
    ref.tables["supply_assets"] = assets
    ref.tables["projects"] = project_capacity_columns(ref["projects"], ref)


def project_capacity_columns(frame: pd.DataFrame, ref: ReferenceData) -> pd.DataFrame:
    """Add `capex_usd` (converted at the announcement year's rate, or the nearest year's)."""
    fx = ref["fx_rates"]
    out = frame.copy()
    usd = []
    for _, row in out.iterrows():
        if row["capex"] is None or row["capex"] != row["capex"]:
            usd.append(float("nan"))
            continue
        if row["capex_currency"] == "USD":
            usd.append(float(row["capex"]))
            continue
        rates = fx[fx["currency"] == row["capex_currency"]].set_index("year")
        year = nearest_year(rates.index, int(str(row["announced_date"])[:4]))
        usd.append(float(row["capex"]) * float(rates.loc[year, "usd_per_unit"]))
    out["capex_usd"] = usd
    return out
