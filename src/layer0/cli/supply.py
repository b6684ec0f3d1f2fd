"""The supply-side commands: supply, controls, risk, disrupt, coverage, new-supply.

Thin: each passes its options to `layer0.services.supply` and prints a table or JSON.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from layer0 import limits
from layer0.cli import options
from layer0.cli.console import (
    fmt_quantiles,
    fmt_ratio,
    fmt_share,
    narrow,
    out,
    print_json,
    print_table,
    working,
)
from layer0.limits import shown

supply_commands = typer.Typer()
DEFAULT_SAMPLES = 2000

_FORMAT = options.FORMAT
_DATA_DIR = options.DATA_DIR
_SCENARIO = options.SCENARIO
_SAMPLES = typer.Option(DEFAULT_SAMPLES, help=options.SAMPLES_HELP)
_SEED = options.SEED


def _emit(payload, fmt: str, table) -> None:
    if fmt == "json":
        print_json(payload)
    else:
        table(payload)


@supply_commands.command()
def supply(material: str = typer.Option(..., help="Material id, e.g. copper, gallium."),
           stage: str | None = typer.Option(None, help="mining or refining (default: both)."),
           year: int | None = typer.Option(None, help="Data year (the latest at or before it; "
                                           "default 2024)."),
           fmt: str = _FORMAT, data_dir: Path | None = _DATA_DIR) -> None:
    """Who mines and refines a material: shares by country, HHI, top country, China."""
    from layer0.services.supply import concentration

    options.check_format(fmt)
    result = concentration(material, stage, year, options.settings(data_dir))

    def table(payload):
        for r in payload if isinstance(payload, list) else [payload]:
            out.print(f"{r['material']} {r['stage']} {r['year']}"
                      + (f" (table of {r['proxy']})" if "proxy" in r else "")
                      + f": HHI {r['hhi']:,.0f}, top {r['top_country']} {r['top_share']:.0%}, "
                      f"China {r['china_share']:.0%}")
            t = Table()
            t.add_column("country")
            t.add_column("share", justify="right")
            for s in r["shares"]:
                t.add_row(s["country"], f"{s['share']:.1%}")
            print_table(t)
            for o in r.get("observations", []):
                out.print(f"  reported in the news: {o['holder'] or 'unnamed'} "
                          f"{o['share_pct']:g}% of {r['stage']} ({o['date'] or 'undated'}, "
                          f"{o['source_id']}); beside, not instead of, the USGS shares")
    _emit(result, fmt, table)


@supply_commands.command()
def controls(day: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default "
                                            "today)."),
             material: str | None = typer.Option(None, help="Only this material."),
             destination: str | None = typer.Option(None, help="Only measures that apply to "
                                                    "exports to this country (e.g. US)."),
             fmt: str = _FORMAT, data_dir: Path | None = _DATA_DIR) -> None:
    """Export controls and trade measures on data-centre materials known on a date, with
    their status (proposed: announced as possible, not decided)."""
    from layer0.services.supply import controls as controls_known

    options.check_format(fmt)
    payload = controls_known(day, material, destination, options.settings(data_dir))

    def table(p):
        t = Table(title=f"Export controls and trade measures on data-centre materials known "
                  f"on {p['date']}")
        for col in ("material", "issuer", "measure", "control", "to", "status"):
            t.add_column(col, no_wrap=col in ("material", "issuer"), overflow="fold")
        for r in p["controls"]:
            status = r["status"] + (f" until {r['suspended_until']}" if r["status"] ==
                                    "suspended" else "")
            if "suspension_lapsed" in r:
                status += " (suspension lapsed; check for an extension)"
            t.add_row(r["material"], r["issuer"], r["instrument"], r["control"],
                      r["destinations"], status)
        print_table(t)
    _emit(payload, fmt, table)


@supply_commands.command()
def risk(material: str | None = typer.Option(None, help="One material (default: all)."),
         year: int = typer.Option(2024, help="Supply data year."),
         fmt: str = _FORMAT, data_dir: Path | None = _DATA_DIR) -> None:
    """EU-style supply-risk index where its inputs exist; missing inputs named."""
    from layer0.services.supply import risk as risk_index

    options.check_format(fmt)
    rows = risk_index(material, year, options.settings(data_dir))

    def table(p):
        t = Table(title="Supply risk (EU formula, global sourcing; EU 2023 beside it)")
        stacked = narrow()   # the missing inputs go under the table, so the numbers fit
        columns = ("material", "stage", "HHI-WGI", "EoL-RIR", "SI_SR", "SR", "EU 2023 SR",
                   *(() if stacked else ("missing",)))
        for col in columns:
            t.add_column(col, justify="left" if col in ("material", "stage", "missing")
                         else "right", no_wrap=col != "missing", overflow="fold")
        gaps = {}
        for r in p:
            i = r["inputs"]
            stage = r.get("stage", "-") + ("*" if "stage_differs" in r else "")
            gaps[r["material"]] = ", ".join(k for k in r["missing"] if k not in (
                "hhi_wgi_eu_sourcing", "trade_parameter")) or (
                "" if r["complete"] else "some governance scores")
            t.add_row(r["material"], stage, _num(i["hhi_wgi_global"]),
                      _num(i["eol_rir_pct"], "%"), _num(i["si_sr"]), _num(r["supply_risk"]),
                      _num((r.get("eu_2023") or {}).get("supply_risk")),
                      *(() if stacked else (gaps[r["material"]],)))
        print_table(t)
        if stacked and any(gaps.values()):
            out.print("missing: " + "; ".join(f"{m}: {g}" for m, g in gaps.items() if g))
        out.print("Computed at the EU's stage where layer0 has its shares; * = the EU rates "
                  "the other stage. Always missing: EU sourcing mix and trade parameters "
                  "(docs/method.md).")
    _emit(rows, fmt, table)


def _num(v, suffix="") -> str:
    return "-" if v is None else f"{v:g}{suffix}"


@supply_commands.command()
def disrupt(material: str = typer.Option(..., help="Material id."),
            country: str = typer.Option(..., help="ISO 3166-1 alpha-2 code, e.g. CN."),
            stage: str = typer.Option(..., help="mining or refining."),
            start: int = typer.Option(..., "--from", help="First year of the disruption."),
            end: int = typer.Option(..., "--to", help="Last year of the disruption."),
            fraction: float = typer.Option(1.0, help="Share of the country's supply lost "
                                           "(0-1; 1 = a full stop)."),
            stockpile_months: float = typer.Option(0.0, help="Stockpile, in months of the "
                                                   "first year's data-centre demand."),
            recycling: bool = typer.Option(False, help="Count the fleet's own secondary "
                                           "supply against the loss."),
            region: str | None = typer.Option(None, help="Model region whose demand is hit "
                                              "(e.g. US); default world."),
            flow: str = typer.Option("embedded", help="embedded (the metal in what is built) "
                                     "or manufacturing_input (the metal consumed making it: "
                                     "fab, epitaxy and wafer losses)."),
            samples: int = _SAMPLES, seed: int = _SEED, scenario: str = _SCENARIO,
            fmt: str = _FORMAT, data_dir: Path | None = _DATA_DIR) -> None:
    """Data-centre demand left unmet when a country's supply at a stage stops."""
    from layer0.services.supply import disrupt as disruption

    options.check_format(fmt)
    with working() as progress:
        result = disruption(material, country, stage, start, end, fraction, stockpile_months,
                            recycling, region, samples, seed, scenario,
                            options.settings(data_dir), progress, flow)

    def table(p):
        out.print(f"{p['country']} {p['stage']} of {p['material']} "
                  + ("stops" if p["fraction"] == 1 else f"falls by {p['fraction']:.0%}")
                  + f", {p['from']}-{p['to']}, {p['region']} data-centre demand "
                  + ("(embedded)" if p["flow"] == "embedded" else "(manufacturing input)")
                  + "; "
                  f"stockpile {p['stockpile_months']:g} months; recycling "
                  f"{'on' if p['recycling'] else 'off'}. P50 (P5-P95), {p['samples']} samples")
        t = Table()
        stacked = narrow()
        for col in ("year", "demand", "lost", "unmet", "unmet share"):
            t.add_column(col, justify="right", no_wrap=True)
        for y in [*p["by_year"], {"year": "total", **p}]:
            t.add_row(str(y["year"]), *(fmt_quantiles(y[k], stacked) for k in
                                        ("demand_t", "lost_t", "unmet_t")),
                      fmt_share(y["unmet_share"], stacked))
        print_table(t)
        if "note" in p:
            out.print(p["note"])
    _emit(result, fmt, table)


