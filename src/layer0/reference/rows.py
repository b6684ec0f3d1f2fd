"""Rows of the reference tables, validated one by one, without pandas: CSV rows with their
`path:line`, rows from any other source with the location their problems should name, and
one table on its own (`read_rows`) for a use case that needs one small table and must start
fast."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from layer0.errors import InputError, Problem
from layer0.reference import schema


def data_dir() -> Path:
    """The packaged reference data folder."""
    return Path(str(resources.files("layer0") / "data"))


def csv_rows(path: Path, model: type[schema.Row], problems: list[Problem]
             ) -> list[tuple[str, dict]] | None:
    """The raw rows of a CSV file with their `path:line`; None if the file as a whole is
    unusable (empty, wrong columns, not UTF-8)."""
    fields = model.model_fields
    required = {n for n, f in fields.items() if f.is_required()}
    located: list[tuple[str, dict]] = []
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                problems.append(Problem(f"{path}:1", "header", "the file is empty"))
                return None
            header = [h.strip() for h in header]
            missing = sorted(required - set(header))
            unknown = [h for h in header if h not in fields]
            if missing or unknown:
                for name in missing:
                    problems.append(Problem(f"{path}:1", name, "required column is missing"))
                for name in unknown:
                    problems.append(Problem(f"{path}:1", name, f"unknown column (allowed: "
                                            f"{', '.join(fields)})"))
                return None
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    problems.append(Problem(f"{path}:{line}", "row", f"has {len(cells)} cells, "
                                            f"the header has {len(header)}"))
                    continue
                located.append((f"{path}:{line}",
                                dict(zip(header, (c.strip() for c in cells), strict=True))))
    except UnicodeDecodeError:
        problems.append(Problem(f"{path}:1", "file", "is not UTF-8 text"))
        return None
    except OSError as err:  # a folder where the table should be, no permission to read
        problems.append(Problem(f"{path}:0", "file", f"cannot be read ({err.strerror})"))
        return None
    except csv.Error as err:
        problems.append(Problem(f"{path}:{reader.line_num}", "row", str(err)))
        return None
    return located


def validated(rows: Iterable[tuple[str, dict]], model: type[schema.Row],
              key: tuple[str, ...], problems: list[Problem]) -> list[tuple[str, schema.Row]]:
    """(where, raw row) pairs checked against `model`: blank cells are missing values,
    required fields must be given, keys must be unique. Returns the good rows."""
    fields = model.model_fields
    required = {n for n, f in fields.items() if f.is_required()}
    good, seen = [], {}
    for where, raw in rows:
        raw = {k: _blank_to_empty(v) for k, v in raw.items()}
        blank_required = [n for n in required if raw.get(n, "") == ""]
        for name in blank_required:
            problems.append(Problem(where, name, "is required and blank"))
        if blank_required:
            continue
        raw = {k: v for k, v in raw.items() if v != "" or k in required}
        try:
            row = model.model_validate(raw)
        except ValidationError as err:
            problems.extend(describe(where, err))
            continue
        ident = tuple(getattr(row, k) for k in key)
        if ident in seen:
            problems.append(Problem(where, ",".join(key), f"duplicate {'/'.join(map(str, ident))}"
                                    f" (first at {_line_of(seen[ident])})"))
            continue
        seen[ident] = where
        good.append((where, row))
    return good


def read_rows(name: str, directory: Path | None = None) -> list[schema.Row]:
    """The validated rows of one table (e.g. fx_rates.csv), without loading the others: for
    a use case that needs one small table and must start fast. Row rules only; the
    cross-table checks run when the whole data set is loaded."""
    directory = Path(directory) if directory is not None else data_dir()
    model, key = schema.TABLES[name]
    path = directory / name
    problems: list[Problem] = []
    if not path.is_file():
        raise InputError.at(f"{path}:0", "file", "required reference table is missing")
    rows = validated(csv_rows(path, model, problems) or [], model, key, problems)
    if problems:
        raise InputError(problems)
    return [row for _, row in rows]


def _blank_to_empty(value) -> str:
    """A cell from any source read as a CSV cell: text, stripped; missing (None, NaN, NaT,
    pandas.NA) is blank. So a DataFrame or database row passes the same rules, with the same
    messages."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    try:
        if value != value:  # NaN, NaT
            return ""
    except TypeError:       # pandas.NA: its truth value is ambiguous
        return ""
    return str(value)


def _line_of(where: str) -> str:
    """'line 7' for a `path:7` location (as in a CSV), else the location itself."""
    head, _, tail = where.rpartition(":")
    return f"line {tail}" if head and tail.isdigit() else where


def describe(where: str, err: ValidationError) -> list[Problem]:
    """pydantic's errors as problems at `where`, named by field."""
    out = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if not loc and ": " in msg:  # model validators name their field first
            loc, msg = msg.split(": ", 1)
        given = e.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) and loc else ""
        out.append(Problem(where, loc or "row", f"{msg}{shown}"))
    return out
