"""The report as a document: its sections in order (key findings first), each built from the
numbers of a `ReportData`. `html` and `pdf` render the same document."""

from __future__ import annotations

from layer0.report import figures, findings
from layer0.report.blocks import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Reference,
    References,
    Table,
)
from layer0.report.data import ReportData
from layer0.report.numbers import (
    DASH,
    mw_q,
    percent,
    percent_q,
    signed_percent,
    signed_tonnes_q,
    tonnes_q,
)
from layer0.version import __version__

MAIN = 4            # fan charts of the largest materials
CRITICAL = 6        # small multiples of the most concentrated ones
CRITICAL_SHARE = 0.5
SUPPLY_MATERIALS = 12
TABLE_YEARS = (2025, 2030, 2035)


def caption(data: ReportData, what: str) -> str:
    s = data.summary
    return (f"{what}\nScenario '{s['scenario']}', {s['samples']:,} samples, seed {s['seed']}; "
            f"data {s['data_version']}, layer0 {s['layer0_version']}.")


def critical_materials(data: ReportData, skip: list[str]) -> list[str]:
    """Materials whose bottleneck stage China holds half or more of, or that an export
    control in force covers, by HHI, largest first."""
    used = set(findings.ranked_materials(data.summary, skip=()))
    controlled = {c["material"] for c in data.controls["controls"] if c["status"] == "in_force"
                  and c["kind"] == "export_control"}
    rows = [r for r in data.summary["supply"] if r.get("bottleneck") and r["material"] in used
            and r["material"] not in skip and r.get("hhi") is not None
            and ((r.get("china_share") or 0) >= CRITICAL_SHARE or r["material"] in controlled)]
    return [r["material"] for r in sorted(rows, key=lambda r: -r["hhi"])]


BUILDOUT = "the buildout's sources (figure 'capacity')"


def _sources(data: ReportData, *topics: str) -> list[str]:
    return list(dict.fromkeys(s for t in topics for s in data.provenance.get(t, [])))


def _beyond_buildout(data: ReportData, *topics: str) -> dict:
    """Figure fields for a figure that stands on the buildout and on `topics`: the ids of
    `topics` not already among the buildout's, and a pointer to the buildout's."""
    buildout = set(_sources(data, "capacity"))
    return {"sources": [s for s in _sources(data, *topics) if s not in buildout],
            "also": BUILDOUT}


def title_block(data: ReportData) -> tuple[str, str, list[tuple[str, str]]]:
    s = data.summary
    meta = [("Scenario", str(s["scenario"])),
            ("Samples", f"{s['samples']:,} ({s.get('sampling', 'mc')})"),
            ("Seed", str(s["seed"])), ("Years", f"{s['years'][0]}{DASH}{s['years'][1]}"),
            ("Export controls on", data.day.isoformat()),
            ("Data version", str(s["data_version"])),
            ("Model version", f"layer0 {s['layer0_version']}")]
    if data.data_version != s["data_version"]:
        meta.append(("Data version of the supply answers", data.data_version))
    meta.append(("Report written by", f"layer0 {__version__}"))
    return ("Metals for AI data centres", f"Scenario '{s['scenario']}': demand, supply "
            "concentration, export controls and offtakes", meta)


def demand_section(data: ReportData) -> list[Block]:
    s = data.summary
    ranked = findings.ranked_materials(s)
    main = ranked[:MAIN]
    critical = critical_materials(data, main)[:CRITICAL]
    out: list[Block] = [Heading("Demand per year", anchor="demand")]
    cap = figures.Series.of("IT capacity in operation", s["capacity"])
    out.append(Figure(figures.fan_chart([cap], "IT capacity in operation", caption(
        data, f"World data-centre IT load in operation, MW IT (P50 line, P5{DASH}P95 band)."),
        unit="MW IT", per="", ncols=1, panel_height=2.2), "IT capacity in operation, MW of IT "
        "load.", _sources(data, "capacity"), "capacity"))
    if main:
        series = [figures.Series.of(data.name(m), findings.demand_rows(s, m)) for m in main]
        out.append(Figure(figures.fan_chart(series, "Demand of the largest materials", caption(
            data, f"Material demand of data centres, t/yr (P50 line, P5{DASH}P95 band)."),
            ), f"Annual demand of {', '.join(data.name(m).lower() for m in main)}, the largest "
            "materials by tonnage (concrete aside), in tonnes a year.",
            key="demand_main", **_beyond_buildout(data, *(f"demand:{m}" for m in main))))
    if critical:
        series = [figures.Series.of(data.name(m), findings.demand_rows(s, m)) for m in critical]
        out.append(Figure(figures.fan_chart(series, "Demand of concentrated and controlled "
                                            "materials", caption(
            data, f"Material demand of data centres, t/yr (P50 line, P5{DASH}P95 band)."),
            ncols=3, panel_height=1.9), "Annual demand of the materials whose bottleneck stage "
            f"China holds {CRITICAL_SHARE:.0%} or more of, or that an export control in force "
            "covers, in tonnes a year.",
            key="demand_critical", **_beyond_buildout(data, *(f"demand:{m}" for m in critical))))
    by = {(r["material"], r["year"]): r for r in s["demand"]}
    totals = findings.cumulative(s)
    years = [y for y in TABLE_YEARS if any(k[1] == y for k in by)]
    rows = [[data.name(m), *(tonnes_q(by[(m, y)]) if (m, y) in by else "-" for y in years),
             tonnes_q(totals[m]) if m in totals else "-"]
            for m in findings.ranked_materials(s, skip=())[:14]]
    total = next(iter(totals.values()), None)   # the summary's own period, not an assumed one
    total_head = f"{total['from']}{DASH}{total['to']} total" if total else "total"
    widths = [0.22, *[0.57 / max(1, len(years))] * len(years), 0.21]
    out.append(Table(["material", *map(str, years), total_head], rows,
                     f"Demand per year and in total, P50 (P5{DASH}P95); the total's interval "
                     "comes from summed samples.", widths,
                     numeric=tuple(range(1, len(years) + 2))))
    return out


