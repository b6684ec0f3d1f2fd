"""Key findings: sentences built from the numbers of a report, never from fixed text with
numbers in it. Each function returns its sentence, or None when the data do not hold what it
needs (a run without copper, a period the run does not cover)."""

from __future__ import annotations

from collections.abc import Callable

from layer0.report.data import ReportData
from layer0.report.numbers import (
    mw,
    percent,
    percent_q,
    signed_tonnes_q,
    tonnes,
    tonnes_q,
)

LEAD = "copper"
AGGREGATES = ("concrete",)          # heavy and local: shown, but not the headline material
GROWTH_FLOOR_T = 1.0                # a material needs this much 2025 demand for a growth ratio


def demand_rows(summary: dict, material: str) -> list[dict]:
    return sorted((r for r in summary["demand"] if r["material"] == material),
                  key=lambda r: r["year"])


def cumulative(summary: dict) -> dict[str, dict]:
    return {r["material"]: r for r in summary.get("cumulative_demand", [])}


def ranked_materials(summary: dict, skip: tuple[str, ...] = AGGREGATES) -> list[str]:
    """Materials by their cumulative P50 (2025-2035), largest first, without `skip`."""
    totals = cumulative(summary)
    if not totals:  # a run that does not cover the period: the last year instead
        last = summary["years"][-1]
        totals = {r["material"]: r for r in summary["demand"] if r["year"] == last}
    return [m for m in sorted(totals, key=lambda m: -totals[m]["p50"])
            if m not in skip and totals[m]["p50"] > 0]


def period_text(record: dict) -> str:
    return f"{record['from']}\u2013{record['to']}"


def lead_cumulative(data: ReportData) -> str | None:
    c = cumulative(data.summary).get(LEAD)
    if c is None:
        return None
    return (f"Data centres need {tonnes_q(c)} of {data.name(LEAD).lower()} in total over "
            f"{period_text(c)} in the '{data.scenario}' scenario (P50, with the P5\u2013P95 "
            f"interval of the summed samples in brackets).")


def lead_year(data: ReportData, year: int = 2030) -> str | None:
    rows = {r["year"]: r for r in demand_rows(data.summary, LEAD)}
    if year not in rows:
        return None
    text = f"In {year} alone {data.name(LEAD).lower()} demand is {tonnes_q(rows[year])} a year"
    start = rows.get(2025)
    if start and start["p50"] > 0:
        text += (f", {rows[year]['p50'] / start['p50']:.1f} times the 2025 P50 of "
                 f"{tonnes(start['p50'])}")
    return text + "."


def by_tonnage(data: ReportData) -> str | None:
    totals = cumulative(data.summary)
    ranked = ranked_materials(data.summary)
    if len(ranked) < 3 or not totals:
        return None
    first, second, third = ranked[:3]
    heavy = [m for m in AGGREGATES if m in totals and totals[m]["p50"] > 0]
    aside = (f" ({', '.join(data.name(m).lower() for m in heavy)} aside: "
             f"{', '.join(tonnes(totals[m]['p50']) for m in heavy)})") if heavy else ""
    return (f"By tonnage {data.name(first).lower()} leads with {tonnes_q(totals[first])} over "
            f"{period_text(totals[first])}, followed by {data.name(second).lower()} "
            f"({tonnes(totals[second]['p50'])}) and {data.name(third).lower()} "
            f"({tonnes(totals[third]['p50'])}){aside}.")


def growth_leader(summary: dict, base_year: int = 2025) -> tuple[str, dict, dict] | None:
    """The material whose annual P50 demand grows most from `base_year` to its highest later
    year: (material, base row, peak row)."""
    best = None
    for material in ranked_materials(summary, skip=()):
        rows = [r for r in demand_rows(summary, material) if r["year"] >= base_year]
        if not rows or rows[0]["year"] != base_year or rows[0]["p50"] < GROWTH_FLOOR_T:
            continue
        peak = max(rows, key=lambda r: r["p50"])
        ratio = peak["p50"] / rows[0]["p50"]
        if best is None or ratio > best[0]:
            best = (ratio, material, rows[0], peak)
    return None if best is None else best[1:]


def fastest_growth(data: ReportData) -> str | None:
    found = growth_leader(data.summary)
    if found is None:
        return None
    material, start, peak = found
    if peak["year"] == start["year"]:
        return None
    return (f"Annual demand grows fastest for {data.name(material).lower()}: from "
            f"{tonnes(start['p50'])} in {start['year']} to {tonnes_q(peak)} in "
            f"{peak['year']} ({peak['p50'] / start['p50']:.1f} times, P50).")


def flows_split(data: ReportData, material: str = LEAD) -> str | None:
    flows = {r["flow"]: r for r in data.summary.get("cumulative_flows", [])
             if r["material"] == material}
    if not all(k in flows for k in ("growth", "replacement", "secondary", "primary")):
        return None
    return (f"Of that {data.name(material).lower()} over {period_text(flows['growth'])}, the "
            f"growth of the stock takes {tonnes_q(flows['growth'])} and the replacement of "
            f"retired equipment {tonnes_q(flows['replacement'])}; scrap from retired "
            f"equipment returns {tonnes_q(flows['secondary'])}, leaving a primary demand of "
            f"{tonnes_q(flows['primary'])}.")


