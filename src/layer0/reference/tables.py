"""Rows -> a validated table (a DataFrame): one pydantic model per table, every problem
located.

Rows come from a CSV file (`read_csv`, located `path:line`) or from any other tabular source
(`validate_rows`: a DataFrame, database rows, rows built from news records), each with the
location its problems should name. The frame that comes out has a `_where` column so that
later cross-table checks can point at the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from layer0.errors import Problem
from layer0.reference import schema
from layer0.reference.rows import csv_rows, validated

WHERE = "_where"


def read_csv(path: Path, model: type[schema.Row], key: tuple[str, ...],
             problems: list[Problem]) -> pd.DataFrame:
    """Validate each row of a CSV against `model`; append problems, return the good rows."""
    located = csv_rows(path, model, problems)
    if located is None:
        return empty(model)
    return validate_rows(located, model, key, problems)


def validate_rows(rows: Iterable[tuple[str, dict]], model: type[schema.Row],
                  key: tuple[str, ...], problems: list[Problem]) -> pd.DataFrame:
    """`validated` rows as a DataFrame with their `_where`."""
    records = [{**row.model_dump(), WHERE: where}
               for where, row in validated(rows, model, key, problems)]
    return pd.DataFrame.from_records(records, columns=[*model.model_fields, WHERE])


def empty(model: type[schema.Row]) -> pd.DataFrame:
    return pd.DataFrame(columns=[*model.model_fields, WHERE])
