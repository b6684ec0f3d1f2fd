"""Scenario files: the built-ins by name (data/scenarios/*.yaml) and your own by path, read as
text for `layer0.scenario.parse_scenario`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from layer0.errors import InputError

if TYPE_CHECKING:  # the parser (pydantic, YAML) loads on first read: help lists names only
    from layer0.scenario import Scenario, ScenarioText

ALIASES = {"default": "base"}  # names of earlier versions


def _folder():
    return resources.files("layer0") / "data" / "scenarios"


def builtin_names() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in _folder().iterdir()
                  if p.name.endswith(".yaml"))


def scenario_path(name_or_path: str) -> Path:
    """The file of a built-in scenario (by name) or of a YAML path."""
    path = Path(name_or_path)
    if not path.suffix:
        name = ALIASES.get(name_or_path, name_or_path)
        if name not in builtin_names():
            raise InputError.parameter("scenario", f"unknown scenario '{name_or_path}' (built-in:"
                                       f" {', '.join(builtin_names())}; or give a path to a "
                                       ".yaml file)")
        path = Path(str(_folder() / f"{name}.yaml"))
    if path.is_dir():
        raise InputError.at(f"{path}:0", "file", "is a folder, not a scenario file")
    if not path.is_file():
        raise InputError.at(f"{path}:0", "file", "does not exist")
    return path


def read_scenario(name_or_path: str) -> ScenarioText:
    """The text of a built-in scenario (by name) or of a YAML file (by path)."""
    from layer0.scenario import ScenarioText

    path = scenario_path(name_or_path)
    try:
        return ScenarioText(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError.at(f"{path}:0", "file",
                            f"cannot be read as UTF-8 text ({err})") from None


def load_scenario(name_or_path: str) -> Scenario:
    """A built-in scenario by name, or a YAML file by path."""
    from layer0.scenario import parse_scenario

    return parse_scenario(read_scenario(name_or_path))
