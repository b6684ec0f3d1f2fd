"""`layer0 scenarios list|show|validate`, `layer0 compare A B [...]` and `layer0 sensitivity`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from layer0.cli import options
from layer0.cli.console import (
    fmt_difference,
    fmt_quantiles,
    narrow,
    out,
    print_json,
    print_table,
    working,
)

scenarios_app = typer.Typer(no_args_is_help=True, help="Built-in and your own scenarios.")
compare_app = typer.Typer()

COMPARE_TOP = 8


@scenarios_app.command("list")
def list_scenarios(fmt: str = options.FORMAT) -> None:
    """The built-in scenarios: name, path, what changes."""
    from layer0.services.scenarios import list_builtin

    options.check_format(fmt)
    rows = list_builtin()
    if fmt == "json":
        print_json(rows)
        return
    table = Table(title="Built-in scenarios (layer0 scenarios show NAME prints one as YAML)")
    for col in ("name", "what it asks", "demand path", "800 VDC midpoint / ceiling",
                "announced projects"):
        table.add_column(col, overflow="fold")
    for r in rows:
        dc = r["adoption"].get("dc_800v")
        ann = r["announced"]
        table.add_row(r["name"], r["title"], str(r["demand_path"] or "none"),
                      f"{dc['midpoint']:g} / {dc['ceiling']:.0%}" if dc else "-",
                      "completion and slippage by status" if ann["completion_probability"]
                      else "all, on schedule")
    print_table(table)


@scenarios_app.command("show")
def show(name: str = typer.Argument(..., help="A built-in name or a YAML path."),
         fmt: str = typer.Option("table", "--format", help="table (the YAML file) or json")
         ) -> None:
    """Print a scenario: its YAML (copy it, change a number, run it) or its parsed form."""
    import sys

    from layer0.services.scenarios import show as show_scenario

    options.check_format(fmt)
    text, shown = show_scenario(name)
    if fmt == "json":
        print_json(shown)
        return
    sys.stdout.write(text.text)  # raw: no wrapping, no markup


@scenarios_app.command("validate")
def validate(path: Path = typer.Argument(..., help="A scenario YAML file."),
             fmt: str = options.FORMAT,
             data_dir: Path | None = typer.Option(None, help="Reference data folder to check "
                                                  "against instead of the packaged one.")) -> None:
    """Check a scenario file: schema, ranges, and names against the reference data."""
    from layer0.services.scenarios import validate as validate_scenario

    options.check_format(fmt)
    result = validate_scenario(str(path), options.settings(data_dir))
    if fmt == "json":
        print_json(result)
        return
    out.print(f"{path}: valid scenario '{result['name']}' ({result['parameters']} uncertain "
              f"parameters)")


@compare_app.command()
def compare(
    scenarios: list[str] = typer.Argument(..., help="Two or more scenarios (built-in: "
                                          f"{options.BUILT_IN}; or YAML paths); the first is "
                                          "the reference."),
    samples: int = typer.Option(1000, help="Monte-Carlo samples per scenario, "
                                 f"{options.SAMPLES_RANGE}."),
    seed: int = typer.Option(0, help=f"Random seed, {options.SEEDS} (the same for every "
                             "scenario)."),
    flow: str = typer.Option("demand", help="demand, growth, replacement, retired, secondary, "
                             "primary or manufacturing_input (demand and its parts count "
                             "inside the fence)."),
    material: list[str] | None = typer.Option(None, help="Material(s) to show (repeatable); "
                                              "default: the largest by the reference."),
    fmt: str = options.FORMAT,
    data_dir: Path | None = options.DATA_DIR,
) -> None:
    """Scenarios side by side: P50 (P5-P95) per material and period, and the paired difference
    from the first scenario."""
    from layer0.services.scenarios import compare as compare_scenarios

    options.check_format(fmt)
    with working() as progress:
        result = compare_scenarios(scenarios, samples, seed, flow, material,
                                   COMPARE_TOP if fmt == "table" else None,
                                   options.settings(data_dir), progress)
    if fmt == "json":
        print_json(result)
        return
    _print(result)


@compare_app.command()
def sensitivity(
    output: str = typer.Option("copper", help="MATERIAL (cumulative demand) or FLOW:MATERIAL, "
                               "FLOW one of demand, growth, replacement, retired, secondary, "
                               "primary, manufacturing_input."),
    samples: int = typer.Option(512, help="Sobol' base samples N (a power of 2); the model "
                                "runs N x (groups + 2) times."),
    seed: int = typer.Option(0, help="Random seed of the Sobol' sequence, "
                                 f"{options.SEEDS}."),
    fmt: str = options.FORMAT,
    scenario: str = options.SCENARIO,
    workers: int | None = typer.Option(None, help="Local Dask cluster with N workers."),
    scheduler: str | None = typer.Option(None, help="Address of a running Dask scheduler."),
    data_dir: Path | None = options.DATA_DIR,
) -> None:
    """Rank the parameter groups that drive an output by their Sobol' total index."""
    from layer0.services.scenarios import sensitivity as sobol

    options.check_format(fmt)
    with working() as progress:
        label, rows = sobol(output, samples, seed, scenario, workers, scheduler,
                            progress, options.settings(data_dir))
    if fmt == "json":
        print_json(rows)
        return
    table = Table(title=f"Sobol' indices of {label} ({samples} x {len(rows) + 2} runs), "
                  f"ranked by total index")
    for col in ("group", "S1", "S1 conf", "ST", "ST conf"):
        table.add_column(col, justify="left" if col == "group" else "right")
    for row in rows:
        table.add_row(row["name"], *(f"{row[k]:.3f}" for k in ("S1", "S1_conf", "ST", "ST_conf")))
    print_table(table)


def _print(result: dict) -> None:
    ref, others = result["reference"], result["scenarios"][1:]
    stacked = narrow()   # each interval under its P50, so that numbers are never cut
    table = Table(title=f"{result['flow'].capitalize()} by period, P50 (P5-P95); difference = "
                  f"scenario - {ref}, paired by sample ({result['samples']} samples, seed "
                  f"{result['seed']})")
    table.add_column("material", no_wrap=True)
    table.add_column("period", no_wrap=True)
    for n in result["scenarios"]:
        table.add_column(n, justify="right", no_wrap=stacked)
    for n in others:
        table.add_column(f"{n} - {ref}", justify="right", no_wrap=stacked)
    for row in result["rows"]:
        cells = [fmt_quantiles(row["scenarios"][n], stacked) for n in result["scenarios"]]
        for n in others:
            d = row["difference"][n]
            rel = (("\n" if stacked else " ") + f"({d['relative_p50']:+.1%})"
                   if d["relative_p50"] is not None else "")
            cells.append(fmt_difference(d, stacked) + rel)
        first = row["from"] == result["rows"][0]["from"] and row["to"] == result["rows"][0]["to"]
        table.add_row(row["material"] if first else "", f"{row['from']}-{row['to']}", *cells,
                      end_section=row["to"] == max(r["to"] for r in result["rows"])
                      and row["from"] == min(r["from"] for r in result["rows"]))
    print_table(table)
    for c in result["capacity"]:
        out.print(f"IT capacity {c['year']} (MW, P50; of which announced): " + "; ".join(
            f"{n} {c['scenarios'][n]['p50']:,.0f} ({c['announced'][n]['p50']:,.0f})"
            for n in result["scenarios"]))

