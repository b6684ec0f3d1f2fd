"""`layer0 projects ...`: the registry of data-centre projects (built-in, your own, and those
accepted from the news), each change with a source, every version kept."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from layer0.cli import options
from layer0.cli.console import busy, out, print_json, print_table

projects_app = typer.Typer(no_args_is_help=True, help="The project registry: list, show, add, "
                           "edit, retire, history, import and export projects.")

SOURCE = typer.Option(None, "--source", help="Where the figures are stated: an http(s) URL, a "
                      "source id of the reference data, or news:HASH. Required.")
WHY = typer.Option("", "--why", help="Why the change (kept in the history).")
BY = typer.Option(None, "--by", help="Who makes the change (default: your login name).")


def _mw(value) -> str:
    return "" if value is None else f"{value:,.0f}"


def _capex(row: dict) -> str:
    if row["capex"] is None:
        return ""
    return f"{row['capex'] / 1e9:,.3g} bn {row['capex_currency'] or ''}".strip()


@projects_app.command("list")
def list_(
    origin: str | None = typer.Option(None, help="builtin, user or news."),
    region: str | None = typer.Option(None, help="ISO 3166 code; US also lists US-TX etc."),
    status: str | None = typer.Option(None, help="A project status, e.g. announced."),
    operator: str | None = typer.Option(None, help="Part of the operator's name."),
    retired: bool = typer.Option(False, "--retired", help="Include retired projects."),
    limit: int = typer.Option(200, min=0, help="Rows of the table (0: all); JSON has all."),
    fmt: str = options.FORMAT,
    database: str | None = options.DATABASE,
) -> None:
    """The projects in the registry, current versions."""
    from layer0.services.projects import list_projects

    options.check_format(fmt)
    rows = list_projects(origin, region, status, operator, retired,
                         options.settings(database=database))
    if fmt == "json":
        print_json(rows)
        return
    shown = rows if limit == 0 else rows[:limit]
    if out.width < 110:   # a table would break ids; one plain line per project never does
        out.print(f"{len(rows)} project(s)" + (f", the first {len(shown)}"
                                               if len(shown) < len(rows) else ""))
        for r in shown:
            size = ", ".join(x for x in (f"{_mw(r['capacity_mw'])} MW" if r["capacity_mw"]
                                         else "", _capex(r)) if x)
            out.print(f"{r['id']}{' (retired)' if r['retired'] else ''}: {r['operator']}, "
                      f"{r['region']}, {size or 'size not stated'}, {r['status']}, "
                      f"{r['first_year']}-{r['full_year']} ({r['origin']}, v{r['version']})")
        _more(rows, shown)
        return
    table = Table(title=f"{len(rows)} project(s)" + (f", the first {len(shown)}"
                                                      if len(shown) < len(rows) else ""))
    for column in ("id", "operator", "region", "MW", "capex", "status", "years", "origin",
                   "v"):
        table.add_column(column, overflow="fold",
                         justify="right" if column in ("MW", "capex", "v") else "left")
    for r in shown:
        table.add_row(r["id"] + (" (retired)" if r["retired"] else ""), r["operator"],
                      r["region"], _mw(r["capacity_mw"]), _capex(r), r["status"],
                      f"{r['first_year']}-{r['full_year']}", r["origin"], str(r["version"]))
    print_table(table)
    _more(rows, shown)


def _more(rows: list, shown: list) -> None:
    if len(shown) < len(rows):
        out.print(f"{len(rows) - len(shown):,} more: narrow with --region, --status, "
                  "--operator or --origin, or show all with --limit 0")


@projects_app.command()
def show(project_id: str = typer.Argument(..., metavar="ID"), fmt: str = options.FORMAT,
         database: str | None = options.DATABASE) -> None:
    """One project: its current row, origin, version and sources."""
    from layer0.services.projects import show as show_project

    options.check_format(fmt)
    project = show_project(project_id, options.settings(database=database))
    if fmt == "json":
        print_json(project)
        return
    table = Table(title=f"{project_id} (version {project['version']}, {project['origin']}"
                  + (", retired" if project["retired"] else "") + ")", show_header=False)
    table.add_column("field")
    table.add_column("value", overflow="fold")
    for name, value in project.items():
        if name in ("id", "version", "origin", "retired"):
            continue
        shown = "\n".join(value) if isinstance(value, list) else (
            "" if value is None else _shown(value) if isinstance(value, float) else str(value))
        table.add_row(name, shown)
    print_table(table)


def _added_row(**given) -> dict:
    return {k: v for k, v in given.items() if v is not None}


@projects_app.command()
def add(
    project_id: str = typer.Option(..., "--id", help="A new id: lower case, digits, '-'."),
    operator: str = typer.Option(..., help="Who builds or runs it."),
    name: str = typer.Option(..., help="The project's name."),
    region: str = typer.Option(..., help="ISO 3166 code: a country (IE) or a subdivision "
                               "(US-TX)."),
    announced: str = typer.Option(..., help="Announcement date, YYYY-MM-DD."),
    first_year: int = typer.Option(..., help="First year in operation."),
    full_year: int = typer.Option(..., help="Year of full operation."),
    archetype: str = typer.Option("hyperscale_ai", help="Facility archetype (see "
                                  "archetypes.csv)."),
    capacity_mw: float | None = typer.Option(None, help="Capacity in MW."),
    capacity_basis: str | None = typer.Option(None, help="it, facility or unspecified."),
    capex: float | None = typer.Option(None, help="Investment, in --currency units."),
    currency: str | None = typer.Option(None, help="ISO currency of --capex, e.g. USD."),
    capex_scope: str | None = typer.Option(None, help="all_in, construction or "
                                           "unspecified."),
    status: str = typer.Option("announced", help="Project status."),
    note: str | None = typer.Option(None, help="What the source says, in your words."),
    source: str | None = SOURCE,
    quality: str = typer.Option("SRC", help="SRC (the source states it), SEC (reported by "
                                "others), DERIVED or ASSUMED."),
    why: str = WHY,
    by: str | None = BY,
    fmt: str = options.FORMAT,
    database: str | None = options.DATABASE,
) -> None:
    """Add a project of your own; it enters every `layer0 run` from now on."""
    from layer0.services.projects import add as add_project

    options.check_format(fmt)
    row = _added_row(id=project_id, operator=operator, name=name, region=region,
                     announced_date=announced, first_year=first_year, full_year=full_year,
                     archetype=archetype, capacity_mw=capacity_mw,
                     capacity_basis=capacity_basis or ("unspecified" if capacity_mw else None),
                     capex=capex, capex_currency=currency,
                     capex_scope=capex_scope or ("unspecified" if capex else None),
                     status=status, note=note)
    project = add_project(row, source, quality, why, by, options.settings(database=database))
    _done(project, "added", fmt)


def _done(project: dict, what: str, fmt: str) -> None:
    if fmt == "json":
        print_json(project)
    else:
        out.print(f"{what} {project['id']} (version {project['version']})")


@projects_app.command()
def edit(
    project_id: str = typer.Argument(..., metavar="ID"),
    set_: list[str] = typer.Option([], "--set", help="NAME=VALUE: a projects.csv column "
                                   "(e.g. capacity_mw=1200, status=under_construction; an "
                                   "empty VALUE clears it). Repeatable."),
    source: str | None = SOURCE,
    why: str = WHY,
    by: str | None = BY,
    fmt: str = options.FORMAT,
    database: str | None = options.DATABASE,
) -> None:
    """Change a project (built-in ones too): a new version; the old one stays in its
    history, and a new release of the reference data never overwrites your edit."""
    from layer0.services.projects import edit as edit_project

    options.check_format(fmt)
    project = edit_project(project_id, set_, source, why, by,
                           options.settings(database=database))
    _done(project, "changed", fmt)


@projects_app.command()
def retire(
    project_id: str = typer.Argument(..., metavar="ID"),
    source: str | None = SOURCE,
    why: str = WHY,
    by: str | None = BY,
    fmt: str = options.FORMAT,
    database: str | None = options.DATABASE,
) -> None:
    """Take a project out of the runs (cancelled, a duplicate); its history stays."""
    from layer0.services.projects import retire as retire_project

    options.check_format(fmt)
    _done(retire_project(project_id, source, why, by, options.settings(database=database)),
          "retired", fmt)


@projects_app.command()
def history(project_id: str = typer.Argument(..., metavar="ID"), fmt: str = options.FORMAT,
            database: str | None = options.DATABASE) -> None:
    """Every version of a project: who changed what, when, why, on which source."""
    from layer0.services.projects import history as project_history

    options.check_format(fmt)
    versions = project_history(project_id, options.settings(database=database))
    if fmt == "json":
        print_json(versions)
        return
    # plain lines, not a table: a change and its source read whole at any width
    out.print(f"{project_id}: {len(versions)} version(s), oldest first")
    for v in versions:
        out.print(f"v{v['version']}{' (current)' if v['current'] else ''}: {v['action']} by "
                  f"{v['by']} at {v['at']}" + (f": {v['why']}" if v["why"] else ""))
        for name, (old, new) in v["changed"].items():
            if name != "source_id":
                out.print(f"    {name}: {_shown(old)} -> {_shown(new)}")
        out.print(f"    source: {v['source_id']}")


def _shown(value) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return str(value)


@projects_app.command("import")
def import_(path: Path = typer.Argument(..., metavar="CSV", help="A file in projects.csv "
                                        "columns (each row with its source_id and quality)."),
            why: str = WHY, by: str | None = BY,
            database: str | None = options.DATABASE) -> None:
    """Add (or update) your own projects from a CSV file: all rows or none."""
    from layer0.services.projects import import_csv

    counts = import_csv(path, why, by, options.settings(database=database))
    out.print(f"{path}: {counts['added']} added, {counts['changed']} changed, "
              f"{counts['unchanged']} unchanged")


@projects_app.command()
def export(path: Path = typer.Argument(..., metavar="CSV", help="The file to write ('-': "
                                       "standard output)."),
           everything: bool = typer.Option(False, "--all", help="Include the built-in "
                                           "projects (as edited)."),
           retired: bool = typer.Option(False, "--retired", help="Include retired ones."),
           database: str | None = options.DATABASE) -> None:
    """Your own and the news's projects as a projects.csv file (for `projects import` into
    another database, or `layer0 run --projects` where they are not in the registry)."""
    from layer0.services.exports import write_text_file
    from layer0.services.projects import export_csv

    text = export_csv(everything, retired, options.settings(database=database))
    if str(path) == "-":
        print(text, end="")
        return
    with busy(f"writing {path}"):
        write_text_file(path, text)
    out.print(f"wrote {path} ({text.count(chr(10)) - 1} project(s))")
