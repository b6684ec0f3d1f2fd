"""Scenarios from YAML text (a file's, or a request body's): every problem names the YAML
line of the key it is about. Reading the files is `layer0.io.scenarios`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import yaml
from pydantic import ValidationError

from layer0.errors import InputError, Problem
from layer0.scenario.schema import Scenario

# libyaml's parser where PyYAML was built with it (the wheels are): the same documents,
# faster. Its error messages differ, so a document it refuses is read again by the Python
# parser, whose messages (and lines) are the ones layer0 has always shown.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TOO_DEEP = "nested too deeply to be a scenario (a scenario is a few levels deep)"


@dataclass(frozen=True)
class ScenarioText:
    """A scenario's YAML text and what to call it in messages (its path, or a label)."""

    text: str
    where: str

    @cached_property
    def _root(self):
        return yaml.compose(self.text, Loader=_LOADER)

    def line_of(self, keys: list[str]) -> int:
        """YAML line (1-based) of the deepest node on the key chain `keys` that exists."""
        return line_of(self._root, keys)


ScenarioSource = str | ScenarioText  # a built-in name, a YAML path, or YAML text


def parse_scenario(source: ScenarioText) -> Scenario:
    """Validate YAML text; InputError with `where:line: key.chain: problem` for each problem."""
    where = source.where
    try:
        try:
            data = yaml.load(source.text, Loader=_LOADER)
        except yaml.YAMLError:
            data = yaml.load(source.text, Loader=yaml.SafeLoader)  # to raise its own message
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise InputError.at(f"{where}:{line}", "yaml",
                            str(getattr(err, "problem", err))) from None
    except RecursionError:
        raise InputError.at(f"{where}:1", "yaml", TOO_DEEP) from None
    if not isinstance(data, dict):
        raise InputError.at(f"{where}:1", "file", "a scenario must be a mapping of keys")
    try:
        return Scenario.model_validate(data)
    except RecursionError:
        raise InputError.at(f"{where}:1", "yaml", TOO_DEEP) from None
    except ValidationError as err:
        problems = []
        for e in err.errors():
            if (e["loc"][:1] == ("demand_path",) and e["type"] == "string_type"
                    and isinstance(data.get("demand_path"), dict)):
                continue  # a mapping was meant as a path of its own: the str branch is noise
            loc = [str(p) for p in e["loc"] if not str(p).startswith("function-")]
            loc = [p for p in loc if p not in ("str", "DemandPath", "int", "float")]
            problems.append(Problem(f"{where}:{source.line_of(loc)}", ".".join(loc) or "scenario",
                                    e["msg"].removeprefix("Value error, ")))
        raise InputError(list(dict.fromkeys(problems))) from None


def line_of(node, loc: list[str]) -> int:
    """YAML line (1-based) of the deepest node on `loc` that exists."""
    line = node.start_mark.line + 1 if node is not None else 0
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if str(k.value) == key]
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
