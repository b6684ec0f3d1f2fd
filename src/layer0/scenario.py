"""Scenario: which path, years, architectures and options a run uses (validated YAML).

Errors name the file, the YAML line and the field. Issue #5 extends the keys (adoption
curves, recycling, intensity change); unknown keys are refused so typos never pass.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from layer0.errors import InputError

MODEL_YEARS = (2015, 2050)


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    description: str = ""
    years: tuple[int, int]
    demand_path: str
    include_projects: bool = True
    architecture: dict[str, list[str]]
    supply_year: int = 2024
    # beyond the path's last sourced year: "none" refuses (one year of trend at most),
    # "hold" keeps the last value flat (a plateau, the cautious reading of a path that ends)
    path_extension: Literal["none", "hold"] = "none"

    @field_validator("years")
    @classmethod
    def _years(cls, v: tuple[int, int]) -> tuple[int, int]:
        start, end = v
        if not (MODEL_YEARS[0] <= start < end <= MODEL_YEARS[1]):
            raise ValueError(f"must be [start, end] with {MODEL_YEARS[0]} <= start < end <= "
                             f"{MODEL_YEARS[1]}, got {list(v)}")
        return v


def builtin_names() -> list[str]:
    folder = resources.files("layer0") / "data" / "scenarios"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


def load_scenario(name_or_path: str) -> Scenario:
    """A built-in scenario by name, or a YAML file by path."""
    path = Path(name_or_path)
    if not path.suffix:
        if name_or_path not in builtin_names():
            raise InputError(f"--scenario: field: unknown scenario '{name_or_path}' (built-in: "
                             f"{', '.join(builtin_names())}; or give a path to a .yaml file)")
        path = Path(str(resources.files("layer0") / "data" / "scenarios" / f"{name_or_path}.yaml"))
    if not path.is_file():
        raise InputError(f"{path}:0: file: does not exist")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise InputError(f"{path}:{line}: yaml: {getattr(err, 'problem', err)}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}:1: file: a scenario must be a mapping of keys")
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = [str(p) for p in e["loc"]]
            line = _line_of(root, loc)
            problems.append(f"{path}:{line}: {'.'.join(loc) or 'scenario'}: "
                            f"{e['msg'].removeprefix('Value error, ')}")
        raise InputError(problems) from None


def _line_of(node, loc: list[str]) -> int:
    """YAML line (1-based) of the deepest node on `loc` that exists."""
    line = node.start_mark.line + 1 if node is not None else 0
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == key]
            if not match:
                return line
            knode, node = match[0]
            line = knode.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            node = node.value[int(key)]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def check_against_reference(scenario: Scenario, ref, where: str) -> None:
    """Names the scenario uses must exist in the reference data."""
    problems = []
    paths = set(ref["electricity_paths"]["path"])
    if scenario.demand_path not in paths:
        problems.append(f"{where}: demand_path: unknown '{scenario.demand_path}' "
                        f"(allowed: {', '.join(sorted(paths))})")
    archetypes, architectures = ref.ids("archetypes"), ref.ids("architectures")
    for archetype, chosen in scenario.architecture.items():
        if archetype not in archetypes:
            problems.append(f"{where}: architecture.{archetype}: unknown archetype (allowed: "
                            f"{', '.join(sorted(archetypes))})")
        for a in chosen:
            if a not in architectures:
                problems.append(f"{where}: architecture.{archetype}: unknown architecture '{a}' "
                                f"(allowed: {', '.join(sorted(architectures))})")
    if problems:
        raise InputError(problems)
