"""What every command group shares: the common options, the output format, the settings a
command's options make, and how a problem's field is shown as the option that set it."""

from __future__ import annotations

from pathlib import Path

import typer

from layer0.errors import InputError, Problem

FORMATS = ("table", "json")

FORMAT = typer.Option("table", "--format", help="table or json")
DATA_DIR = typer.Option(None, help="Reference data folder to use instead of the packaged one "
                        "(same files and schemas).")
SCENARIO = typer.Option("base", help="Built-in scenario name or a YAML path.")
SEED = typer.Option(0, help="Random seed (same seed and data = same numbers).")
NEWS_DIR = typer.Option(None, envvar="LAYER0_NEWS_DIR", help="Folder of the news candidates "
                        "(default: your user data folder).")

# a problem's field -> the option (or argument) that gave it, where the name differs
SHOWN_AS = {"start": "--from", "end": "--to", "scenarios": "scenarios"}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError.parameter("format", f"unknown format '{fmt}' (allowed: "
                                   f"{', '.join(FORMATS)})")


def settings(data_dir: Path | None = None, news_dir: Path | None = None):
    """The process's settings with this command's folder options."""
    from layer0.settings import from_environment

    return from_environment().with_options(data_dir=data_dir, news_dir=news_dir)


def render(problem: Problem) -> str:
    """A problem as the command line shows it: `--option: field: problem`, `path:line:
    --option: problem` or `path:line: field: problem`."""
    if not problem.param:
        return str(problem)
    name, _, part = problem.field.partition(".")
    option = SHOWN_AS.get(name, "--" + name.replace("_", "-"))
    if problem.where:
        return f"{problem.where}: {option}: {problem.message}"
    return f"{option}: {part or 'field'}: {problem.message}"
