"""Row schemas of the reference tables, one pydantic model per CSV file.

Every table but the bibliography carries `source_id` and a `quality` tag; DERIVED and
ASSUMED rows must say how the number was made (`note`). Every number must be finite
(`inf` and `nan` are refused) and, where the table fixes its unit, inside the plausible range
of `layer0.limits`; quantities whose unit varies by row are checked after conversion, in
`layer0.reference.checks`, with the cross-table rules (ids that must exist, shares that must
sum to 1).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from layer0 import limits
from layer0.reference.vocabulary import ProjectStatus

Quality = Literal["SRC", "SEC", "DERIVED", "ASSUMED"]
Stage = Literal["mining", "refining"]
EquipmentClass = Literal["it", "plant", "building"]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _public_date(v: str) -> str:
    if problem := limits.date_problem(v):
        raise ValueError(problem)
    return v


PublicDate = Annotated[str, AfterValidator(_public_date)]  # YYYY, YYYY-MM or YYYY-MM-DD


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              allow_inf_nan=False)


class SourcedRow(Row):
    source_id: str = Field(min_length=1)
    quality: Quality
    note: str = ""

    @model_validator(mode="after")
    def _reasoning_stated(self):
        if self.quality in ("DERIVED", "ASSUMED") and len(self.note) < 10:
            raise ValueError(f"note: a {self.quality} row must state its method or reasoning")
        return self


class Triplet(SourcedRow):
    """A low / mode / high range; the mode is the deterministic value."""

    low: float = Field(ge=0)
    mode: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low <= self.mode <= self.high:
            raise ValueError(f"low/mode/high: need low <= mode <= high, got "
                             f"{self.low} / {self.mode} / {self.high}")
        return self


class SourceRow(Row):
    id: str = Field(pattern=_SLUG.pattern)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: str
    url: str
    note: str = ""

    @field_validator("date")
    @classmethod
    def _iso_date(cls, v: str) -> str:
        if v != "n.d." and (problem := limits.date_problem(v)):
            raise ValueError(f"{problem} (or n.d. for an undated page)")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not (v.startswith(("http://", "https://")) or v.startswith("docs/")):
            raise ValueError("must be an http(s) URL or a docs/ path of this repository")
        return v


class Material(SourcedRow):
    id: str = Field(pattern=_SLUG.pattern)
    name: str
    parent: str = ""          # e.g. neodymium -> rare_earths
    supply_material: str = ""  # which supply table stands for it (electrical_steel -> steel)


class Component(SourcedRow):
    """A part of the campus. `scope` places it in a system boundary (inside the fence, the
    campus's own generation and storage, the dedicated grid connection); `driver` is the stock
    it serves: the IT capacity (MW IT), or on-site gas or fuel-cell generation (MW) or campus
    batteries (MWh), whose intensities are per unit of that driver."""

    id: str = Field(pattern=_SLUG.pattern)
    name: str
    scope: Literal["inside_fence", "campus", "grid"]
    equipment_class: EquipmentClass  # which end-of-life route it takes (recycling.csv)
    driver: Literal["it", "onsite_gas", "onsite_fuel_cell", "campus_battery"] = "it"


DRIVER_UNITS = {"it": "MW", "onsite_gas": "MW", "onsite_fuel_cell": "MW",
                "campus_battery": "MWh"}


class Archetype(SourcedRow):
    id: str = Field(pattern=_SLUG.pattern)
    name: str
    description: str


class Architecture(SourcedRow):
    id: str = Field(pattern=_SLUG.pattern)
    axis: Literal["power", "cooling"]
    description: str


class Region(SourcedRow):
    code: str = Field(pattern=r"^[A-Z][A-Z_]*[A-Z]$")
    name: str
    kind: Literal["country", "aggregate"]
    members: str  # space-separated ISO alpha-2 codes; "*" = every country not listed elsewhere;
    #              "ALL" = every country (WORLD)


class LifetimeRow(Triplet):
    """Median lifetime t50 as low / mode / high; t90 = t50 x t90_ratio (90% retired)."""

    component: str
    archetype: str  # an archetype id or "any"
    family: Literal["fixed", "normal", "lognormal", "weibull"]
    t90_ratio: float = Field(ge=1, le=5)
    unit: str

    @model_validator(mode="after")
    def _spread_fits_family(self):
        if self.low < 1:
            raise ValueError(f"low: a median lifetime must be at least 1 year, got {self.low}")
        if (self.family == "fixed") != (self.t90_ratio == 1):
            raise ValueError(f"t90_ratio: a {self.family} lifetime needs "
                             f"{'t90_ratio = 1' if self.family == 'fixed' else 't90_ratio > 1'}"
                             f", got {self.t90_ratio}")
        return self


class Intensity(Triplet):
    material: str
    component: str
    archetype: str      # an archetype id or "any"
    architecture: str   # an architecture id or "any"
    unit: str


class LeadTime(Triplet):
    """Years between buying/installing a component's material and energising the hall."""

    component: str
    unit: str


class ManufacturingInput(Triplet):
    """Metal consumed making a part per unit of metal embedded in it (>= 1): fab, epitaxy,
    wafer and target losses. Reported beside embedded demand, never added to it."""

    material: str
    component: str
    unit: str

    @model_validator(mode="after")
    def _at_least_embedded(self):
        if self.low < 1:
            raise ValueError(f"low: an input per embedded unit is at least 1, got {self.low}")
        return self


class ConversionPoint(Triplet):
    """PUE or load factor in a year, for the fleet (`any`, what the model uses) or an
    archetype (the inputs the fleet rows are derived from)."""

    name: Literal["pue", "load_factor"]
    applies_to: str
    year: int = Field(ge=2000, le=2060)
    unit: str


class ProjectOnsite(SourcedRow):
    """On-site generation or storage that a registry project builds with its campus."""

    project_id: str = Field(pattern=_SLUG.pattern)
    kind: Literal["onsite_gas", "onsite_fuel_cell", "campus_battery"]
    capacity: float = Field(gt=0)
    unit: str


class ComputeDeal(SourcedRow):
    """A GW-scale chip or compute deal: a cross-check on the registry, never a site (the
    capacity sits in data centres that are, or will be, rows of projects.csv)."""

    id: str = Field(pattern=_SLUG.pattern)
    buyer: str = Field(min_length=1)
    seller: str = Field(min_length=1)
    kind: Literal["chips", "cloud_capacity", "tpu_capacity"]
    capacity_gw: float = Field(gt=0, le=100)
    announced_date: PublicDate
    first_year: int = Field(ge=2000, le=2060)
    hosted_in: str = ""


class FacilityTotal(Triplet):
    """A published facility-level total (t/MW), the other evidence family beside the
    bottom-up rows of intensities.csv: in the draws that follow it, the components in `scales`
    are rescaled so that the facility sums to it (model/evidence.py)."""

    material: str
    archetype: str
    scope: Literal["inside_fence", "with_grid"]
    unit: str
    mw_basis: Literal["it", "facility", "unspecified"] = "unspecified"
    scales: str = Field(min_length=1)


class PathPoint(SourcedRow):
    path: str = Field(pattern=_SLUG.pattern)
    region: str
    year: int = Field(ge=2000, le=2060)
    value: float = Field(ge=0)
    unit: str


class ParameterRow(Triplet):
    name: str = Field(pattern=_SLUG.pattern)
    applies_to: str = "any"
    unit: str


class MixPoint(SourcedRow):
    year: int = Field(ge=2000, le=2060)
    archetype: str
    share: float = Field(ge=0, le=1)


class FxRate(SourcedRow):
    """US dollars per unit of a currency: a year's mean (month blank) or a month's, so that
    news is converted at its own month's rate and project capex at its year's."""

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    year: int = Field(ge=2000, le=2060)
    month: int | None = Field(default=None, ge=1, le=12)
    usd_per_unit: float = Field(gt=0, le=limits.USD_PER_UNIT.high)


class Project(SourcedRow):
    id: str = Field(pattern=_SLUG.pattern)
    operator: str = Field(min_length=1)
    name: str = Field(min_length=1)
    region: str
    announced_date: PublicDate
    capex: float | None = Field(default=None, gt=0, le=limits.CAPEX.high)
    capex_currency: str | None = None
    capex_scope: Literal["all_in", "construction", "unspecified"] | None = None
    capacity_mw: float | None = Field(default=None, gt=0, le=limits.SITE_MW.high)
    capacity_basis: Literal["it", "facility", "unspecified"] | None = None
    status: ProjectStatus
    first_year: int = Field(ge=2000, le=2060)
    full_year: int = Field(ge=2000, le=2060)
    archetype: str

    @model_validator(mode="after")
    def _consistent(self):
        if self.full_year < self.first_year:
            raise ValueError(f"full_year: {self.full_year} is before first_year {self.first_year}")
        if self.capacity_mw is None and self.capex is None:
            raise ValueError("capacity_mw: give capacity_mw, or capex to estimate it from")
        if self.capacity_mw is not None and self.capacity_basis is None:
            raise ValueError("capacity_basis: must be one of it, facility, unspecified")
        if self.capex is not None and (self.capex_currency is None or self.capex_scope is None):
            raise ValueError("capex_currency: capex needs capex_currency and capex_scope")
        return self


class SupplyRow(SourcedRow):
    material: str
    stage: Stage
    country: str
    year: int = Field(ge=1990, le=2060)
    value: float = Field(ge=0)
    unit: str
    measure: str = ""


class SupplyAsset(SourcedRow):
    id: str = Field(pattern=_SLUG.pattern)
    name: str
    kind: Literal["mine", "offtake", "resource", "demonstration"]
    material: str
    country: str
    region: str
    operator: str = ""
    counterparty: str = ""
    value: float | None = Field(default=None, ge=0)
    unit: str = ""
    per: Literal["year", "total"] | None = None
    period_years: int | None = Field(default=None, gt=0, le=limits.PERIOD_YEARS.high)
    start_year: int | None = Field(default=None, ge=1900, le=2100)

    @model_validator(mode="after")
    def _amount(self):
        if self.value is not None and (not self.unit or self.per is None):
            raise ValueError("unit: a value needs a unit and per (year or total)")
        if self.per == "total" and self.period_years is None:
            raise ValueError("period_years: a total needs the period it covers")
        return self


class RecyclingRow(Triplet):
    """End of life: collection (share of retired mass that reaches recycling) or recovery (share
    of the collected mass that comes back as the same material). `*` = every material;
    `any` = every equipment class. Specific rows win (see model/recycling.py)."""

    material: str
    equipment_class: Literal["it", "plant", "building", "any"]
    parameter: Literal["collection", "recovery"]
    unit: str

    @model_validator(mode="after")
    def _a_share(self):
        if self.high > 1:
            raise ValueError(f"high: a rate is a share between 0 and 1, got {self.high}")
        return self


class ImportReliance(SourcedRow):
    material: str
    country: str
    year: int = Field(ge=limits.DATA_YEAR.low, le=limits.DATA_YEAR.high)
    value_pct: float = Field(ge=0, le=100)
    comparator: Literal["=", ">", "<"] = "="


class ExportControl(SourcedRow):
    """One export-control measure as it applies to one material. Dates are ISO days; a
    suspension has its own source. `destinations` is ALL or ISO codes separated by spaces."""

    id: str = Field(pattern=_SLUG.pattern)
    issuer: str = Field(min_length=2, max_length=2)
    instrument: str = Field(min_length=1)
    material: str
    forms: str = Field(min_length=1)
    control: Literal["licence", "ban", "end_use_review", "extraterritorial", "technology",
                     "quota", "export_suspension", "general_licence", "import_tariff",
                     "domestic_sales_requirement", "import_negotiation"]
    destinations: str = Field(pattern=r"^(ALL|[A-Z]{2}( [A-Z]{2})*)$")
    announced: date
    effective: date
    ends: date | None = None
    suspended_from: date | None = None
    suspended_until: date | None = None
    suspension_source_id: str = ""
    # trade measures (tariffs, domestic sales rules) sit beside export controls; for an import
    # measure `destinations` is the importing market
    kind: Literal["export_control", "trade_measure"] = "export_control"
    rate_pct: float | None = Field(default=None, ge=0, le=1000)
    contingent: bool = False  # announced as possible, not decided: never in force by itself

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.effective < self.announced:
            raise ValueError(f"effective: {self.effective} is before announced {self.announced}")
        if self.ends is not None and self.ends < self.effective:
            raise ValueError(f"ends: {self.ends} is before effective {self.effective}")
        if (self.suspended_from is None) != (self.suspended_until is None):
            raise ValueError("suspended_until: give suspended_from and suspended_until together")
        if self.suspended_from is not None:
            if self.suspended_until <= self.suspended_from:
                raise ValueError(f"suspended_until: {self.suspended_until} is not after "
                                 f"suspended_from {self.suspended_from}")
            if not self.suspension_source_id:
                raise ValueError("suspension_source_id: a suspension needs its own source")
        return self


class Governance(SourcedRow):
    """World Bank WGI: mean of the six governance estimates, -2.5 (worst) .. 2.5 (best)."""

    country: str
    year: int = Field(ge=1996, le=2100)
    wgi_mean: float = Field(ge=-2.5, le=2.5)


class EUCriticality(SourcedRow):
    """Inputs and results of the EU criticality assessment for one material. Blank = the
    assessment gives no value (reported as missing, never filled in)."""

    material: str
    eu_name: str
    eol_rir_pct: float | None = Field(default=None, ge=0, le=100)
    si_sr: float | None = Field(default=None, ge=0, le=1)
    eu_sr: float | None = Field(default=None, ge=0, le=100)   # published scores run to ~7
    eu_ei: float | None = Field(default=None, ge=0, le=100)   # and ~9
    eu_stage: Literal["extraction", "processing"]
    ir_extraction_pct: float | None = Field(default=None, ge=0, le=100)
    ir_processing_pct: float | None = Field(default=None, ge=0, le=100)
    year: int = Field(ge=2010, le=2100)


# file name -> (row model, key columns that must be unique)
TABLES: dict[str, tuple[type[Row], tuple[str, ...]]] = {
    "sources.csv": (SourceRow, ("id",)),
    "materials.csv": (Material, ("id",)),
    "components.csv": (Component, ("id",)),
    "archetypes.csv": (Archetype, ("id",)),
    "architectures.csv": (Architecture, ("id",)),
    "regions.csv": (Region, ("code",)),
    "lifetimes.csv": (LifetimeRow, ("component", "archetype")),
    "intensities.csv": (Intensity, ("material", "component", "archetype", "architecture")),
    "facility_totals.csv": (FacilityTotal, ("material", "archetype", "scope")),
    "lead_times.csv": (LeadTime, ("component",)),
    "conversion_paths.csv": (ConversionPoint, ("name", "applies_to", "year")),
    "manufacturing_input.csv": (ManufacturingInput, ("material", "component")),
    "project_onsite.csv": (ProjectOnsite, ("project_id", "kind", "source_id")),
    "compute_deals.csv": (ComputeDeal, ("id",)),
    "electricity_paths.csv": (PathPoint, ("path", "region", "year")),
    "parameters.csv": (ParameterRow, ("name", "applies_to")),
    "recycling.csv": (RecyclingRow, ("material", "equipment_class", "parameter")),
    "archetype_mix.csv": (MixPoint, ("year", "archetype")),
    "fx_rates.csv": (FxRate, ("currency", "year", "month")),
    "projects.csv": (Project, ("id",)),
    "supply.csv": (SupplyRow, ("material", "stage", "country", "year")),
    "supply_assets.csv": (SupplyAsset, ("id",)),
    "import_reliance.csv": (ImportReliance, ("material", "country", "year")),
    "export_controls.csv": (ExportControl, ("id",)),
    "governance.csv": (Governance, ("country", "year")),
    "criticality_eu.csv": (EUCriticality, ("material", "year")),
}
