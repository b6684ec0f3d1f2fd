"""Errors that mean "the input is wrong": a list of problems, each naming where and which field.

The core names fields by their model name (`samples`, `capacity_mw`, `demand_path.values`);
each front end renders them its own way: the CLI as `--samples: field: ...` or
`path:line: field: ...` (exit code 2), the REST API as a 422 problem body with `loc`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_MENTION = re.compile("\u2039([a-z_.]+)\u203a")


def mention(field: str) -> str:
    """Another request field named inside a message. Each front end shows it its own way
    (`--capacity-mw` on the command line, `capacity_mw` in Python and the API), so the core
    never speaks one front end's language."""
    return f"\u2039{field}\u203a"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    where: `path:line` of a file, a JSON pointer into a request body, or "" when the bad
           value is the request parameter `field` itself;
    field: the model name of the field (a request parameter when `param` is true; a part of
           a structured parameter is named `parameter.part`, e.g. `set.capacity_mw`);
    message: what is wrong and what is allowed.
    """

    where: str
    field: str
    message: str
    param: bool = False

    @classmethod
    def parameter(cls, field: str, message: str, where: str = "") -> Problem:
        """A problem with a request parameter (a CLI option, an API query or body field)."""
        return cls(where, field, message, param=True)

    def text(self, show: Callable[[str], str] = str) -> str:
        """The message with each `mention`ed field shown by `show` (default: its name)."""
        return _MENTION.sub(lambda m: show(m.group(1)), self.message)

    def __str__(self) -> str:
        return ": ".join(part for part in (self.where, self.field, self.text()) if part)


class InputError(Exception):
    """Bad input: one or more problems. A plain string is a problem without a field."""

    def __init__(self, problems: Problem | str | Iterable[Problem | str]):
        if isinstance(problems, Problem | str):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem("", "", p) for p in problems]
        super().__init__("\n".join(map(str, self.problems)))

    @classmethod
    def parameter(cls, field: str, message: str, where: str = "") -> InputError:
        return cls(Problem.parameter(field, message, where))

    @classmethod
    def at(cls, where: str, field: str, message: str) -> InputError:
        return cls(Problem(where, field, message))

    def relocated(self, old: str, new: str) -> InputError:
        """The same problems with `old` replaced by `new` in their `where` (e.g. a temporary
        name by what the user knows the input as)."""
        return InputError([Problem(p.where.replace(old, new), p.field, p.message, p.param)
                           for p in self.problems])


class NotFound(InputError):
    """Bad input that names something that does not exist (an id): the REST API answers 404,
    the command line exits 2 like any bad input."""


class Conflict(InputError):
    """Bad input that clashes with what exists (a project id already taken): the REST API
    answers 409, the command line exits 2."""


def problems_json(problems: list[Problem]) -> list[dict]:
    """Problems as the API shows them: `loc` the path of the field (`["set", "date"]`) and
    `pointer` the same as a JSON pointer (`/set/date`, RFC 6901), its name and the message,
    and `where` the input it was found in (a YAML line, a record)."""
    out = []
    for p in problems:
        loc = [part for part in p.field.split(".") if part]
        item = {"loc": loc, "pointer": "".join("/" + part.replace("~", "~0").replace("/", "~1")
                                               for part in loc),
                "field": p.field, "message": p.text(lambda name: name)}
        if p.where:
            item["where"] = p.where
        out.append(item)
    return out
