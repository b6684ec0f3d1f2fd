"""layer0 command line: thin, calls the package functions. Exit 0 ok, 2 bad input, 1 other."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from layer0.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Metals for the AI data-centre buildout, from sourced parameters.")
data_app = typer.Typer(no_args_is_help=True, help="The packaged reference data.")
app.add_typer(data_app, name="data")
out = Console(width=150) if not sys.stdout.isatty() else Console()
err = Console(stderr=True)

TABLE_YEARS = (2025, 2030, 2035)
TOP_MATERIALS = 8


@app.command()
def run(
    scenario: str = typer.Option("default", help="Built-in scenario name or a YAML path."),
    samples: int = typer.Option(1000, help="Monte-Carlo samples (1 = deterministic modes)."),
    seed: int = typer.Option(0, help="Random seed; same seed, data and scenario = same output."),
    out_dir: Path = typer.Option(Path("layer0-out"), "--out", help="Output directory."),
    projects: Path | None = typer.Option(None, help="CSV of your own facilities (projects.csv "
                                         "columns)."),
    scheduler: str | None = typer.Option(None, help="Dask scheduler address (issue #3)."),
    data_dir: Path | None = typer.Option(None, help="Reference data folder to use instead of "
                                         "the packaged one (same files and schemas)."),
) -> None:
    """Run a scenario; write OUT/summary.json and OUT/demand.nc; print a short table."""
    from layer0.inputs import load_inputs
    from layer0.io import files, summary
    from layer0.model import engine
    from layer0.supply.concentration import concentration_table

    if scheduler:
        raise InputError("--scheduler: field: Dask scale-out is not built yet (issue #3); run "
                         "without it")
    if samples < 1 or samples > 200_000:
        raise InputError(f"--samples: field: must be between 1 and 200000, got {samples}")
    inputs = load_inputs(scenario, projects, data_dir)
    ref, scen = inputs.ref, inputs.scenario
    ds = engine.run(ref, scen, samples=samples, seed=seed, extra_projects=inputs.extra_projects)
    supply = concentration_table(ref["supply"], ref["materials"], scen.supply_year)
    result = summary.build(ds, supply, scen)
    files.write_all(out_dir, {
        "summary.json": files.write_text(summary.dumps(result)),
        "demand.nc": files.write_netcdf(files.netcdf_view(ds)),
    })
    _print_table(result)
    out.print(f"wrote {out_dir / 'summary.json'} and {out_dir / 'demand.nc'} "
              f"(data {result['data_version']}, layer0 {result['layer0_version']})")


def _print_table(result: dict) -> None:
    by = {(d["material"], d["year"]): d for d in result["demand"]}
    cumulative = {c["material"]: c for c in result.get("cumulative_demand", [])}
    ranked = sorted(cumulative, key=lambda m: -cumulative[m]["p50"])
    ranked = [m for m in ranked if m not in ("concrete",)][:TOP_MATERIALS]
    refining = {s["material"]: s for s in result["supply"] if s["stage"] == "refining"}
    mining = {s["material"]: s for s in result["supply"] if s["stage"] == "mining"}
    table = Table(title=f"Data-centre material demand per year, scenario '{result['scenario']}' "
                  f"(P50 (P5-P95), {result['samples']} samples)")
    table.add_column("material")
    for y in TABLE_YEARS:
        table.add_column(str(y), justify="right", no_wrap=True)
    table.add_column("2025-35 total", justify="right", no_wrap=True)
    table.add_column("refining HHI / China", justify="right")
    for m in ranked:
        cells = [_fmt(by[(m, y)]) if (m, y) in by else "-" for y in TABLE_YEARS]
        s = refining.get(m) or mining.get(m)
        stage = "" if m in refining else " (mine)"
        conc = f"{s['hhi']:.0f} / {s['china_share']:.0%}{stage}" if s else "no data"
        table.add_row(m, *cells, _fmt(cumulative[m]), conc)
    out.print(table)
    cap = {c["year"]: c for c in result["capacity"]}
    out.print("IT capacity in operation (MW IT, P50): " + ", ".join(
        f"{y}: {cap[y]['p50']:,.0f}" for y in TABLE_YEARS if y in cap))


def _fmt(q: dict) -> str:
    """P50 (P5-P95) in one unit chosen by the P50: t, kt or Mt."""
    scale, unit = next((f, u) for f, u in ((1e6, "Mt"), (1e3, "kt"), (1.0, "t"))
                       if q["p50"] >= f or u == "t")
    digits = 0 if q["p50"] / scale >= 100 else 1 if q["p50"] / scale >= 10 else 2
    p5, p50, p95 = (f"{q[k] / scale:,.{digits}f}" for k in ("p5", "p50", "p95"))
    return f"{p50} ({p5}-{p95}) {unit}"


@data_app.command("check")
def data_check(fmt: str = typer.Option("table", "--format", help="table or json"),
               data_dir: Path | None = typer.Option(None, help="Reference data folder to check "
                                                    "instead of the packaged one.")) -> None:
    """Validate the data package and report provenance."""
    from layer0.inputs import load_reference

    _check_format(fmt)
    ref = load_reference(data_dir)
    rows = with_source = 0
    by_quality: dict[str, int] = {}
    for frame in ref.tables.values():
        if "source_id" not in frame.columns:
            continue
        rows += len(frame)
        with_source += int((frame["source_id"].str.len() > 0).sum())
        for q, n in frame["quality"].value_counts().items():
            by_quality[q] = by_quality.get(q, 0) + int(n)
    report = {"rows": rows, "with_source": with_source, "by_quality": dict(sorted(
        by_quality.items())), "tables": len(ref.tables), "sources": len(ref["sources"]),
        "data_version": ref.version}
    if fmt == "json":
        out.print_json(json.dumps(report))
        return
    out.print(f"{report['tables']} tables, {rows} rows, {with_source} with a source "
              f"({with_source / rows:.0%}); quality: " + ", ".join(
                  f"{k} {v}" for k, v in report["by_quality"].items())
              + f"; data version {ref.version}")


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise InputError(f"--format: field: unknown format '{fmt}' (allowed: table, json)")


def main() -> None:
    """Entry point: bad input -> exit 2 with `where: field: problem`; other errors -> 1."""
    try:
        app(standalone_mode=False)
    except InputError as error:
        for line in error.problems:
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except (typer.Exit, SystemExit) as done:
        sys.exit(getattr(done, "exit_code", getattr(done, "code", 0)) or 0)
    except typer.Abort:
        sys.exit(1)
    except Exception as error:  # click usage errors carry their own exit code 2
        code = getattr(error, "exit_code", None)
        if code is not None and hasattr(error, "show"):
            error.show()
            sys.exit(code)
        err.print(f"layer0: internal error: {type(error).__name__}: {error}", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
