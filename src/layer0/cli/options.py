"""What every command group shares: the common options, the output format, the settings a
command's options make, and how a problem's field is shown as the option that set it."""

from __future__ import annotations

from pathlib import Path

import typer

from layer0 import limits
from layer0.errors import InputError, Problem
from layer0.services.options import MAX_SAMPLES, builtin_scenarios

FORMATS = ("table", "json")

FORMAT = typer.Option("table", "--format", help="table or json")
DATA_DIR = typer.Option(None, help="Reference data folder to use instead of the packaged one "
                        "(same files and schemas).")
# help texts state the allowed values from where the checks take them
BUILT_IN = ", ".join(builtin_scenarios())
SCENARIO = typer.Option("base", help=f"Built-in scenario ({BUILT_IN}; see `layer0 "
                        "scenarios list`) or a YAML path.")
SEEDS = f"{int(limits.SEED.low)}-{int(limits.SEED.high)}"
SEED = typer.Option(0, help=f"Random seed, {SEEDS} (same seed and data = same numbers).")
SAMPLES_RANGE = f"1-{MAX_SAMPLES}"
SAMPLES_HELP = f"Monte-Carlo samples, {SAMPLES_RANGE} (1 = deterministic modes)."
NEWS_DIR = typer.Option(None, envvar="LAYER0_NEWS_DIR", help="Folder where an earlier layer0 "
                        "kept its news candidates, imported into the database on first use "
                        "(default: your user data folder).")
DATABASE = typer.Option(None, "--database", envvar="LAYER0_DATABASE_URL",
                        help="The registry database URL (default: a SQLite file in your user "
                        "data folder; e.g. postgresql+psycopg://user@host/db).")

# a problem's field -> the option (or argument) that gave it, where the name differs
SHOWN_AS = {"start": "--from", "end": "--to", "scenarios": "scenarios",
            "database_url": "--database"}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError.parameter("format", f"unknown format '{fmt}' (allowed: "
                                   f"{', '.join(FORMATS)})")


def settings(data_dir: Path | None = None, news_dir: Path | None = None,
             database: str | None = None):
    """The process's settings with this command's folder and database options."""
    from layer0.settings import from_environment

    return from_environment().with_options(data_dir=data_dir, news_dir=news_dir,
                                           database_url=database)


def option_name(field: str) -> str:
    """The option (or argument) that gives a field: `capacity_mw` -> `--capacity-mw`."""
    return SHOWN_AS.get(field, "--" + field.replace("_", "-"))


def render(problem: Problem) -> str:
    """A problem as the command line shows it: `--option: field: problem`, `path:line:
    --option: problem` or `path:line: field: problem`; fields named inside the message are
    shown as their options."""
    message = problem.text(option_name)
    if not problem.param:
        return ": ".join(part for part in (problem.where, problem.field, message) if part)
    name, _, part = problem.field.partition(".")
    if problem.where:
        return f"{problem.where}: {option_name(name)}: {message}"
    return f"{option_name(name)}: {part or 'field'}: {message}"
