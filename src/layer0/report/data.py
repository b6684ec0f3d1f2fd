"""What a report is made of: the run's summary.json and the answers gathered beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Labelled:
    """An answer (a coverage, a comparison) with the words that say what it is about."""

    label: str
    answer: dict


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows; plain JSON-like records, as the services return them.

    summary:        summary.json of the run (DESIGN.md contract plus flows and supply)
    day:            the date for "export controls in force"
    controls:       `services.supply.controls(day)`: {"date", "controls": [...]}
    coverage:       the Nuton offtake against facilities (CoverageAnswer each)
    comparison:     `services.scenarios.compare(...)` of demand (None: left out), and of
                    primary demand for the scenarios that change only secondary supply
    concentration:  material -> its stage records with the shares by country
    sources:        source id -> {title, publisher, date, url} (the bibliography)
    provenance:     topic (a figure, a material) -> the source ids of the rows behind it
    material_names: material id -> its name
    data_version:   the reference data the supply, controls and coverage answers used (the
                    run's own is in the summary; they differ when the data changed since)
    notes:          sentences on where the numbers come from (the run folder, the cache)
    """

    summary: dict
    day: date
    controls: dict
    coverage: list[Labelled]
    comparison: dict | None
    comparison_primary: dict | None
    concentration: dict[str, list[dict]]
    sources: dict[str, dict]
    provenance: dict[str, list[str]]
    material_names: dict[str, str]
    data_version: str
    notes: list[str] = field(default_factory=list)

    @property
    def scenario(self) -> str:
        return str(self.summary["scenario"])

    def name(self, material: str) -> str:
        return self.material_names.get(material, material)
