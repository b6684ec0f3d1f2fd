"""`layer0 serve` (the REST API under /v1, docs at /docs) and `layer0 keys` (API keys)."""

from __future__ import annotations

import typer

from layer0.cli import options
from layer0.cli.console import err, out, print_json, print_table

serve_commands = typer.Typer()
keys_app = typer.Typer(no_args_is_help=True, help="API keys for the REST API's writes.")


@serve_commands.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every "
                             "interface; put a TLS proxy in front)."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port."),
    workers: int = typer.Option(1, min=1, max=64, help="Runs computed at once."),
    scheduler: str | None = typer.Option(None, help="Compute runs on this Dask scheduler, "
                                         "e.g. tcp://10.0.0.5:8786."),
    max_samples: int = typer.Option(20_000, min=1, help="Samples allowed per run."),
    runs_per_key: int = typer.Option(2, min=1, help="Runs one key may have in progress."),
    cors: list[str] = typer.Option([], help="An origin allowed to call from a browser "
                                   "(repeatable; default none)."),
    base_samples: int = typer.Option(2000, min=0, help="Samples of the base run the "
                                     "dashboard's overview shows (as `layer0 run`), "
                                     "computed at start unless stored (0: none)."),
    base_seed: int = typer.Option(0, min=0, help="Seed of that base run."),
    database: str | None = options.DATABASE,
) -> None:
    """Serve the dashboard (at /) and the REST API (/v1, OpenAPI docs at /docs); Ctrl-C
    stops it."""
    import json
    import os

    import uvicorn

    from layer0.services.registry import database as ready

    if base_samples > max_samples:
        from layer0.errors import InputError

        raise InputError.parameter("--base-samples", f"{base_samples:,} is above "
                                   f"--max-samples ({max_samples:,})")
    settings = options.settings(database=database)
    ready(settings)   # a database that cannot be used is refused here, before listening
    # the app is made by its factory from the environment (uvicorn imports it by name: the
    # command line does not import the API, a front end of its own)
    os.environ["LAYER0_SERVE"] = json.dumps({
        "workers": workers, "scheduler": scheduler, "max_samples": max_samples,
        "runs_per_key": runs_per_key, "cors_origins": cors,
        "base_run": {"samples": base_samples, "seed": base_seed} if base_samples else None})
    if database:
        os.environ["LAYER0_DATABASE_URL"] = database
    out.print(f"layer0 dashboard on http://{host}:{port}/ (API: /v1, docs: /docs)")
    uvicorn.run("layer0.api.app:from_environment", factory=True, host=host, port=port,
                log_level="warning")


@keys_app.command()
def create(name: str = typer.Argument(..., help="Who uses the key (kept with each change "
                                      "it makes)."),
           scope: str = typer.Option("write", help="read, write or admin."),
           database: str | None = options.DATABASE) -> None:
    """Make a key; it is shown once (only its hash is stored)."""
    from layer0.services.keys import create as make

    key = make(name, scope, options.settings(database=database))
    # the key alone on stdout (KEY=$(layer0 keys create NAME)); the words on stderr
    err.print(f"a {scope} key for '{name}', shown this once (only its hash is kept):")
    print(key)


@keys_app.command("list")
def list_(fmt: str = options.FORMAT, database: str | None = options.DATABASE) -> None:
    """The keys (names, scopes, dates; never the keys)."""
    from rich.table import Table

    from layer0.services.keys import listed

    options.check_format(fmt)
    keys = listed(options.settings(database=database))
    if fmt == "json":
        print_json(keys)
        return
    table = Table(title=f"{len(keys)} key(s)")
    for column in ("name", "scope", "created", "revoked"):
        table.add_column(column)
    for k in keys:
        table.add_row(k["name"], k["scope"], k["created"], k["revoked"] or "")
    print_table(table)


@keys_app.command()
def revoke(name: str, database: str | None = options.DATABASE) -> None:
    """Revoke a key: from now on it is refused (401)."""
    from layer0.services.keys import revoke as drop

    if drop(name, options.settings(database=database)):
        out.print(f"revoked the key of '{name}'")
    else:
        out.print(f"the key of '{name}' was already revoked")
