"""Export a finished run (the folder `layer0 run --out` wrote) to IAMC CSV, NetCDF, Parquet or
Excel."""

from __future__ import annotations

from pathlib import Path


def export(run_dir: Path, fmt: str, out: Path) -> Path:
    from layer0.io.export import export as export_run

    return export_run(Path(run_dir), fmt, Path(out))


def write_text_file(path: Path, text: str) -> None:
    """A text file written whole or not at all (a temporary file, then a rename)."""
    from layer0.io import atomic

    path = Path(path)
    if problem := atomic.folder_problem(path.parent if str(path.parent) else Path(".")):
        from layer0.errors import InputError

        raise InputError.parameter("path", problem, where=f"{path}:0")
    atomic.write_all(path.parent, {path.name: atomic.write_text(text)})
