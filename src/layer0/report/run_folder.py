"""Reading the summary.json of a finished run (the folder `layer0 run --out` wrote), checked
against the contract of DESIGN.md before a report stands on it."""

from __future__ import annotations

import json
from pathlib import Path

from layer0.errors import InputError, mention

REQUIRED = {"layer0_version": str, "data_version": str, "scenario": str, "samples": int,
            "seed": int, "years": list, "capacity": list, "demand": list, "supply": list}
KIND_NAME = {list: "array", int: "integer", str: "string"}
ROW_KEYS = {"capacity": ("year", "p5", "p50", "p95"),
            "demand": ("material", "year", "p5", "p50", "p95"),
            "supply": ("material", "stage")}


def read_summary(run_dir: Path) -> dict:
    """The run's summary.json as a dict; bad input names the file and the field."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise InputError.parameter("run", f"is not a folder (give the {mention('out')} folder "
                                   "of a `layer0 run`)", where=f"{run_dir}:0")
    path = run_dir / "summary.json"
    if not path.is_file():
        raise InputError.parameter("run", f"no summary.json in this folder (run `layer0 run "
                                   f"{mention('out')} {run_dir}` first)", where=f"{path}:0")
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise InputError.at(f"{path}:0", "summary.json", f"is not UTF-8 text ({error.reason})"
                            ) from None
    except json.JSONDecodeError as error:
        raise InputError.at(f"{path}:{error.lineno}", "summary.json",
                            f"is not valid JSON ({error.msg})") from None
    if not isinstance(summary, dict):
        raise InputError.at(f"{path}:1", "summary.json", "must be a JSON object")
    for key, kind in REQUIRED.items():
        if key not in summary:
            raise InputError.at(f"{path}:0", key, "missing (a layer0 run's summary.json has "
                                f"{', '.join(REQUIRED)})")
        if not isinstance(summary[key], kind) or isinstance(summary[key], bool):
            raise InputError.at(f"{path}:0", key,
                                f"must be a JSON {KIND_NAME[kind]}")
    if len(summary["years"]) != 2:
        raise InputError.at(f"{path}:0", "years", "must be [first, last]")
    if not summary["demand"]:
        raise InputError.at(f"{path}:0", "demand", "is empty: nothing to report")
    for key, needed in ROW_KEYS.items():
        for i, row in enumerate(summary[key]):
            missing = [k for k in needed if not isinstance(row, dict) or k not in row]
            if missing:
                raise InputError.at(f"{path}:0", f"{key}[{i}]", f"missing {', '.join(missing)}")
    return summary
