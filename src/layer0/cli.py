"""layer0 command line: thin, calls the package functions. Exit 0 ok, 2 bad input, 1 other."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from layer0.console import check_format as _check_format
from layer0.console import err, out
from layer0.console import fmt_quantiles as _fmt
from layer0.errors import InputError
from layer0.news_cli import news_commands
from layer0.scenario_cli import compare_app, scenarios_app
from layer0.supply_cli import supply_commands

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Metals for the AI data-centre buildout, from sourced parameters.")
data_app = typer.Typer(no_args_is_help=True, help="The packaged reference data.")
app.add_typer(data_app, name="data")
app.add_typer(supply_commands)
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(compare_app)
app.add_typer(news_commands)

TABLE_YEARS = (2025, 2030, 2035)
TOP_MATERIALS = 8


MAX_SAMPLES = 200_000


@app.command()
def run(
    scenario: str = typer.Option("base", help="Built-in scenario name or a YAML path."),
    samples: int = typer.Option(2000, help="Monte-Carlo samples (1 = deterministic modes)."),
    seed: int = typer.Option(0, help="Random seed; same seed, data and scenario = same output."),
    sampling: str = typer.Option("mc", help="mc (plain Monte Carlo) or lhs (Latin hypercube)."),
    out_dir: Path = typer.Option(Path("layer0-out"), "--out", help="Output directory."),
    projects: Path | None = typer.Option(None, help="CSV of your own facilities (projects.csv "
                                         "columns)."),
    workers: int | None = typer.Option(None, help="Start a local Dask cluster with N worker "
                                       "processes (same numbers as in process)."),
    scheduler: str | None = typer.Option(None, help="Address of a running Dask scheduler, "
                                         "e.g. tcp://10.0.0.5:8786."),
    chunk: int = typer.Option(500, help="Samples per chunk (memory per worker ~ chunk x 0.4 MB "
                              "for 2015-2035)."),
    data_dir: Path | None = typer.Option(None, help="Reference data folder to use instead of "
                                         "the packaged one (same files and schemas)."),
    news_dir: Path | None = typer.Option(None, envvar="LAYER0_NEWS_DIR", help="Folder of the "
                                         "news candidates (default: your user data folder)."),
    no_news: bool = typer.Option(False, "--no-news", help="Leave out the accepted news "
                                 "projects (`layer0 review`)."),
) -> None:
    """Run a scenario; write OUT/summary.json and OUT/demand.nc; print a short table.

    Projects you accepted with `layer0 review --accept` are included (unless --no-news)."""
    from layer0.inputs import load_inputs
    from layer0.io import files, summary
    from layer0.model import engine
    from layer0.supply.exposure import supply_section

    if samples < 1 or samples > MAX_SAMPLES:
        raise InputError(f"--samples: field: must be between 1 and {MAX_SAMPLES}, got {samples}")
    _check_chunk(chunk)
    from layer0.registry.candidates import default_dir

    news = None if no_news else (news_dir or default_dir())
    inputs = load_inputs(scenario, projects, data_dir, news)
    ref, scen = inputs.ref, inputs.scenario
    _print_user_projects(inputs.extra_projects)
    plan = engine.plan(ref, scen, samples, seed, inputs.extra_projects, sampling)
    with _executor(workers, scheduler) as executor:
        ds = engine.to_dataset(plan, engine.assemble(plan, executor, chunk))
    supply = supply_section(ref, ds, scen.supply_year, seed)
    result = summary.build(ds, supply, scen)
    files.write_all(out_dir, {
        "summary.json": files.write_text(summary.dumps(result)),
        "demand.nc": files.write_netcdf(files.netcdf_view(ds)),
    })
    _print_table(result)
    out.print(f"wrote {out_dir / 'summary.json'} and {out_dir / 'demand.nc'} "
              f"(data {result['data_version']}, layer0 {result['layer0_version']})")


def _print_user_projects(extra) -> None:
    if extra is None:
        return
    news = extra[extra["source_id"].astype(str).str.startswith("news:")]
    out.print(f"including {len(extra)} project(s) of your own"
              + (f", {len(news)} of them accepted from the news: {', '.join(news['id'])}"
                 if len(news) else ""))


@app.command()
def export(
    run_dir: Path = typer.Option(..., "--run", help="The --out folder of a `layer0 run`."),
    fmt: str = typer.Option(..., "--format", help="iamc (CSV), netcdf, parquet or xlsx."),
    out_path: Path = typer.Option(..., "--out", help="File to write."),
) -> None:
    """Export a run: IAMC long format (checked against the packaged codelist), NetCDF,
    Parquet or Excel."""
    from layer0.io.export import export as export_run

    written = export_run(run_dir, fmt, out_path)
    out.print(f"wrote {written}")


@app.command()
def sensitivity(
    output: str = typer.Option("copper", help="MATERIAL (cumulative demand) or FLOW:MATERIAL, "
                               "FLOW one of demand, growth, replacement, secondary, primary."),
    samples: int = typer.Option(512, help="Sobol' base samples N (a power of 2); the model "
                                "runs N x (groups + 2) times."),
    seed: int = typer.Option(0, help="Random seed of the Sobol' sequence."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
    scenario: str = typer.Option("base", help="Built-in scenario name or a YAML path."),
    workers: int | None = typer.Option(None, help="Local Dask cluster with N workers."),
    scheduler: str | None = typer.Option(None, help="Address of a running Dask scheduler."),
    data_dir: Path | None = typer.Option(None, help="Reference data folder to use instead of "
                                         "the packaged one."),
) -> None:
    """Rank the parameter groups that drive an output by their Sobol' total index."""
    from layer0.inputs import load_inputs
    from layer0.sensitivity import OutputSpec, sobol

    _check_format(fmt)
    if samples < 8 or samples > 65_536 or samples & (samples - 1):
        raise InputError(f"--samples: field: must be a power of 2 between 8 and 65536, "
                         f"got {samples}")
    inputs = load_inputs(scenario, None, data_dir)
    spec = OutputSpec.parse(output, inputs.ref, inputs.scenario)
    with _executor(workers, scheduler) as executor:
        rows = sobol(inputs.ref, inputs.scenario, spec, samples, seed, executor)
    if fmt == "json":
        out.print_json(json.dumps(rows))
        return
    table = Table(title=f"Sobol' indices of {spec.label} ({samples} x {len(rows) + 2} runs), "
                  f"ranked by total index")
    for col in ("group", "S1", "S1 conf", "ST", "ST conf"):
        table.add_column(col, justify="left" if col == "group" else "right")
    for row in rows:
        table.add_row(row["name"], *(f"{row[k]:.3f}" for k in ("S1", "S1_conf", "ST", "ST_conf")))
    out.print(table)


