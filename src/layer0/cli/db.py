"""`layer0 db status|upgrade|check`: the registry database itself."""

from __future__ import annotations

import typer

from layer0.cli import options
from layer0.cli.console import err, out, print_json

db_app = typer.Typer(no_args_is_help=True, help="The registry database: status, upgrade, "
                     "check.")


@db_app.command()
def status(fmt: str = options.FORMAT, database: str | None = options.DATABASE) -> None:
    """Which database, its schema version, and its rows per table."""
    from layer0.services.database import status as db_status

    options.check_format(fmt)
    report = db_status(options.settings(database=database))
    if fmt == "json":
        print_json(report)
        return
    state = ("up to date" if report["up_to_date"] else "empty (made on first use)"
             if report["revision"] is None else "needs `layer0 db upgrade`")
    out.print(f"{report['database']} ({report['backend']}): schema "
              f"{report['revision'] or '(none yet)'}, this layer0 {report['head']}: {state}")
    if report["rows"]:
        out.print(", ".join(f"{name} {count:,}" for name, count in report["rows"].items()))
    for item in report.get("unusable", []):
        out.print(f"accepted by layer0 0.4 but not usable by the model: {item['id']}: "
                  f"{item['why']}")


@db_app.command()
def upgrade(database: str | None = options.DATABASE) -> None:
    """Bring the database's schema to this layer0's version (one transaction)."""
    from layer0.services.database import upgrade as db_upgrade

    done = db_upgrade(options.settings(database=database))
    out.print(f"{done['database']}: schema {done['from']} -> {done['to']}")


@db_app.command()
def check(database: str | None = options.DATABASE) -> None:
    """Integrity, foreign keys and the registry's own rules; exit 1 if anything is wrong."""
    from layer0.services.database import check as db_check

    settings = options.settings(database=database)
    problems = db_check(settings)
    for problem in problems:
        err.print(problem, markup=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)
    out.print("ok: integrity, foreign keys, project versions and candidate sources")
