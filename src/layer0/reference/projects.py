"""A user's own facilities: the columns and rules of projects.csv, from any tabular source.

One validator for a CSV file (`from_csv`), a DataFrame (`from_frame`) and located rows from
anywhere else (`from_rows`: accepted news records, database rows): the same rules and the same
messages, each naming where the row came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from layer0.errors import InputError, Problem
from layer0.reference import schema
from layer0.reference.checks import check_projects, with_capex_usd
from layer0.reference.rows import csv_rows
from layer0.reference.tables import WHERE, validate_rows

MODEL, KEY = schema.TABLES["projects.csv"]
COLUMNS = tuple(MODEL.model_fields)
# sites a user may add at once: each is its own uncertain input of every sample (a run
# with 5,000 takes ~15 s at 100 samples), so more is a registry to group, not a list
MAX_ROWS = 10_000


def _too_many(count: int, where: str) -> None:
    if count > MAX_ROWS:
        raise InputError.at(where, "file", f"holds {count:,} projects, at most {MAX_ROWS:,} "
                            "are allowed; group small sites into one row per region and "
                            "archetype")


def from_csv(path: Path, ref) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise InputError.at(f"{path}:0", "file", "does not exist or is not a file")
    problems: list[Problem] = []
    located = csv_rows(path, MODEL, problems)
    if located is None:
        raise InputError(problems)
    _too_many(len(located), f"{path}:0")
    frame = validate_rows(located, MODEL, KEY, problems)
    return _checked(frame, ref, problems)


def from_rows(rows: Iterable[tuple[str, dict]], ref, builtin_ok: bool = False
              ) -> pd.DataFrame:
    """(where, row) pairs, each row a mapping of projects.csv columns. `builtin_ok`: the
    rows may be built-in projects (the user's edits of them)."""
    rows = list(rows)
    _too_many(len(rows), "projects")
    problems: list[Problem] = []
    frame = validate_rows(rows, MODEL, KEY, problems)
    return _checked(frame, ref, problems, builtin_ok)


def from_frame(frame: pd.DataFrame, ref, label: str = "projects") -> pd.DataFrame:
    """A DataFrame of projects.csv columns; row n is named `label:n+2`, the line it would
    have in a CSV file with a header."""
    unknown = [c for c in frame.columns if c not in COLUMNS]
    missing = [c for c in COLUMNS if c not in frame.columns and MODEL.model_fields[c].is_required()]
    if unknown or missing:
        raise InputError([Problem(f"{label}:1", c, "required column is missing") for c in missing]
                         + [Problem(f"{label}:1", c, f"unknown column (allowed: "
                                    f"{', '.join(COLUMNS)})") for c in unknown])
    records = frame.to_dict(orient="records")
    return from_rows(((f"{label}:{n + 2}", r) for n, r in enumerate(records)), ref)


def _checked(frame: pd.DataFrame, ref, problems: list[Problem], builtin_ok: bool = False
             ) -> pd.DataFrame:
    if problems:
        raise InputError(problems)
    check_projects(frame, ref, problems, user_rows=True)
    builtin = set() if builtin_ok else ref.ids("projects")
    for where, pid in zip(frame[WHERE], frame["id"], strict=True):
        if pid in builtin:
            problems.append(Problem(where, "id", f"'{pid}' is already a built-in project id"))
    if problems:
        raise InputError(problems)
    return with_capex_usd(frame, ref["fx_rates"])
