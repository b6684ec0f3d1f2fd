"""Scenario: the what-if of a run, as validated YAML (see README "Scenarios" for every key).

A scenario names the top-down path (or gives its own values, or none: announced projects
only), the architectures, and optional blocks that override reference data: conversion (PUE,
load factor), archetype mix, logistic adoption of architectures, a yearly intensity change,
recycling rates, component lifetimes and how announced projects complete and slip. Every
number in those blocks may be a distribution, and every block carries its `source`.

This module is the schema only: reading YAML text (with the line of every problem) is in
`scenario.loading`, the checks against the reference data (names of paths, archetypes,
materials) in `scenario.references`. Unknown keys are refused so typos never pass.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from layer0 import limits
from layer0.reference.vocabulary import PROJECT_STATUSES
from layer0.units import UnitProblem, factor_to

MODEL_YEARS = (2015, 2050)
# statuses a scenario may give a completion probability (a cancelled project is left out)
# and the ones that may slip (capacity in service cannot slip into the future)
COMPLETING = tuple(s for s in PROJECT_STATUSES if s != "cancelled")
SLIPPING = ("announced", "under_construction")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Dist(_Strict):
    """A number with its uncertainty: triangular (low, mode, high), uniform (low, high) or
    fixed (value). A plain number in YAML is a fixed value."""

    dist: Literal["triangular", "uniform", "fixed"] = "triangular"
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    value: float | None = None

    @model_validator(mode="after")
    def _shape(self) -> Dist:
        need = {"triangular": ("low", "mode", "high"), "uniform": ("low", "high"),
                "fixed": ("value",)}[self.dist]
        given = {k for k in ("low", "mode", "high", "value") if getattr(self, k) is not None}
        if given != set(need):
            raise ValueError(f"a {self.dist} distribution takes exactly {', '.join(need)}"
                             f" (got {', '.join(sorted(given)) or 'none'})")
        values = [getattr(self, k) for k in need]
        if not all(math.isfinite(v) for v in values):
            raise ValueError("values must be finite numbers")
        if values != sorted(values):
            raise ValueError(f"must have {' <= '.join(need)}, got {values}")
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        if self.dist == "fixed":
            return self.value, self.value
        return self.low, self.high

    def central(self) -> float:
        return {"fixed": self.value, "triangular": self.mode}.get(
            self.dist, (self.bounds[0] + self.bounds[1]) / 2)


def _number_to_dist(v):
    if isinstance(v, bool):
        raise ValueError("must be a number or {dist: triangular, low, mode, high}, not true/false")
    if isinstance(v, int | float):
        return {"dist": "fixed", "value": v}
    if not isinstance(v, dict):
        raise ValueError(f"must be a number or {{dist: triangular, low, mode, high}}, got {v!r}")
    return v


Value = Annotated[Dist, BeforeValidator(_number_to_dist)]


def _within(v: Dist, low: float, high: float, what: str, open_low: bool = False) -> Dist:
    lo, hi = v.bounds
    if lo < low or (open_low and lo <= low) or hi > high:
        side = "above" if open_low else "at least"
        raise ValueError(f"{what} must be {side} {low:g} and at most {high:g}, got {lo:g}"
                         + (f"-{hi:g}" if hi != lo else ""))
    return v


def _bounded(low: float, high: float, what: str, open_low: bool = False):
    """A Value whose whole range must lie in [low, high] (errors point at its own key)."""
    return Annotated[Dist, BeforeValidator(_number_to_dist),
                     AfterValidator(lambda v: _within(v, low, high, what, open_low))]


Probability = _bounded(0.0, 1.0, "a probability")
SlipYears = _bounded(0.0, 15.0, "slippage (years)")
LifetimeYears = _bounded(1.0, 100.0, "median lifetime (years)")
RatePerYear = _bounded(-0.5, 0.5, "rate per year")
RecyclingShare = _bounded(0.0, 1.0, "a rate (share)")

SourceText = Annotated[str, Field(min_length=1,
                                  description="URL, source id, or ASSUMED: reasoning")]


class DemandPath(_Strict):
    """A top-down path given in the scenario itself: energy (TWh, ...) or IT power (MW, ...)."""

    unit: str
    source: SourceText
    values: dict[str, dict[int, float]] = Field(min_length=1)

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if "/" in v:  # TWh/yr has the dimension of power and would skip PUE and load factor
            raise ValueError(f"'{v}': give yearly electricity as an energy unit (TWh, GWh) or "
                             f"IT capacity as a power unit (MW, GW), without '/'")
        for target in ("TWh", "MW"):
            try:
                factor_to(v, target)
                return v
            except UnitProblem:
                continue
        raise ValueError(f"'{v}' is neither energy (TWh, GWh, ...) nor IT power (MW, GW, ...)")

    @field_validator("values")
    @classmethod
    def _values(cls, v: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
        for region, points in v.items():
            if len(points) < 2:
                raise ValueError(f"{region}: a path needs at least two years, got {len(points)}")
            for year, value in points.items():
                if not 2000 <= year <= 2100:
                    raise ValueError(f"{region}: year {year} is outside 2000-2100")
                if not (math.isfinite(value) and value >= 0):
                    raise ValueError(f"{region}: {year}: must be a finite number >= 0, got {value}")
        return v

    @model_validator(mode="after")
    def _plausible(self) -> DemandPath:
        """World electricity is ~30,000 TWh; a path far above it is a unit slip."""
        limit, target = (1e5, "TWh") if self.kind == "energy" else (1e8, "MW")
        factor = factor_to(self.unit, target)
        for region, points in self.values.items():
            for year, value in points.items():
                if value * factor > limit:
                    raise ValueError(f"values: {region}: {year}: {value:g} {self.unit} is above "
                                     f"{limit:g} {target}; check the unit")
        return self

    @property
    def kind(self) -> str:
        try:
            factor_to(self.unit, "TWh")
            return "energy"
        except UnitProblem:
            return "power"


class Conversion(_Strict):
    pue: _bounded(1.0, 4.0, "PUE") | None = None
    load_factor: _bounded(0.0, 1.0, "load factor", open_low=True) | None = None
    source: SourceText


class ArchetypeMix(_Strict):
    shares: dict[str, float] = Field(min_length=1)
    concentration: float | None = Field(None, gt=0, le=1e6)
    source: SourceText

    @field_validator("shares")
    @classmethod
    def _sum(cls, v: dict[str, float]) -> dict[str, float]:
        if any(not (math.isfinite(s) and 0 <= s <= 1) for s in v.values()):
            raise ValueError(f"each share must be between 0 and 1, got {v}")
        if abs(sum(v.values()) - 1) > 1e-6:
            raise ValueError(f"shares must sum to 1, they sum to {sum(v.values()):.6g}")
        return v


class Adoption(_Strict):
    """Share of new cohorts built with `architecture` (the key): a logistic curve
    ceiling / (1 + exp(-steepness (year - midpoint)))."""

    applies_to: list[str] = Field(min_length=1)
    midpoint: _bounded(2000, 2100, "midpoint year")
    steepness: _bounded(0.0, 10.0, "steepness (per year)", open_low=True)
    ceiling: _bounded(0.0, 1.0, "ceiling (a share)")
    source: SourceText

    @field_validator("applies_to")
    @classmethod
    def _once(cls, v: list[str]) -> list[str]:
        if len(set(v)) < len(v):
            raise ValueError(f"each archetype once, got {v}")
        return v


class IntensityChange(_Strict):
    """Intensity of new cohorts x (1 + rate)^(year - from_year) after from_year."""

    from_year: int = Field(ge=2000, le=2100)
    rates: dict[str, RatePerYear] = Field(min_length=1)
    source: SourceText


class MaterialRecycling(_Strict):
    collection: RecyclingShare
    recovery: RecyclingShare

    @field_validator("collection", "recovery")
    @classmethod
    def _triangle(cls, v):
        if v.dist == "uniform":  # rates are triangles per equipment class (recycling.csv)
            raise ValueError("a recycling rate is a number or a triangular distribution")
        return v


class Recycling(_Strict):
    """End-of-life rates for all equipment classes of a material ('*' = every material)."""

    rates: dict[str, MaterialRecycling] = Field(min_length=1)
    source: SourceText


class Lifetimes(_Strict):
    """Median lifetime (years) of a component, for every archetype."""

    median_years: dict[str, LifetimeYears] = Field(min_length=1)
    source: SourceText


class Announced(_Strict):
    """How announced projects enter: completion probability by status (a project is built in
    full or not at all, per sample) and slippage (years) of its first and full year, by
    status. Statuses not listed complete for sure and do not slip."""

    include: bool = True
    completion_probability: dict[str, Probability] = Field(default_factory=dict)
    slippage_years: dict[str, SlipYears] = Field(default_factory=dict)
    source: SourceText | None = None

    @field_validator("completion_probability", "slippage_years")
    @classmethod
    def _statuses(cls, v: dict[str, Dist], info) -> dict[str, Dist]:
        allowed = COMPLETING if info.field_name == "completion_probability" else SLIPPING
        bad = [s for s in v if s not in allowed]
        if bad:
            raise ValueError(f"unknown or not allowed status {', '.join(bad)} (allowed: "
                             f"{', '.join(allowed)})")
        return v

    @model_validator(mode="after")
    def _sourced(self) -> Announced:
        if (self.completion_probability or self.slippage_years) and not self.source:
            raise ValueError("source: completion probabilities and slippage need a source")
        return self


class Scenario(_Strict):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str = Field("", max_length=100)  # one line for `layer0 scenarios list`
    description: str = ""
    years: tuple[int, int]
    # a path of electricity_paths.csv, a path given here, or null: announced projects only
    demand_path: str | DemandPath | None
    # beyond the path's last sourced year: "none" refuses (one year of trend at most),
    # "hold" keeps the last value flat (a plateau, the cautious reading of a path that ends)
    path_extension: Literal["none", "hold"] = "none"
    architecture: dict[str, list[str]]
    conversion: Conversion | None = None
    archetype_mix: ArchetypeMix | None = None
    adoption: dict[str, Adoption] = Field(default_factory=dict)
    intensity_change: IntensityChange | None = None
    recycling: Recycling | None = None
    lifetimes: Lifetimes | None = None
    announced: Announced = Announced()
    # the supply data year to use (the latest at or before it); checked against the data
    supply_year: int = Field(2024, ge=limits.DATA_YEAR.low, le=limits.DATA_YEAR.high)

    @field_validator("years")
    @classmethod
    def _years(cls, v: tuple[int, int]) -> tuple[int, int]:
        start, end = v
        if not (MODEL_YEARS[0] <= start < end <= MODEL_YEARS[1]):
            raise ValueError(f"must be [start, end] with {MODEL_YEARS[0]} <= start < end <= "
                             f"{MODEL_YEARS[1]}, got {list(v)}")
        return v

    @property
    def announced_only(self) -> bool:
        return self.demand_path is None