def flows_section(data: ReportData) -> list[Block]:
    s = data.summary
    totals = findings.cumulative(s)
    if not totals:
        return []
    ranked = findings.ranked_materials(s, skip=())
    period = f"{next(iter(totals.values()))['from']}{DASH}{next(iter(totals.values()))['to']}"
    out: list[Block] = [Heading(f"Cumulative demand {period} and its flows", anchor="flows")]
    out.append(Figure(figures.interval_bars(
        [data.name(m) for m in ranked], [totals[m] for m in ranked],
        f"Cumulative demand {period}", caption(data, f"Sum of annual demand {period}, t "
                                               f"(bar P50, whisker P5{DASH}P95, log scale)."),
        f"t over {period} (log scale)"),
        f"Cumulative demand {period} per material, tonnes, log scale.",
        key="cumulative", **_beyond_buildout(data, *(f"demand:{m}" for m in ranked))))
    flows: dict[str, dict[str, dict]] = {}
    for r in s.get("cumulative_flows", []):
        flows.setdefault(r["material"], {})[r["flow"]] = r
    chosen = [m for m in findings.ranked_materials(s)[:MAIN] if m in flows]
    if chosen:
        out.append(Figure(figures.flow_bars(
            {data.name(m): flows[m] for m in chosen}, f"Growth, replacement and secondary "
            f"supply, {period}", caption(data, "growth + replacement = demand; secondary = "
                                         "retired x collection x recovery; primary = demand "
                                         "- secondary."), period),
            "Where demand comes from (growth of the stock, replacement of retired equipment) "
            "and how much scrap returns (secondary), leaving the primary demand.",
            _sources(data, *(f"recycling:{m}" for m in chosen)), "flows"))
        rows = [[data.name(m), *(tonnes_q(flows[m][f]) if f in flows[m] else "-"
                                 for f in ("growth", "replacement", "secondary", "primary"))]
                for m in findings.ranked_materials(s)[:8] if m in flows]
        out.append(Table(["material", "growth", "replacement", "secondary", "primary"], rows,
                         f"Flows summed over {period}, P50 (P5{DASH}P95).",
                         [0.2, 0.2, 0.2, 0.2, 0.2], numeric=(1, 2, 3, 4)))
    return out


