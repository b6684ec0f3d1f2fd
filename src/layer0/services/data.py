"""The reference data as a use case: validate it and report its provenance."""

from __future__ import annotations

from typing import TypedDict

from layer0.services.inputs import reference_data
from layer0.settings import Settings, from_environment


class DataReport(TypedDict):
    rows: int
    with_source: int
    by_quality: dict[str, int]
    tables: int
    sources: int
    data_version: str


def check(settings: Settings | None = None) -> DataReport:
    """Load and check every table; count the rows, the sourced rows and their quality tags."""
    ref = reference_data(settings or from_environment())
    rows = with_source = 0
    by_quality: dict[str, int] = {}
    for frame in ref.tables.values():
        if "source_id" not in frame.columns:
            continue
        rows += len(frame)
        with_source += int((frame["source_id"].str.len() > 0).sum())
        for q, n in frame["quality"].value_counts().items():
            by_quality[q] = by_quality.get(q, 0) + int(n)
    return {"rows": rows, "with_source": with_source,
            "by_quality": dict(sorted(by_quality.items())), "tables": len(ref.tables),
            "sources": len(ref["sources"]), "data_version": ref.version}
