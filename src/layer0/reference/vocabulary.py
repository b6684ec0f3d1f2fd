"""Names shared by the reference tables and the scenarios (no models here, so that a
scenario can be read without building every table's schema)."""

from __future__ import annotations

from typing import Literal

ProjectStatus = Literal[
    "announced", "under_construction", "partially_operating", "operating", "cancelled"
]
PROJECT_STATUSES: tuple[str, ...] = ProjectStatus.__args__