def comparison_section(data: ReportData) -> list[Block]:
    c = data.comparison
    if not c:
        return []
    out: list[Block] = [Heading("Scenarios compared", anchor="scenarios")]
    # one period for the figure: the longest the comparison has (2025-2035 normally)
    longest = max(((r["from"], r["to"]) for r in c["rows"]), key=lambda p: p[1] - p[0])
    whole = [r for r in c["rows"] if (r["from"], r["to"]) == longest]
    period = f"{whole[0]['from']}{DASH}{whole[0]['to']}"
    out.append(Paragraph(
        f"Each scenario is run with the same {c['samples']:,} samples and seed {c['seed']}, so "
        f"every parameter draws the same stream and the difference from '{c['reference']}' is "
        "taken sample by sample (paired), which is much tighter than the difference of two "
        f"independent intervals. Scenarios: {', '.join(c['scenarios'])}."))
    panels = {data.name(r["material"]): r["difference"] for r in whole[:MAIN]}
    out.append(Figure(figures.difference_dots(
        panels, c["reference"], f"Paired difference from '{c['reference']}', {period}",
        caption(data, f"Cumulative demand {period} minus the reference, per sample; dot P50, "
                f"whisker P5{DASH}P95 ({c['samples']:,} samples per scenario)."), period),
        f"Paired differences of cumulative demand from '{c['reference']}'.",
        key="scenarios", **_beyond_buildout(data, *(f"demand:{r['material']}"
                                                    for r in whole[:MAIN]))))
    for r in whole[:1]:
        rows = [[name, tonnes_q(r["scenarios"][name]),
                 signed_tonnes_q(r["difference"][name]) if name in r["difference"] else "-",
                 signed_percent(r["difference"][name]["relative_p50"])
                 if name in r["difference"] else "-"] for name in c["scenarios"]]
        out.append(Table(["scenario", f"{data.name(r['material']).lower()} {period}",
                          "paired difference", "P50 change"], rows,
                         f"{data.name(r['material'])} demand {period} per scenario, P50 "
                         f"(P5{DASH}P95), and the paired difference from '{c['reference']}'.",
                         [0.22, 0.28, 0.34, 0.16], numeric=(1, 2, 3)))
    p = data.comparison_primary
    if p:
        rows = [[data.name(r["material"]), name, tonnes_q(r["scenarios"][name]),
                 signed_tonnes_q(r["difference"][name]) if name in r["difference"] else "-"]
                for r in p["rows"] if (r["from"], r["to"]) == (2025, 2035)
                for name in p["scenarios"]]
        which = p["scenarios"][1:]
        verb = "changes" if len(which) == 1 else "change"
        out.append(Table(["material", "scenario", f"primary {period}", "paired difference"],
                         rows, f"{', '.join(which)} {verb} what returns as scrap, not what is "
                         "built, so demand equals the reference's (left out above); the effect "
                         "is on primary demand (demand minus secondary supply), compared with "
                         f"the same samples: primary demand {period}, P50 (P5{DASH}P95).",
                         [0.2, 0.2, 0.3, 0.3], numeric=(2, 3)))
    return out


def supply_section(data: ReportData) -> list[Block]:
    s = data.summary
    used = findings.ranked_materials(s)[:MAIN]
    proxies = {r["material"] for r in s["supply"] if r.get("proxy")}
    chosen = [m for m in dict.fromkeys(used + critical_materials(data, used))
              if m not in proxies][:SUPPLY_MATERIALS]
    bars = []
    for m in chosen:
        for record in data.concentration.get(m, []):
            if record.get("shares") and not record.get("proxy"):
                bars.append((f"{data.name(m)} \u00b7 {record['stage']} {record['year']}",
                             record["shares"], record.get("hhi")))
    out: list[Block] = [Heading("Supply concentration", anchor="supply")]
    if bars:
        out.append(Figure(figures.share_bars(bars, "Where the materials are mined and refined",
                                             caption(data, "USGS production shares by country "
                                                     "and stage (latest data year); HHI of the "
                                                     "named countries (0-10,000).")),
                          "Shares of world production by country and stage.",
                          _sources(data, *(f"supply:{m}" for m in chosen)), "supply"))
    rows = []
    for r in s["supply"]:
        if r["material"] not in chosen or r.get("hhi") is None or r.get("proxy"):
            continue
        china = next((c for c in r.get("exposure", {}).get("countries", [])
                      if c["country"] == "CN"), None)
        rows.append([data.name(r["material"]), r["stage"] + (" *" if r.get("bottleneck") else ""),
                     f"{r['hhi']:,.0f}", f"{r['top_country']} {percent(r['top_share'])}",
                     percent(r["china_share"]),
                     tonnes_q(china["cumulative_t"]) if china else "-"])
    exposed = next((c["cumulative_t"] for r in s["supply"]
                    for c in r.get("exposure", {}).get("countries", [])), None)
    period = (f" {exposed['from']}{DASH}{exposed['to'] % 100:02d}"
              if exposed and "from" in exposed else "")
    out.append(Table(["material", "stage", "HHI", "top country", "China",
                      f"demand{period} exposed to China"], rows,
                     "Concentration by stage (* the bottleneck stage, the highest HHI); the "
                     "exposed demand is the run's demand at the bottleneck stage times "
                     "China's sampled share.", [0.18, 0.14, 0.1, 0.16, 0.1, 0.32],
                     numeric=(2, 3, 4, 5)))
    return out


