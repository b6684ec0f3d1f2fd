"""Errors that mean "the input is wrong": the CLI turns them into exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input. Each problem reads `where: field: problem` (where = path:line or a pointer)."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
