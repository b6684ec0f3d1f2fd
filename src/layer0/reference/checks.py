"""Cross-table rules of the reference data: ids that must exist, units that must convert,
shares that must add up. Row-level rules live in `layer0.reference.schema`.

The rules run on whole columns (isin, unique values, group sums) where they scan many rows;
the rows that break a rule are then visited to name them.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from layer0 import limits
from layer0.errors import Problem
from layer0.reference import schema
from layer0.reference.geography import is_iso_country, is_iso_region, nearest_year
from layer0.reference.tables import WHERE
from layer0.units import UnitProblem, factor_to

ANY = "any"
SPECIAL_SUPPLY_CODES = {"WORLD", "OTHER"}
SHARE_TOLERANCE = 1e-6
SUPPLY_SUM_TOLERANCE = 0.05  # USGS world totals are rounded; listed + other must be within 5%
SOURCE_PREFIXES = ("http://", "https://", "news:")  # what a user's own row may cite

# table -> (column, target unit) that load converts; the converted value replaces the original
UNIT_TARGETS = {
    "intensities": "t/MW",
    "facility_totals": "t/MW",
    "electricity_paths": "TWh",
    "supply": "t",
    "lifetimes": "year",
    "lead_times": "year",
}
# table -> the plausible range of its quantities, once converted to the target unit
PLAUSIBLE = {
    "intensities": limits.INTENSITY,
    "facility_totals": limits.INTENSITY,
    "electricity_paths": limits.ENERGY,
    "supply": limits.TONNES,
    "lifetimes": limits.LIFETIME_YEARS,
    "lead_times": limits.LEAD_YEARS,
    "supply_assets": limits.TONNES,
}


def _must_be_in(frame: pd.DataFrame, column: str, allowed, problems: list[Problem],
                extra=()) -> None:
    ok = set(allowed) | set(extra)
    values = frame[column]
    bad = frame[values.astype(bool) & ~values.isin(ok)]
    shown = ", ".join(sorted(ok)) if len(ok) <= 30 else f"{len(ok)} ids, see the table"
    for where, value in zip(bad[WHERE], bad[column], strict=True):
        problems.append(Problem(where, column, f"unknown '{value}' (allowed: {shown})"))


@lru_cache(maxsize=256)
def _unit_message(unit: str, target: str, need: str | None = None) -> str | None:
    """None if `unit` converts to `target`, else what is wrong."""
    try:
        factor_to(unit, target)
        return None
    except UnitProblem as err:
        return f"{err}; need {need or 'a unit of ' + target}"


def _unit_problems(frame: pd.DataFrame, target: str, problems: list[Problem],
                   targets: pd.Series | None = None) -> None:
    """Rows whose unit does not convert to `target` (or the row's own in `targets`)."""
    own = targets if targets is not None else [target] * len(frame)
    for where, unit, want in zip(frame[WHERE], frame["unit"], own, strict=True):
        if message := _unit_message(unit, want):
            problems.append(Problem(where, "unit", message))


def _per_driver(ref) -> pd.Series:
    """Each intensity row's canonical unit: tonnes per unit of its component's driver (MW of
    IT, MW of generation, MWh of storage)."""
    unit_of = {c: schema.DRIVER_UNITS[d] for c, d in
               zip(ref["components"]["id"], ref["components"]["driver"], strict=True)}
    return ref["intensities"]["component"].map(lambda c: "t/" + unit_of.get(c, "MW"))


def _not_iso(frame: pd.DataFrame, column: str, test, problems: list[Problem], message: str,
             keep=()) -> None:
    codes = frame[column]
    bad_codes = {c for c in codes.unique() if c not in keep and not test(c)}
    for where, code in zip(frame[WHERE], codes, strict=True):
        if code in bad_codes:
            problems.append(Problem(where, column, message.format(code=code)))


def cross_check(ref, problems: list[Problem]) -> None:
    sources = ref.ids("sources")
    materials = ref.ids("materials")
    components = ref.ids("components")
    archetypes = ref.ids("archetypes")
    architectures = ref.ids("architectures")
    for frame in ref.tables.values():
        if "source_id" in frame.columns:
            _must_be_in(frame, "source_id", sources, problems)

    _must_be_in(ref["materials"], "parent", materials, problems)
    _must_be_in(ref["recycling"], "material", materials, problems, extra=("*",))
    _must_be_in(ref["materials"], "supply_material", materials, problems)
    for table in ("lifetimes", "intensities"):
        _must_be_in(ref[table], "component", components, problems)
        _must_be_in(ref[table], "archetype", archetypes, problems, extra=(ANY,))
    _must_be_in(ref["lead_times"], "component", components, problems)
    _must_be_in(ref["conversion_paths"], "applies_to", archetypes, problems, extra=(ANY,))
    inside = set(ref["components"][ref["components"]["scope"] == "inside_fence"]["id"])
    for where, scales in zip(ref["facility_totals"][WHERE], ref["facility_totals"]["scales"],
                             strict=True):
        if unknown := sorted(set(scales.split()) - inside):
            problems.append(Problem(where, "scales", f"not a component inside the fence: "
                                    f"{', '.join(unknown)} (allowed: {', '.join(sorted(inside))})"))
    _must_be_in(ref["manufacturing_input"], "component", components, problems, extra=(ANY,))
    _must_be_in(ref["manufacturing_input"], "material", materials, problems)
    missing = sorted(set(components) - set(ref["lead_times"]["component"]))
    if missing and len(ref["lead_times"]):
        problems.append(Problem(ref["lead_times"][WHERE].iloc[0], "component",
                                f"no lead time for {', '.join(missing)}"))
    _must_be_in(ref["project_onsite"], "project_id", set(ref["projects"]["id"]), problems)
    _must_be_in(ref["export_controls"], "suspension_source_id", sources, problems)
    for table in ("intensities", "facility_totals", "supply", "supply_assets", "import_reliance",
                  "export_controls", "criticality_eu"):
        _must_be_in(ref[table], "material", materials, problems)
    _must_be_in(ref["intensities"], "architecture", architectures, problems, extra=(ANY,))
    _must_be_in(ref["facility_totals"], "archetype", archetypes, problems)
    _must_be_in(ref["archetype_mix"], "archetype", archetypes, problems)
    _must_be_in(ref["electricity_paths"], "region", ref.ids("regions", "code"), problems)
    for table, target in UNIT_TARGETS.items():
        _unit_problems(ref[table], target, problems, _per_driver(ref) if table == "intensities"
                       else None)
    for where, kind, unit in zip(ref["project_onsite"][WHERE], ref["project_onsite"]["kind"],
                                 ref["project_onsite"]["unit"], strict=True):
        if message := _unit_message(unit, schema.DRIVER_UNITS[kind]):
            problems.append(Problem(where, "unit", message))
    for where, members in zip(ref["regions"][WHERE], ref["regions"]["members"], strict=True):
        bad = [m for m in members.split() if m not in ("*", "ALL") and not is_iso_country(m)]
        if bad:
            problems.append(Problem(where, "members", f"not ISO 3166-1 alpha-2: "
                                    f"{', '.join(bad)}"))
    _check_mix(ref, problems)
    _check_plausible(ref, problems)
    check_projects(ref["projects"], ref, problems)
    _check_supply(ref, problems)
    _check_controls(ref, problems)
    _check_assets(ref, problems)
    for table in ("governance", "import_reliance"):
        _not_iso(ref[table], "country", is_iso_country, problems,
                 "'{code}' is not ISO 3166-1 alpha-2")


def _check_plausible(ref, problems: list[Problem]) -> None:
    """Every quantity, in its canonical unit, inside its plausible range (a kg read as t,
    1e308); every parameter inside the range of its name."""
    for table, valid in PLAUSIBLE.items():
        target = UNIT_TARGETS.get(table, "t")
        frame = ref[table]
        columns = [c for c in ("low", "mode", "high", "value") if c in frame.columns]
        for row in frame.to_dict("records"):
            if not row["unit"] or _unit_message(row["unit"], target):
                continue  # no amount, or a unit problem already reported
            factor = factor_to(row["unit"], target)
            for column in columns:
                value = row[column]
                if value is None or value != value:
                    continue
                if problem := valid.problem(value * factor):
                    shown = "" if row["unit"] == target else f" ({value:g} {row['unit']})"
                    problems.append(Problem(row[WHERE], column, f"{problem} {target}{shown}"))
    for row in [*ref["parameters"].to_dict("records"),
                *ref["conversion_paths"].to_dict("records")]:
        valid = limits.PARAMETERS.get(row["name"])
        for column in ("low", "mode", "high"):
            if valid and (problem := valid.problem(row[column])):
                problems.append(Problem(row[WHERE], column, f"{row['name']} {problem}"))


def _check_mix(ref, problems: list[Problem]) -> None:
    mix = ref["archetype_mix"]
    archetypes = ref.ids("archetypes")
    for year, group in mix.groupby("year"):
        total = group["share"].sum()
        first = group[WHERE].iloc[0]
        if abs(total - 1.0) > SHARE_TOLERANCE:
            problems.append(Problem(first, "share", f"shares of {year} sum to {total:.6g}, must "
                                    "sum to 1"))
        missing = archetypes - set(group["archetype"])
        if missing:
            problems.append(Problem(first, "archetype", f"{year} lacks "
                                    f"{', '.join(sorted(missing))}"))


def check_projects(frame: pd.DataFrame, ref, problems: list[Problem],
                   user_rows: bool = False) -> None:
    """Rules of a projects table beyond its rows: ISO regions, known archetypes, currencies
    with a rate; a user's own rows may cite a URL or an ingested article instead of a source
    id of the reference data."""
    sources = ref.ids("sources")
    archetypes = ref.ids("archetypes")
    currencies = set(ref["fx_rates"]["currency"]) | {"USD"}
    bad_regions = {c for c in frame["region"].unique() if not is_iso_region(c)}
    for row in frame.to_dict("records"):
        where, region, archetype = row[WHERE], row["region"], row["archetype"]
        if region in bad_regions:
            problems.append(Problem(where, "region", f"'{region}' is not an ISO 3166 code "
                                    "(a country like IE, or a US state like US-NC)"))
        if archetype not in archetypes:
            problems.append(Problem(where, "archetype", f"unknown '{archetype}' (allowed: "
                                    f"{', '.join(sorted(archetypes))})"))
        currency = row["capex_currency"]
        if isinstance(currency, str) and currency not in currencies:
            problems.append(Problem(where, "capex_currency", f"no exchange rate for "
                                    f"'{currency}' (have: {', '.join(sorted(currencies))})"))
        source = row["source_id"]
        if user_rows and source not in sources and not source.startswith(SOURCE_PREFIXES):
            problems.append(Problem(where, "source_id", f"'{source}' is neither a source id of "
                                    "the reference data, an http(s) URL nor news:HASH (an "
                                    "ingested article)"))


def _check_supply(ref, problems: list[Problem]) -> None:
    supply = ref["supply"]
    _not_iso(supply, "country", is_iso_country, problems,
             "'{code}' is not ISO 3166-1 alpha-2, WORLD or OTHER", keep=SPECIAL_SUPPLY_CODES)
    factors = {u: _safe_factor(u, "t") for u in supply["unit"].unique()}
    tonnes = supply.assign(t=supply["value"] * supply["unit"].map(factors))
    for (material, stage, year), group in tonnes.groupby(["material", "stage", "year"]):
        is_world = group["country"] == "WORLD"
        world = group[is_world]
        if world.empty:
            problems.append(Problem(group[WHERE].iloc[0], "country",
                                    f"{material}/{stage}/{year} has no WORLD row"))
            continue
        world_t = float(world["t"].iloc[0])
        parts = group[~is_world]
        above = parts[parts["t"] > world_t * (1 + SHARE_TOLERANCE)]
        for where, country, t in zip(above[WHERE], above["country"], above["t"], strict=True):
            problems.append(Problem(where, "value", f"{country} share {t / world_t:.3f} is "
                                    "above 1 of the world total"))
        listed = float(parts["t"].sum())
        if world_t > 0 and abs(listed - world_t) / world_t > SUPPLY_SUM_TOLERANCE:
            problems.append(Problem(world[WHERE].iloc[0], "value", f"countries plus OTHER of "
                                    f"{material}/{stage}/{year} sum to {listed:.6g} t, world "
                                    f"is {world_t:.6g} t (more than "
                                    f"{SUPPLY_SUM_TOLERANCE:.0%} apart)"))


def _check_controls(ref, problems: list[Problem]) -> None:
    controls = ref["export_controls"]
    for where, issuer, destinations in zip(controls[WHERE], controls["issuer"],
                                           controls["destinations"], strict=True):
        codes = [c for c in [issuer, *destinations.split()] if c != "ALL"]
        bad = [c for c in codes if not is_iso_country(c)]
        if bad:
            problems.append(Problem(where, "destinations", f"not ISO 3166-1 alpha-2: "
                                    f"{', '.join(bad)}"))


def _safe_factor(unit: str, target: str) -> float:
    try:
        return factor_to(unit, target)
    except UnitProblem:
        return float("nan")  # already reported by _unit_problems


def _check_assets(ref, problems: list[Problem]) -> None:
    assets = ref["supply_assets"]
    for row in assets.to_dict("records"):
        where = row[WHERE]
        if not is_iso_country(row["country"]):
            problems.append(Problem(where, "country", f"'{row['country']}' is not ISO 3166-1 "
                                    "alpha-2"))
        if not is_iso_region(row["region"]):
            problems.append(Problem(where, "region", f"'{row['region']}' is not an ISO 3166 code"))
        if row["unit"] and (message := _unit_message(row["unit"], "t", "a mass unit")):
            problems.append(Problem(where, "unit", message))


def convert_units(ref) -> None:
    """Turn every quantity into the canonical unit, once, after all checks passed."""
    for table, target in UNIT_TARGETS.items():
        frame = ref[table].copy()
        targets = (_per_driver(ref) if table == "intensities"
                   else pd.Series(target, index=frame.index))
        factors = pd.Series([factor_to(u, t) for u, t in zip(frame["unit"], targets, strict=True)],
                            index=frame.index, dtype=float)
        for col in [c for c in ("low", "mode", "high", "value") if c in frame.columns]:
            frame[col] = frame[col] * factors
        frame["unit"] = targets
        ref.tables[table] = frame
    assets = ref["supply_assets"].copy()
    assets["tonnes"] = [v * factor_to(u, "t") if u and pd.notna(v) else None
                        for v, u in zip(assets["value"], assets["unit"], strict=True)]
    ref.tables["supply_assets"] = assets
    ref.tables["projects"] = with_capex_usd(ref["projects"], ref["fx_rates"])


def with_capex_usd(frame: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    """Add `capex_usd` (converted at the announcement year's rate, or the nearest year's)."""
    yearly = fx[fx["month"].isna()] if "month" in fx else fx   # monthly rows are for news
    rates = {currency: group.set_index("year")["usd_per_unit"]
             for currency, group in yearly.groupby("currency")}
    usd = []
    for capex, currency, announced in zip(frame["capex"], frame["capex_currency"],
                                          frame["announced_date"], strict=True):
        if capex is None or capex != capex:
            usd.append(float("nan"))
        elif currency == "USD":
            usd.append(float(capex))
        else:
            by_year = rates[currency]
            year = nearest_year(by_year.index, int(str(announced)[:4]))
            usd.append(float(capex) * float(by_year.loc[year]))
    return frame.assign(capex_usd=usd)
