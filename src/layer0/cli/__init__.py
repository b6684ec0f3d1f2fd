"""layer0 command line: one module per command group, each calling `layer0.services` only.

Exit codes: 0 ok; 2 bad input, each problem on stderr as `where: field: problem` (an option
as `--option: field: problem`); 1 anything else. Commands import what they need when they
run, so `layer0 --help` starts without numpy, pandas or pint.
"""

from __future__ import annotations

import sys

import typer

from layer0.cli.data import data_app
from layer0.cli.db import db_app
from layer0.cli.news import news_commands
from layer0.cli.projects import projects_app
from layer0.cli.report import report_commands
from layer0.cli.run import run_commands
from layer0.cli.scenarios import compare_app, scenarios_app
from layer0.cli.serve import keys_app, serve_commands
from layer0.cli.supply import supply_commands
from layer0.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Metals for the AI data-centre buildout, from sourced parameters.")
app.add_typer(run_commands)
app.add_typer(data_app, name="data")
app.add_typer(supply_commands)
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(compare_app)
app.add_typer(news_commands)
app.add_typer(projects_app, name="projects")
app.add_typer(db_app, name="db")
app.add_typer(serve_commands)
app.add_typer(report_commands)
app.add_typer(keys_app, name="keys")


def invoke(args: list[str] | None = None) -> int:
    """Run the command line on `args` (default: sys.argv) in this process; the exit code."""
    from layer0.cli.console import err
    from layer0.cli.options import render

    try:
        # without standalone mode click returns an Exit's code instead of raising it
        code = app(args=args, prog_name="layer0", standalone_mode=False)
    except InputError as error:
        for problem in error.problems:
            err.print(render(problem), markup=False, highlight=False, soft_wrap=True)
        return 2
    except (typer.Exit, SystemExit) as done:
        return getattr(done, "exit_code", getattr(done, "code", 0)) or 0
    except typer.Abort:
        return 1
    except OSError as error:  # the system refused: permission, a full disk, a vanished path
        place = f": {error.filename}" if error.filename else ""
        err.print(f"layer0: {error.strerror or error}{place}", markup=False, soft_wrap=True)
        return 1
    except Exception as error:  # click usage errors carry their own exit code 2
        code = getattr(error, "exit_code", None)
        if code is not None and hasattr(error, "show"):
            error.show()
            return code
        err.print(f"layer0: internal error: {type(error).__name__}: {error}", markup=False)
        return 1
    return code if type(code) is int else 0   # an Exit's code; a command returns None


def main() -> None:
    """The console script: this process is ours, so it may tune process-wide settings, and
    leave quickly once its command is done."""
    from layer0.services.options import leaving_process, own_process

    own_process()
    code = invoke()
    leaving_process()
    sys.exit(code)


__all__ = ["app", "invoke", "main"]