def _check_chunk(chunk: int) -> None:
    if chunk < 1 or chunk > 100_000:
        raise InputError(f"--chunk: field: must be between 1 and 100000, got {chunk}")


class _Progress:
    """A rich progress bar on stderr that appears once a run has taken more than a second."""

    def __init__(self):
        import time

        self.clock = time.monotonic
        self.start = self.clock()
        self.bar = self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if self.clock() - self.start < 1.0 or done >= total:
                return
            from rich.progress import Progress

            self.bar = Progress(console=err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("samples", total=total)
        self.bar.update(self.task, completed=done)
        if done >= total:
            self.bar.stop()


class _executor:
    """In process by default; a Dask LocalCluster with --workers; a running one with
    --scheduler. Bad options and unreachable schedulers are bad input (exit 2)."""

    def __init__(self, workers: int | None, scheduler: str | None):
        from layer0.scale import DaskCluster, InProcess

        if workers is not None and scheduler:
            raise InputError("--workers: field: give --workers or --scheduler, not both")
        if workers is not None and not 1 <= workers <= 64:
            raise InputError(f"--workers: field: must be between 1 and 64, got {workers}")
        progress = _Progress() if err.is_terminal else None
        if workers is None and not scheduler:
            self.executor = InProcess(progress)
            return
        try:
            self.executor = DaskCluster(workers=workers, address=scheduler, progress=progress)
        except RuntimeError as error:
            raise InputError(f"--workers: field: {error}") from None
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(f"--scheduler: field: cannot reach a Dask scheduler at "
                             f"'{scheduler}' ({type(error).__name__}: {error})") from None

    def __enter__(self):
        return self.executor

    def __exit__(self, *exc):
        close = getattr(self.executor, "close", None)
        if close:
            close()


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
    excess = [r for r in split.values() if r["excess"]["p95"] > 0]
    if excess:
        out.print("Announcements exceed the path in " + ", ".join(
            f"{r['year']} (P50 {r['excess']['p50']:,.0f} MW, P95 {r['excess']['p95']:,.0f})"
            for r in excess) + ": reported as announced_excess, not scaled down")


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


def main() -> None:
    """Entry point: bad input -> exit 2 with `where: field: problem`; other errors -> 1."""
    from layer0.scale import tune_allocator

    tune_allocator()
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
