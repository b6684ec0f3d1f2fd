"""`layer0 scenarios list|show|validate` and `layer0 compare A B [...]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from layer0.console import check_format, fmt_difference, fmt_quantiles, out
from layer0.errors import InputError

scenarios_app = typer.Typer(no_args_is_help=True, help="Built-in and your own scenarios.")
compare_app = typer.Typer()

COMPARE_TOP = 8


def _describe(scenario, where: str) -> dict:
    path = scenario.demand_path
    return {
        "name": scenario.name, "title": scenario.title, "file": where,
        "years": list(scenario.years),
        "demand_path": (path if isinstance(path, str) or path is None
                        else f"own values ({path.unit}; {path.source})"),
        "adoption": {a: {"applies_to": s.applies_to, "midpoint": s.midpoint.central(),
                         "ceiling": s.ceiling.central()} for a, s in scenario.adoption.items()},
        "recycling": "scenario rates" if scenario.recycling else "recycling.csv",
        "announced": {"include": scenario.announced.include,
                      "completion_probability": {k: v.central() for k, v in
                                                 scenario.announced.completion_probability.items()},
                      "slippage_years": {k: v.central() for k, v in
                                         scenario.announced.slippage_years.items()}},
        "description": " ".join(scenario.description.split()),
    }


@scenarios_app.command("list")
def list_scenarios(fmt: str = typer.Option("table", "--format", help="table or json")) -> None:
    """The built-in scenarios: name, path, what changes."""
    from layer0.scenario import builtin_names, load_scenario, scenario_path

    check_format(fmt)
    rows = [_describe(load_scenario(n), str(scenario_path(n))) for n in builtin_names()]
    if fmt == "json":
        out.print_json(json.dumps(rows))
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
    out.print(table)


@scenarios_app.command("show")
def show(name: str = typer.Argument(..., help="A built-in name or a YAML path."),
         fmt: str = typer.Option("table", "--format", help="table (the YAML file) or json")
         ) -> None:
    """Print a scenario: its YAML (copy it, change a number, run it) or its parsed form."""
    from layer0.scenario import load_scenario, scenario_path

    check_format(fmt)
    path = scenario_path(name)
    scenario = load_scenario(name)
    if fmt == "json":
        out.print_json(json.dumps({**_describe(scenario, str(path)),
                                   "scenario": scenario.model_dump(mode="json")}))
        return
    sys.stdout.write(path.read_text(encoding="utf-8"))  # raw: no wrapping, no markup


@scenarios_app.command("validate")
def validate(path: Path = typer.Argument(..., help="A scenario YAML file."),
             fmt: str = typer.Option("table", "--format", help="table or json"),
             data_dir: Path | None = typer.Option(None, help="Reference data folder to check "
                                                  "against instead of the packaged one.")) -> None:
    """Check a scenario file: schema, ranges, and names against the reference data."""
    from layer0.inputs import load_inputs

    check_format(fmt)
    if not str(path).endswith((".yaml", ".yml")):
        raise InputError(f"{path}:0: file: a scenario file ends in .yaml or .yml")
    inputs = load_inputs(str(path), None, data_dir)
    from layer0.model.engine import plan

    p = plan(inputs.ref, inputs.scenario, samples=1)  # builds every input a run needs
    result = {"path": str(path), "valid": True, "name": inputs.scenario.name,
              "parameters": len(p.registry)}
    if fmt == "json":
        out.print_json(json.dumps(result))
        return
    out.print(f"{path}: valid scenario '{result['name']}' ({result['parameters']} uncertain "
              f"parameters)")


@compare_app.command()
def compare(
    scenarios: list[str] = typer.Argument(..., help="Two or more scenarios (names or YAML "
                                          "paths); the first is the reference."),
    samples: int = typer.Option(1000, help="Monte-Carlo samples per scenario."),
    seed: int = typer.Option(0, help="Random seed (the same for every scenario)."),
    flow: str = typer.Option("demand", help="demand, secondary, primary, growth or replacement."),
    material: list[str] | None = typer.Option(None, help="Material(s) to show (repeatable); "
                                              "default: the largest by the reference."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
    data_dir: Path | None = typer.Option(None, help="Reference data folder to use instead of "
                                         "the packaged one."),
) -> None:
    """Scenarios side by side: P50 (P5-P95) per material and period, and the paired difference
    from the first scenario."""
    from layer0.compare import compare as compare_runs
    from layer0.compare import run_totals
    from layer0.inputs import load_inputs

    check_format(fmt)
    if len(scenarios) < 2:
        raise InputError("scenarios: field: give at least two scenarios to compare")
    if not 1 <= samples <= 50_000:
        raise InputError(f"--samples: field: must be between 1 and 50000, got {samples}")
    loaded = [load_inputs(s, None, data_dir) for s in scenarios]
    names = [i.scenario.name for i in loaded]
    if len(set(names)) < len(names):
        raise InputError(f"scenarios: field: the scenarios must have different names, got "
                         f"{', '.join(names)}")
    runs = {i.scenario.name: run_totals(i.ref, i.scenario, samples, seed) for i in loaded}
    if material is None and fmt == "table":
        first = runs[names[0]]
        cumulative = first["demand"].sum(axis=1).mean(axis=0)
        material = [first["materials"][k] for k in (-cumulative).argsort()[:COMPARE_TOP]]
    result = compare_runs(runs, flow, material)
    result.update(samples=samples, seed=seed)
    if fmt == "json":
        out.print_json(json.dumps(result))
        return
    _print(result)


def _print(result: dict) -> None:
    ref, others = result["reference"], result["scenarios"][1:]
    table = Table(title=f"{result['flow'].capitalize()} by period, P50 (P5-P95); difference = "
                  f"scenario - {ref}, paired by sample ({result['samples']} samples, seed "
                  f"{result['seed']})")
    table.add_column("material")
    table.add_column("period")
    for n in result["scenarios"]:
        table.add_column(n, justify="right")
    for n in others:
        table.add_column(f"{n} - {ref}", justify="right")
    for row in result["rows"]:
        cells = [fmt_quantiles(row["scenarios"][n]) for n in result["scenarios"]]
        for n in others:
            d = row["difference"][n]
            rel = f" ({d['relative_p50']:+.1%})" if d["relative_p50"] is not None else ""
            cells.append(fmt_difference(d) + rel)
        first = row["from"] == result["rows"][0]["from"] and row["to"] == result["rows"][0]["to"]
        table.add_row(row["material"] if first else "", f"{row['from']}-{row['to']}", *cells,
                      end_section=row["to"] == max(r["to"] for r in result["rows"])
                      and row["from"] == min(r["from"] for r in result["rows"]))
    out.print(table)
    for c in result["capacity"]:
        out.print(f"IT capacity {c['year']} (MW, P50; of which announced): " + "; ".join(
            f"{n} {c['scenarios'][n]['p50']:,.0f} ({c['announced'][n]['p50']:,.0f})"
            for n in result["scenarios"]))

