"""The shapes of the supply answers (what `layer0 supply|controls|risk|disrupt|coverage|
new-supply --format json` prints and summary.json's `supply` holds), as typed records.

They are TypedDicts: the answers stay plain JSON-ready dicts, and a type checker or a web
framework (FastAPI response models) reads their fields from here.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from layer0.analysis.quantiles import Quantiles


class CountryShare(TypedDict):
    country: str
    share: float


class StageConcentration(TypedDict):
    """Concentration of one material at one stage in one data year."""

    material: str
    stage: str | None
    year: int | None
    hhi: float | None            # named countries only: a lower bound (OTHER is many)
    hhi_upper: NotRequired[float]  # OTHER counted as one country: the upper bound
    top_country: str | None
    top_share: float | None
    top3_share: NotRequired[float]
    china_share: float | None
    other_share: NotRequired[float]
    proxy: NotRequired[str]        # the material whose table stands for this one
    shares: NotRequired[list[CountryShare]]
    observations: NotRequired[list[dict]]  # accepted shares from the news, shown beside
    bottleneck: NotRequired[bool]  # the stage with the highest HHI
    exposure: NotRequired[dict]
    risk: NotRequired[dict]
    missing: NotRequired[str]


class SourceRef(TypedDict):
    id: str
    url: str


class ControlRecord(TypedDict):
    """One export-control measure as it applies to one material, with its status on a day."""

    id: str
    material: str
    issuer: str
    instrument: str
    control: str
    kind: str                      # export_control | trade_measure
    destinations: str
    forms: str
    status: str                    # announced | in_force | suspended | ended | proposed
    announced: str
    effective: str
    ends: NotRequired[str]
    suspended_from: NotRequired[str]
    suspended_until: NotRequired[str]
    suspension_lapsed: NotRequired[str]
    rate_pct: NotRequired[float]   # a tariff's rate
    source: SourceRef
    suspension_source: NotRequired[SourceRef]


class ControlsOnDate(TypedDict):
    date: str
    controls: list[ControlRecord]


class RiskRecord(TypedDict):
    """The EU supply-risk index, global-sourcing variant, with its inputs and gaps."""

    material: str
    index: str
    stage: NotRequired[str]
    data_year: NotRequired[int]
    stage_differs: NotRequired[str]
    inputs: dict
    supply_risk: float | None
    complete: bool
    missing: dict[str, str]
    eu_2023: NotRequired[dict]
    sources: list[str]


DisruptionAnswer = TypedDict("DisruptionAnswer", {
    "material": str, "country": str, "stage": str, "from": int, "to": int, "fraction": float,
    "stockpile_months": float, "recycling": bool, "region": str, "flow": str, "samples": int,
    "share": dict, "unmet_t": Quantiles, "unmet_share": Quantiles, "demand_t": Quantiles,
    "lost_t": Quantiles, "stockpile_t": Quantiles, "by_year": list[dict],
    "assumptions": list[str], "secondary_t": NotRequired[Quantiles], "note": NotRequired[str]})


class CoverageAnswer(TypedDict):
    material: str
    supply_t: float
    supply: dict
    facility: dict
    intensity_t_per_mw_it: Quantiles
    facility_demand_t: Quantiles
    covered_share: Quantiles
    covered_mw: Quantiles
    samples: int
    seed: int
    basis: str


NewSupplyAnswer = TypedDict("NewSupplyAnswer", {
    "material": str, "region": str, "from": int, "to": int, "samples": int,
    "by_year": list[dict], "cumulative": dict, "counted_assets": list[dict],
    "unscheduled_assets": list[dict], "basis": str})
