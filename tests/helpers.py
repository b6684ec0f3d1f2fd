"""Helpers shared by the tests (import as `from helpers import ...`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layer0.errors import InputError

ROOT = Path(__file__).resolve().parents[1]   # the repository

# a user's projects file: the columns of projects.csv and one good row
PROJECTS_HEADER = ("id,operator,name,region,announced_date,capex,capex_currency,capex_scope,"
                   "capacity_mw,capacity_basis,status,first_year,full_year,archetype,source_id,"
                   "quality,note")
GOOD_PROJECT = ("u1,Example,Example campus,US-AZ,2026-01-15,,,,500,it,announced,2027,2028,"
                "hyperscale_ai,https://example.org/a,SEC,")


@dataclass
class Done:
    """What a command did: exit code, stdout, stderr (as a subprocess result reads)."""

    returncode: int
    stdout: str
    stderr: str


def refused(done: Done, *needles: str) -> None:
    """Exit 2, no traceback, every needle on stderr."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    for needle in needles:
        assert needle in done.stderr, (needle, done.stderr)


def problems_of(caught) -> list[str]:
    """The problems of a caught InputError as text."""
    error = caught.value if hasattr(caught, "value") else caught
    assert isinstance(error, InputError)
    return [str(p) for p in error.problems]
