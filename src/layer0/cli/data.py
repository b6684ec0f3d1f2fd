"""`layer0 data check`: validate the packaged (or your) reference data, report provenance."""

from __future__ import annotations

from pathlib import Path

import typer

from layer0.cli import options
from layer0.cli.console import out, print_json

data_app = typer.Typer(no_args_is_help=True, help="The packaged reference data.")


@data_app.command("check")
def data_check(fmt: str = options.FORMAT,
               data_dir: Path | None = typer.Option(None, help="Reference data folder to check "
                                                    "instead of the packaged one.")) -> None:
    """Validate the data package and report provenance."""
    from layer0.services.data import check

    options.check_format(fmt)
    report = check(options.settings(data_dir))
    if fmt == "json":
        print_json(report)
        return
    rows, with_source = report["rows"], report["with_source"]
    out.print(f"{report['tables']} tables, {rows} rows, {with_source} with a source "
              f"({with_source / rows:.0%}); quality: " + ", ".join(
                  f"{k} {v}" for k, v in report["by_quality"].items())
              + f"; data version {report['data_version']}")
