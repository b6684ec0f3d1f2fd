"""Load and validate the packaged reference data (and user CSVs of the same shape).

Every problem is reported as `path:line: field: problem`; loading refuses the whole data
set if any row is bad, so a model never runs on half-valid data. Units are converted here,
once: the tables that leave this module are in tonnes, MW, TWh and USD.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd
import pycountry
from pydantic import ValidationError

from layer0.data import schema
from layer0.errors import InputError
from layer0.units import UnitProblem

SPECIAL_SUPPLY_CODES = {"WORLD", "OTHER"}
ANY = "any"


def data_dir() -> Path:
    return Path(str(resources.files("layer0") / "data"))


def data_version(directory: Path | None = None) -> str:
    """Hash of every data file (name and bytes): names the data behind an output."""
    directory = directory or data_dir()
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".yaml"}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --------------------------------------------------------------------------- reading rows


def read_table(path: Path, model: type[schema.Row], key: tuple[str, ...],
               problems: list[str]) -> pd.DataFrame:
    """Validate each row of a CSV against `model`; append problems, return the good rows.

    The returned frame has a `_line` column so later checks can point at the row.
    """
    fields = model.model_fields
    required = {n for n, f in fields.items() if f.is_required()}
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                problems.append(f"{path}:1: header: the file is empty")
                return pd.DataFrame()
            header = [h.strip() for h in header]
            missing = sorted(required - set(header))
            unknown = [h for h in header if h not in fields]
            if missing or unknown:
                for name in missing:
                    problems.append(f"{path}:1: {name}: required column is missing")
                for name in unknown:
                    problems.append(f"{path}:1: {name}: unknown column "
                                    f"(allowed: {', '.join(fields)})")
                return pd.DataFrame()
            records, seen = [], {}
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    problems.append(f"{path}:{line}: row: has {len(cells)} cells, "
                                    f"the header has {len(header)}")
                    continue
                raw = dict(zip(header, (c.strip() for c in cells), strict=True))
                blank_required = [n for n in required if raw.get(n, "") == ""]
                for name in blank_required:
                    problems.append(f"{path}:{line}: {name}: is required and blank")
                if blank_required:
                    continue
                raw = {k: v for k, v in raw.items() if v != "" or k in required}
                try:
                    row = model.model_validate(raw)
                except ValidationError as err:
                    problems.extend(_describe(path, line, err))
                    continue
                ident = tuple(getattr(row, k) for k in key)
                if ident in seen:
                    problems.append(f"{path}:{line}: {','.join(key)}: duplicate "
                                    f"{'/'.join(map(str, ident))} (first at line {seen[ident]})")
                    continue
                seen[ident] = line
                records.append({**row.model_dump(), "_line": line})
    except UnicodeDecodeError:
        problems.append(f"{path}:1: file: is not UTF-8 text")
        return pd.DataFrame()
    except csv.Error as err:
        problems.append(f"{path}:{reader.line_num}: row: {err}")
        return pd.DataFrame()
    columns = [*fields, "_line"]
    return pd.DataFrame.from_records(records, columns=columns)


def _describe(path: Path, line: int, err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if not loc and ": " in msg:  # model validators name their field first
            loc, msg = msg.split(": ", 1)
        given = e.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) and loc else ""
        out.append(f"{path}:{line}: {loc or 'row'}: {msg}{shown}")
    return out


# --------------------------------------------------------------------------- the data set


@dataclass
class ReferenceData:
    """The validated tables, unit-converted, plus the data version that names them."""

    tables: dict[str, pd.DataFrame]
    version: str
    directory: Path
    extra_sources: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def ids(self, name: str, column: str = "id") -> set[str]:
        return set(self.tables[name][column])


def load(directory: Path | None = None) -> ReferenceData:
    """Read, validate and cross-check every table; raise InputError listing all problems."""
    directory = directory or data_dir()
    problems: list[str] = []
    tables = {}
    for name, (model, key) in schema.TABLES.items():
        path = directory / name
        if not path.exists():
            problems.append(f"{path}:0: file: required reference table is missing")
            continue
        tables[name.removesuffix(".csv")] = read_table(path, model, key, problems)
    if problems:
        raise InputError(problems)
    ref = ReferenceData(tables=tables, version=data_version(directory), directory=directory)
    from layer0 import checks  # cross-table rules, kept apart from row parsing

    checks.cross_check(ref, problems)
    if problems:
        raise InputError(problems)
    checks.convert_units(ref)
    return ref


def load_user_projects(path: Path, ref: ReferenceData) -> pd.DataFrame:
    """A user's own facilities: same columns and rules as projects.csv."""
    problems: list[str] = []
    if not path.is_file():
        raise InputError(f"{path}:0: file: does not exist or is not a file")
    model, key = schema.TABLES["projects.csv"]
    frame = read_table(path, model, key, problems)
    if problems:
        raise InputError(problems)
    from layer0 import checks

    checks.check_projects(frame, ref, path, problems, user_file=True)
    clash = set(frame["id"]) & ref.ids("projects")
    for pid in sorted(clash):
        line = int(frame.loc[frame["id"] == pid, "_line"].iloc[0])
        problems.append(f"{path}:{line}: id: '{pid}' is already a built-in project id")
    if problems:
        raise InputError(problems)
    return checks.project_capacity_columns(frame, ref)


def nearest_year(years, wanted: int) -> int:
    """The year of a dated series (exchange rates) to use for `wanted`: itself if listed,
    else the nearest one (the earlier on a tie)."""
    return min(years, key=lambda y: (abs(y - wanted), y))


def is_iso_country(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def is_iso_region(code: str) -> bool:
    """ISO 3166-1 alpha-2 country, or ISO 3166-2 subdivision (US-NC)."""
    if is_iso_country(code):
        return True
    return "-" in code and pycountry.subdivisions.get(code=code) is not None


__all__ = ["ReferenceData", "load", "load_user_projects", "data_version", "data_dir",
           "read_table", "is_iso_country", "is_iso_region", "UnitProblem", "ANY"]