@supply_commands.command()
def coverage(material: str = typer.Option(..., help="Material id."),
             asset: str | None = typer.Option(None, help="A supply_assets.csv id."),
             quantity_t: float | None = typer.Option(None, help="Tonnes of supply "
                                                     f"(0-{shown(limits.TONNES.high)})."),
             years: float | None = typer.Option(None, help="Years the supply is spread over "
                                                f"(up to {shown(limits.PERIOD_YEARS.high)})."),
             facility: str | None = typer.Option(None, help="A projects.csv id, e.g. "
                                                 "stargate-abilene."),
             capacity_mw: float | None = typer.Option(None, help="MW of IT load (up to "
                                                      f"{shown(limits.SITE_MW.high)} for one "
                                                      "site)."),
             archetype: str | None = typer.Option(None, help="With --capacity-mw: "
                                                  "hyperscale_ai, hyperscale_cloud, "
                                                  "colocation or enterprise."),
             scope: str = typer.Option("facility", help="facility (inside the fence) or "
                                       "with_grid."),
             samples: int = _SAMPLES, seed: int = _SEED, scenario: str = _SCENARIO,
             fmt: str = _FORMAT, data_dir: Path | None = _DATA_DIR) -> None:
    """Does a supply asset or offtake cover a facility's material? How many MW does it cover?"""
    from layer0.services.supply import coverage as covered

    options.check_format(fmt)
    result = covered(material, asset, quantity_t, years, facility, capacity_mw, archetype,
                     scope, samples, seed, scenario, options.settings(data_dir))

    def table(p):
        f, s = p["facility"], p["supply"]
        what = s["asset"]["name"] if s["asset"] else "the given quantity"
        where = f["id"] or f"{f['capacity_mw_it']['p50']:,.0f} MW IT {f['archetype']}"
        out.print(f"{p['material']}: {p['supply_t']:,.0f} t from {what} over {s['years']:g} "
                  f"years vs {where} ({f['scope']}), P50 (P5-P95), {p['samples']} samples")
        out.print(f"  facility needs {fmt_quantiles(p['facility_demand_t'])} "
                  f"({p['intensity_t_per_mw_it']['p50']:.3g} t/MW IT at P50)")
        out.print(f"  covered share  {fmt_share(p['covered_share'])}")
        q = p["covered_mw"]
        out.print(f"  covers {q['p50']:,.0f} ({q['p5']:,.0f}-{q['p95']:,.0f}) MW IT")
    _emit(result, fmt, table)


