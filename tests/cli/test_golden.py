"""Golden JSON of commands that involve no sampling: small files a reader can check by hand.

Gallium refining 2024 (USGS MCS 2025): China 750,000 kg of a listed 762,000 kg (the rounded
world total, 760,000, is below the listed sum, so the listed sum is the denominator):
750 / 762 = 0.9843; HHI = 98.43^2 + 0.79^2 + 0.39^2 + 0.39^2 = 9,688.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name,args", [
    ("supply_gallium_refining.json", ("supply", "--material", "gallium", "--stage", "refining")),
    ("controls_gallium_2026-06-01.json", ("controls", "--date", "2026-06-01", "--material",
                                          "gallium")),
])
def test_command_json_matches_golden(name, args, cli):
    done = cli(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads((GOLDEN / name).read_text(encoding="utf-8"))