def controls_section(data: ReportData) -> list[Block]:
    rows = data.controls["controls"]
    out: list[Block] = [Heading(f"Export controls on {data.controls['date']}", anchor="controls")]
    if not rows:
        out.append(Paragraph("No export control on a data-centre material is known on this "
                             "date in the reference data."))
        return out
    exports = [c for c in rows if c["kind"] == "export_control"]
    trade = [c for c in rows if c not in exports]
    if exports:  # the timeline shows export controls; trade measures are listed after them
        out.append(Figure(figures.control_timeline(exports, data.day, "Export controls on "
                                                   "data-centre materials", caption(
            data, "From the date each control took effect to its end or the report date.")),
            f"Export controls known on {data.controls['date']}.", _sources(data, "controls"),
            "controls"))
    for chosen, what in ((exports, "Each export control"), (trade, "Each trade measure "
                                                            "(tariffs, sales rules; to = the "
                                                            "importing market)")):
        if chosen:
            out.append(Table(
                ["material", "by", "measure", "control", "to", "effective", "status", "source"],
                [[data.name(c["material"]), c["issuer"], c["instrument"], c["control"],
                  c["destinations"], c["effective"], c["status"].replace("_", " "),
                  c["source"]["id"]] for c in chosen],
                f"{what} as it applies to each material, with its status on the report date "
                "(proposed: announced as possible, not decided).",
                [0.12, 0.05, 0.28, 0.11, 0.06, 0.12, 0.08, 0.18]))
    return out


def coverage_section(data: ReportData) -> list[Block]:
    if not data.coverage:
        return []
    first = data.coverage[0].answer
    out: list[Block] = [Heading("Offtakes against facilities", anchor="coverage")]
    out.append(Figure(figures.coverage_bars(
        [c.label.replace(" (", "\n(") for c in data.coverage],
        [c.answer["covered_share"] for c in data.coverage],
        f"What {first['supply_t']:,.0f} t of {first['material']} covers", caption(
            data, f"Supply / the facility's first-fill {first['material']} demand, per sample; "
            f"bar P50, whisker P5{DASH}P95 ({first['samples']:,} samples).")),
        first["basis"][:1].upper() + first["basis"][1:] + ".", _sources(data, "coverage"),
        "coverage"))
    rows = [[c.label, mw_q(c.answer["facility"]["capacity_mw_it"]),
             tonnes_q(c.answer["facility_demand_t"]), percent_q(c.answer["covered_share"]),
             mw_q(c.answer["covered_mw"])] for c in data.coverage]
    out.append(Table(["facility", "MW IT", f"{first['material']} needed", "covered",
                      "MW covered"], rows, f"P50 (P5{DASH}P95) over {first['samples']:,} "
                     "samples of the intensity (and of the project's MW).",
                     [0.3, 0.17, 0.19, 0.17, 0.17], numeric=(1, 2, 3, 4)))
    return out


def sources_section(data: ReportData, used: list[Figure]) -> list[Block]:
    s = data.summary
    out: list[Block] = [Heading("Assumptions and sources", anchor="sources")]
    out.append(Paragraph(
        f"Every number comes from the reference data (version {s['data_version']}; each row "
        f"names a source and a quality tag) through the layer0 {s['layer0_version']} model: "
        "announced campuses and a top-down electricity path become IT capacity; a stock model "
        "with component lifetimes turns capacity into component inflows (growth and "
        "replacement) and outflows; a bill of materials per MW gives tonnes per material; "
        f"Monte-Carlo sampling ({s['samples']:,} samples, seed {s['seed']}) gives P5/P50/P95. "
        "Intervals of sums come from summing samples, never from adding percentiles. Masses "
        "are metric tonnes; capacity is MW of IT load."))
    out += [Paragraph(n) for n in data.notes]
    out.append(Heading("Sources behind each figure", level=2))
    out.append(Table(["figure", "sources"],
                     [[f"{i}. {f.key}", "; ".join(p for p in (", ".join(f.sources), f.also)
                                                  if p) or "-"]
                      for i, f in enumerate(used, 1)], "", [0.18, 0.82]))
    materials = findings.ranked_materials(s, skip=())[:14]
    out.append(Heading("Sources behind each material", level=2))
    out.append(Table(["material", "intensities", "recycling", "supply shares"],
                     [[data.name(m), *(", ".join(data.provenance.get(f"{t}:{m}", [])) or "-"
                                       for t in ("demand", "recycling", "supply"))]
                      for m in materials], "", [0.16, 0.34, 0.25, 0.25]))
    out.append(Heading("Bibliography", level=2))
    out.append(References([Reference(k, **v) for k, v in sorted(data.sources.items())]))
    return out


def build(data: ReportData) -> Document:
    """The whole report, key findings first."""
    title, subtitle, meta = title_block(data)
    blocks: list[Block] = [Heading("Key findings", anchor="findings"),
                           Bullets(findings.key_findings(data)), PageBreak()]
    for section in (demand_section, flows_section, comparison_section, supply_section,
                    controls_section, coverage_section):
        part = section(data)
        if part:
            blocks += [*part, PageBreak()]
    used = [b for b in blocks if isinstance(b, Figure)]
    blocks += sources_section(data, used)
    s = data.summary
    footer = (f"layer0 report \u00b7 scenario {s['scenario']} \u00b7 data {s['data_version']} "
              f"\u00b7 layer0 {s['layer0_version']}")
    return Document(title, subtitle, meta, blocks, footer)
