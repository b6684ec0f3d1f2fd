"""Export a finished run (the folder `layer0 run --out` wrote) to IAMC CSV, NetCDF, Parquet or
Excel."""

from __future__ import annotations

from pathlib import Path


def export(run_dir: Path, fmt: str, out: Path) -> Path:
    from layer0.io.export import export as export_run

    return export_run(Path(run_dir), fmt, Path(out))
