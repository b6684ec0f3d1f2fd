"""Helpers of the REST API tests (import as `from apitools import ...`): keys as headers,
problem+json checks, and golden files."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

PROBLEM = "application/problem+json"
GOLDEN = Path(__file__).parent / "golden"
# values that change from call to call: timestamps (`changed` is one in a project list, a
# dict of changes in a history; only strings are replaced)
VOLATILE = {"created", "finished", "changed", "updated", "at", "ingested"}


def bearer(key: str) -> dict[str, str]:
    """The header that sends an API key."""
    return {"Authorization": f"Bearer {key}"}


def assert_problem(response, status: int, errors: bool | None = None) -> dict:
    """`response` is an RFC 9457 problem with this status (and, if `errors`, located
    `errors`; if False, none); returns its body."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"], body
    if errors:
        assert body["errors"], body
        assert all(e["loc"] and "message" in e and "field" in e for e in body["errors"]), body
    elif errors is False:
        assert "errors" not in body, body
    return body


def stable(value):
    """`value` with its volatile fields replaced by a placeholder, and a scenario's file
    (a path on the server) by its name: what a golden file keeps."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in VOLATILE and isinstance(item, str):
                out[key] = "<volatile>"
            elif key == "file" and isinstance(item, str):
                out[key] = Path(item).name
            else:
                out[key] = stable(item)
        return out
    if isinstance(value, list):
        return [stable(item) for item in value]
    return value


def answer(response) -> dict:
    """A response as a golden file keeps it: its status and its (stable) JSON body."""
    return {"status": response.status_code, "body": stable(response.json())}


def _differences(got, want, where: str = "$", out: list | None = None) -> list[str]:
    """Where `got` differs from `want` (numbers within a relative 1e-9: a golden file must
    not depend on the last bit of a platform's float arithmetic)."""
    out = [] if out is None else out
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got)):
            if key not in got or key not in want:
                out.append(f"{where}.{key}: {'missing' if key not in got else 'unexpected'}")
            else:
                _differences(got[key], want[key], f"{where}.{key}", out)
    elif isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            out.append(f"{where}: {len(got)} items, golden has {len(want)}")
        for n, (g, w) in enumerate(zip(got, want, strict=False)):
            _differences(g, w, f"{where}[{n}]", out)
    elif _number(got) and _number(want) and float in (type(got), type(want)):
        if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12):
            out.append(f"{where}: {got!r}, golden has {want!r}")
    elif got != want or type(got) is not type(want):
        out.append(f"{where}: {got!r}, golden has {want!r}")
    return out


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_golden(name: str, got: dict) -> None:
    """`got` equals tests/api/golden/NAME.json; with LAYER0_UPDATE_GOLDEN=1 it is written
    instead (then read the diff before committing it)."""
    path = GOLDEN / f"{name}.json"
    if os.environ.get("LAYER0_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    assert path.is_file(), f"no {path}: make it with LAYER0_UPDATE_GOLDEN=1"
    want = json.loads(path.read_text(encoding="utf-8"))
    differences = _differences(json.loads(json.dumps(got)), want)
    assert not differences, f"{name}: " + "; ".join(differences[:20])
