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


@pytest.mark.parametrize("args, keys", [
    (("disrupt", "--material", "gallium", "--country", "CN", "--stage", "refining", "--from",
      "2026", "--to", "2027"), {"material", "country", "stage", "from", "to", "unmet_t",
                                "unmet_share", "demand_t", "lost_t", "by_year", "assumptions"}),
    (("coverage", "--material", "copper", "--quantity-t", "14000", "--years", "4",
      "--capacity-mw", "1000", "--archetype", "hyperscale_ai"),
     {"material", "supply_t", "supply", "facility", "facility_demand_t", "covered_share",
      "covered_mw", "intensity_t_per_mw_it"}),
    (("new-supply", "--material", "copper", "--region", "US"),
     {"material", "region", "from", "to", "by_year", "cumulative", "counted_assets",
      "unscheduled_assets"}),
])
def test_model_backed_commands_print_their_json(args, keys, cli):
    done = cli(*args, "--samples", "8", "--format", "json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert keys <= set(answer) and answer.get("samples") == 8