def most_concentrated(data: ReportData) -> dict | None:
    """The bottleneck record (each material's most concentrated stage, the one its exposure
    is computed at) with the highest HHI among the materials the run uses; proxy rows (a
    stand-in material's shares) are left out, as in the concentration table."""
    used = set(ranked_materials(data.summary, skip=()))
    rows = [r for r in data.summary["supply"] if r["material"] in used and not r.get("proxy")
            and r.get("hhi") is not None and r.get("china_share") is not None]
    bottlenecks = [r for r in rows if r.get("bottleneck")] or rows
    return max(bottlenecks, key=lambda r: r["hhi"]) if bottlenecks else None


def concentration(data: ReportData) -> str | None:
    top = most_concentrated(data)
    if top is None:
        return None
    verb = "refines" if top["stage"] == "refining" else "mines"
    text = (f"Supply is most concentrated for {data.name(top['material']).lower()}: China "
            f"{verb} {percent(top['china_share'])} of the world's "
            f"{data.name(top['material']).lower()} ({top['year']} data, HHI "
            f"{top['hhi']:,.0f} of 10,000)")
    china = next((c for c in top.get("exposure", {}).get("countries", [])
                  if c["country"] == "CN"), None)
    if china:
        text += (f"; {tonnes_q(china['cumulative_t'])} of the data centres' demand over "
                 f"{period_text(china['cumulative_t'])} is exposed to it")
    lead = next((r for r in data.summary["supply"]
                 if r["material"] == LEAD and r["stage"] == "refining"), None)
    if lead and lead["material"] != top["material"] and lead.get("china_share") is not None:
        text += (f". For comparison, China refines {percent(lead['china_share'])} of the "
                 f"world's {data.name(LEAD).lower()}")
    return text + "."


def offtake(data: ReportData) -> str | None:
    if not data.coverage:
        return None
    first = data.coverage[0].answer
    supply = first["supply"]
    name = supply["asset"]["name"] if supply.get("asset") else "the supply"
    text = (f"{name} ({first['supply_t']:,.0f} t of {first['material']} over "
            f"{supply['years']:g} years) covers {percent_q(first['covered_share'])} of the "
            f"{tonnes_q(first['facility_demand_t'])} of {first['material']} that "
            f"{data.coverage[0].label} needs to be built, enough for "
            f"{mw(first['covered_mw']['p50'])} of IT load")
    for other in data.coverage[1:]:
        text += (f"; against {other.label} it covers "
                 f"{percent_q(other.answer['covered_share'])}")
    return text + "."


def controls(data: ReportData) -> str | None:
    rows = [c for c in data.controls["controls"] if c["status"] == "in_force"
            and c["kind"] == "export_control"]  # tariffs are trade measures
    if not rows:
        return (f"No export control on a data-centre material is in force on "
                f"{data.controls['date']} in the reference data.")
    instruments = {(c["issuer"], c["instrument"]) for c in rows}
    materials = sorted({c["material"] for c in rows})
    issuers: dict[str, int] = {}
    for c in rows:
        issuers[c["issuer"]] = issuers.get(c["issuer"], 0) + 1
    by = ", ".join(f"{k} {v}" for k, v in sorted(issuers.items(), key=lambda kv: -kv[1]))
    return (f"On {data.controls['date']}, {len(rows)} export controls from "
            f"{len(instruments)} instruments are in force on {len(materials)} data-centre "
            f"materials ({', '.join(data.name(m).lower() for m in materials)}); by issuer: {by}.")


def scenarios(data: ReportData, material: str = LEAD) -> str | None:
    comparison = data.comparison
    if not comparison:
        return None
    rows = [r for r in comparison["rows"] if r["material"] == material
            and (r["from"], r["to"]) == (2025, 2035)]
    if not rows or not rows[0]["difference"]:
        return None
    diff = rows[0]["difference"]
    high = max(diff, key=lambda n: diff[n]["p50"])
    low = min(diff, key=lambda n: diff[n]["p50"])
    return (f"Against '{comparison['reference']}', the '{high}' scenario changes "
            f"{data.name(material).lower()} demand over 2025\u20132035 by "
            f"{signed_tonnes_q(diff[high])} and '{low}' by {signed_tonnes_q(diff[low])} "
            f"(paired differences, {comparison['samples']} samples).")


def capacity(data: ReportData) -> str | None:
    cap = {r["year"]: r for r in data.summary["capacity"]}
    if 2025 not in cap or data.summary["years"][-1] not in cap:
        return None
    last = data.summary["years"][-1]
    return (f"IT capacity in operation grows from {mw(cap[2025]['p50'])} in 2025 to "
            f"{mw(cap[last]['p50'])} in {last} (P50, MW of IT load).")


FINDINGS: tuple[Callable[[ReportData], str | None], ...] = (
    lead_cumulative, lead_year, flows_split, by_tonnage, fastest_growth, concentration,
    offtake, controls, scenarios, capacity)


def key_findings(data: ReportData) -> list[str]:
    """The report's key findings, in order; those the data cannot support are left out."""
    return [s for s in (f(data) for f in FINDINGS) if s]
