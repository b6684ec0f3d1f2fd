"""`layer0 run` and `layer0 export`: run a scenario into summary.json and demand.nc, print a
short table; export a finished run."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from layer0.cli import options
from layer0.cli.console import busy, narrow, out, print_table, working
from layer0.cli.console import fmt_quantiles as _fmt

run_commands = typer.Typer()

TABLE_YEARS = (2025, 2030, 2035)
TOP_MATERIALS = 8


@run_commands.command()
def run(
    scenario: str = options.SCENARIO,
    samples: int = typer.Option(2000, help="Monte-Carlo samples, 1 or more (1 = deterministic "
                                "modes); no cap but time (see --keep-samples)."),
    seed: int = options.SEED,
    sampling: str = typer.Option("mc", help="mc (plain Monte Carlo) or lhs (Latin hypercube)."),
    out_dir: Path = typer.Option(Path("layer0-out"), "--out", help="Output directory."),
    projects: Path | None = typer.Option(None, help="CSV of your own facilities (projects.csv "
                                         "columns)."),
    workers: int | None = typer.Option(None, help="Start a local Dask cluster with N worker "
                                       "processes (same numbers as in process)."),
    scheduler: str | None = typer.Option(None, help="Address of a running Dask scheduler, "
                                         "e.g. tcp://10.0.0.5:8786."),
    chunk: int | None = typer.Option(None, help="Samples per chunk (memory per worker ~ chunk "
                                     "x 2 MB for 2015-2035; default 500, 100 when the "
                                     "samples are streamed)."),
    keep_samples: bool | None = typer.Option(
        None, "--keep-samples/--no-keep-samples", help="Keep every sample in memory and in "
        "demand.nc (exact quantiles). Default: up to 5,000 samples; beyond, the samples are "
        "streamed into quantile sketches (bounded memory, any count; demand.nc holds "
        "P5/P50/P95 and each one's error bound)."),
    data_dir: Path | None = options.DATA_DIR,
    news_dir: Path | None = options.NEWS_DIR,
    database: str | None = options.DATABASE,
    no_news: bool = typer.Option(False, "--no-news", help="Leave out the projects accepted "
                                 "from the news (`layer0 review`)."),
    boundary: str = typer.Option("facility", help="Which demand the table shows: facility "
                                 "(inside the fence), campus (+ on-site generation and "
                                 "batteries) or grid (+ the dedicated grid connection). "
                                 "summary.json has all three."),
) -> None:
    """Run a scenario; write OUT/summary.json and OUT/demand.nc; print a short table.

    The registry's projects are included: yours (`layer0 projects add`), your edits of the
    built-in ones, and those accepted from the news (unless --no-news)."""
    from layer0.services.runs import RunRequest, check_boundary, run_job

    check_boundary(boundary)
    request = RunRequest(scenario, samples, seed, sampling, projects, not no_news, chunk,
                         workers, scheduler, keep_samples)
    with working() as progress:
        result = run_job(request, options.settings(data_dir, news_dir, database),
                         progress=progress, out=out_dir, for_file=True)
    _print_user_projects(result.user_projects, result.news_projects)
    _show_demand(result.summary, boundary)
    out.print(f"wrote {out_dir / 'summary.json'} and {out_dir / 'demand.nc'} "
              f"(data {result.summary['data_version']}, "
              f"layer0 {result.summary['layer0_version']})")


def _print_user_projects(ids: list[str], news: list[str]) -> None:
    if not ids:
        return
    out.print(f"including {len(ids)} project(s) of your own"
              + (f", {len(news)} of them accepted from the news: {', '.join(news)}"
                 if news else ""))


@run_commands.command()
def export(
    run_dir: Path = typer.Option(..., "--run", help="The --out folder of a `layer0 run`."),
    fmt: str = typer.Option(..., "--format", help="iamc (CSV), netcdf, parquet or xlsx."),
    out_path: Path = typer.Option(..., "--out", help="File to write."),
) -> None:
    """Export a run: IAMC long format (checked against the packaged codelist), NetCDF,
    Parquet or Excel."""
    from layer0.services.exports import export as export_run

    with busy(f"writing {out_path}"):
        written = export_run(run_dir, fmt, out_path)
    out.print(f"wrote {written}")


def _show_demand(result: dict, boundary: str = "facility") -> None:
    by = {(d["material"], d["year"]): d for d in result["demand_by_boundary"]
          if d["boundary"] == boundary}
    cumulative = {c["material"]: c for c in result.get("cumulative_demand_by_boundary", [])
                  if c["boundary"] == boundary}
    ranked = sorted(cumulative, key=lambda m: -cumulative[m]["p50"])
    ranked = [m for m in ranked if m not in ("concrete",)][:TOP_MATERIALS]
    refining = {s["material"]: s for s in result["supply"] if s["stage"] == "refining"}
    mining = {s["material"]: s for s in result["supply"] if s["stage"] == "mining"}
    # a narrow terminal gets the middle year only, each interval under its P50: names and
    # numbers are never cut
    stacked = narrow()
    years = (2030,) if stacked else TABLE_YEARS
    where = {"facility": "inside the fence", "campus": "campus incl. on-site power and "
             "batteries", "grid": "campus and grid connection"}[boundary]
    table = Table(title=f"Data-centre material demand per year, {where}, scenario "
                  f"'{result['scenario']}' (P50 (P5-P95), {result['samples']} samples"
                  + ("; 2025 and 2035 in a wider terminal or in summary.json)" if stacked
                     else ")"))
    table.add_column("material", no_wrap=True)
    for y in years:
        table.add_column(str(y), justify="right", no_wrap=True)
    table.add_column("2025-35 total", justify="right", no_wrap=True)
    table.add_column("refining HHI / China", justify="right")
    for m in ranked:
        cells = [_fmt(by[(m, y)], stacked) if (m, y) in by else "-" for y in years]
        s = refining.get(m) or mining.get(m)
        stage = "" if m in refining else " (mine)"
        conc = f"{s['hhi']:.0f} / {s['china_share']:.0%}{stage}" if s else "no data"
        table.add_row(m, *cells, _fmt(cumulative[m], stacked), conc)
    print_table(table)
    flows = {(c["material"], c["flow"]): c for c in result.get("cumulative_flows", [])}
    for m in ranked[:2]:
        if (m, "secondary") in flows:
            out.print(f"{m} 2025-35, P50 (P5-P95): " + "; ".join(
                f"{label} {_fmt(flows[(m, flow)])}" for flow, label in (
                    ("growth", "growth"), ("replacement", "replacement"),
                    ("secondary", "secondary supply"), ("primary", "primary demand"))))
    exposed = []
    for r in result["supply"]:
        china = next((c for c in r.get("exposure", {}).get("countries", [])
                      if c["country"] == "CN"), None)
        if china and r["material"] in (*ranked[:3], "gallium"):
            exposed.append(f"{r['material']} {_fmt(china['cumulative_t'])} "
                           f"({r['stage']}, China {china['share']:.0%})")
    if exposed:
        out.print("Demand 2025-35 exposed to China at the bottleneck stage, P50 (P5-P95): "
                  + "; ".join(exposed))
    cap = {c["year"]: c for c in result["capacity"]}
    out.print("IT capacity in operation (MW IT, P50): " + ", ".join(
        f"{y}: {cap[y]['p50']:,.0f}" for y in TABLE_YEARS if y in cap))
    split = {r["year"]: r for r in result.get("announced_vs_projected", [])}
    if split:
        out.print("of which announced projects (P50): " + ", ".join(
            f"{y}: {split[y]['announced']['p50']:,.0f}" for y in TABLE_YEARS if y in split)
            + "; unannounced: " + ", ".join(
            f"{y}: {split[y]['unannounced']['p50']:,.0f}" for y in TABLE_YEARS if y in split))
    where: dict[str, list] = {}
    for r in result.get("announced_excess", []):
        for region, q in r.get("regions", {}).items():
            if q["p95"] > 0:
                where.setdefault(region, []).append((r["year"], q))
    if where:
        out.print("Announcements exceed the path in " + "; ".join(
            f"{region} {rows[0][0]}-{rows[-1][0]} (up to P50 "
            f"{max(q['p50'] for _, q in rows):,.0f} MW, P95 {max(q['p95'] for _, q in rows):,.0f})"
            for region, rows in where.items())
            + ": the projects stay in, the excess is reported (announced_excess), not scaled "
            "down")