@supply_commands.command("new-supply")
def new_supply(material: str = typer.Option("copper", help="Material id."),
               region: str = typer.Option("US", help="Model region (e.g. US)."),
               samples: int = _SAMPLES, seed: int = _SEED, scenario: str = _SCENARIO,
               fmt: str = _FORMAT, data_dir: Path | None = _DATA_DIR) -> None:
    """Scheduled new mine supply in a region vs that region's data-centre demand."""
    from layer0.services.supply import new_supply as new_mine_supply

    options.check_format(fmt)
    with working() as progress:
        result = new_mine_supply(material, region, samples, seed, scenario,
                                 options.settings(data_dir), progress)

    def table(p):
        t = Table(title=f"New {p['region']} {p['material']} mine supply vs {p['region']} "
                  f"data-centre demand (P50 (P5-P95))")
        stacked = narrow()
        for col in ("year", "new supply", "DC demand", "supply / demand"):
            t.add_column(col, justify="right", no_wrap=True)
        for y in p["by_year"]:
            t.add_row(str(y["year"]), f"{y['new_supply_t']:,.0f} t",
                      fmt_quantiles(y["dc_demand_t"], stacked),
                      fmt_ratio(y["supply_over_demand"], stacked))
        print_table(t)
        out.print("counted: " + "; ".join(f"{a['name']} from {a['start_year']}"
                                          for a in p["counted_assets"]))
        out.print("not scheduled: " + "; ".join(a["name"] for a in p["unscheduled_assets"]))
    _emit(result, fmt, table)
