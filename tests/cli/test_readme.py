"""The README cannot drift from the code: its example outputs are what the commands print
now, and the option help lists what the code allows."""

from __future__ import annotations

import importlib.util

import pytest

from helpers import ROOT
from layer0.candidates.records import CORRECTABLE
from layer0.io.scenarios import builtin_names


def _script():
    spec = importlib.util.spec_from_file_location("readme_examples",
                                                  ROOT / "scripts" / "readme_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_readme_example_is_what_the_command_prints_now():
    script = _script()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(script.MARKER.findall(text)) >= 4
    assert script.stale(text) == [], "run: python scripts/readme_examples.py"


def test_help_lists_the_built_in_scenarios_and_the_correctable_fields(cli):
    run = cli("run", "--help").stdout
    for name in builtin_names():
        assert name in run, name
    review = " ".join(cli("review", "--help").stdout.split())
    for name in CORRECTABLE:
        assert name in review, name
