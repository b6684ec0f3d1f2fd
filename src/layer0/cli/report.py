"""`layer0 report`: one HTML or PDF report of a run, key findings first."""

from __future__ import annotations

from pathlib import Path

import typer

from layer0.cli import options
from layer0.cli.console import out, working

report_commands = typer.Typer()


@report_commands.command()
def report(
    out_path: Path = typer.Option(..., "--out", help="The report file: NAME.html (one "
                                  "self-contained page) or NAME.pdf."),
    run_dir: Path | None = typer.Option(None, "--run", help="The --out folder of a `layer0 "
                                        "run` to report (its summary.json)."),
    scenario: str | None = typer.Option(None, help=f"Without --run: the scenario to run now "
                                        f"(default base; {options.BUILT_IN}; or a YAML path)."),
    samples: int | None = typer.Option(None, help=f"Without --run: {options.SAMPLES_HELP} "
                                       "Default 500."),
    seed: int | None = typer.Option(None, help=f"Without --run: random seed, {options.SEEDS} "
                                    "(default 0)."),
    day: str | None = typer.Option(None, "--date", help="Day for the export controls in force, "
                                   "YYYY-MM-DD (default today)."),
    compare_samples: int = typer.Option(100, help="Samples per scenario for the scenario "
                                        "comparison (1-2000; cached in the user data folder)."),
    data_dir: Path | None = options.DATA_DIR,
    database: str | None = options.DATABASE,
) -> None:
    """Write a report: key findings, demand fan charts, flows, scenarios compared, supply
    concentration, export controls, offtake coverage, and the sources of every figure."""
    from layer0.services.report import ReportRequest
    from layer0.services.report import report as write_report

    request = ReportRequest(out_path, run_dir, scenario, samples, seed, day, compare_samples)
    with working() as progress:
        done = write_report(request, options.settings(data_dir, None, database),
                            progress=progress)
    pages = f", {done.pages} pages" if done.pages else ""
    out.print(f"wrote {done.path} ({done.kind.upper()}, {_size(done.size)}{pages})")


def _size(n_bytes: int) -> str:
    """1.2 MB, 640 kB, 512 B."""
    for limit, unit in ((1e6, "MB"), (1e3, "kB")):
        if n_bytes >= limit:
            return f"{n_bytes / limit:.1f} {unit}"
    return f"{n_bytes} B"
