"""Supply questions: concentration, export controls on a date, the risk index, what a
disruption leaves unmet, what a supply covers, and scenarios compared. Each computes and
changes nothing, so each is a read."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from layer0.api.deps import reader, settings
from layer0.errors import InputError

router = APIRouter(tags=["supply"], dependencies=[Depends(reader)])
MAX_SAMPLES = 20_000   # a question waits for its answer: bounded like an interactive run


def _scenario(name: str) -> str:
    """A built-in scenario's name (never a path on the server)."""
    from layer0.services.options import builtin_scenarios

    if name not in builtin_scenarios():
        raise InputError.parameter("scenario", f"unknown '{name}' (allowed: "
                                   f"{', '.join(builtin_scenarios())})")
    return name


class Sampled(BaseModel):
    model_config = ConfigDict(extra="forbid")   # misspelt fields are refused

    samples: int = Field(2000, ge=1, le=MAX_SAMPLES,
                         description="As the command line's default: the same numbers.")
    seed: int = 0
    scenario: str = "base"


class DisruptBody(Sampled):
    material: str
    country: str = Field(description="ISO 3166-1 alpha-2 code of the country that stops.")
    stage: Literal["mining", "refining"] = "refining"
    start: int
    end: int
    fraction: float = Field(1.0, description="Share of the country's supply lost, 0-1.")
    stockpile_months: float = 0.0
    recycling: bool = False
    region: str | None = None
    flow: Literal["embedded", "manufacturing_input"] = Field(
        "embedded", description="The metal embedded in what is built, or the metal consumed "
        "making it (fab, epitaxy and wafer losses).")


class CoverageBody(Sampled):
    material: str
    asset: str | None = Field(None, description="A supply asset's id (supply_assets.csv or "
                              "an accepted offtake).")
    quantity_t: float | None = None
    years: float | None = None
    facility: str | None = Field(None, description="A registry project's id.")
    capacity_mw: float | None = None
    archetype: str | None = None
    scope: Literal["facility", "with_grid"] = "facility"


class CompareBody(BaseModel):
    model_config = ConfigDict(extra="forbid")   # misspelt fields are refused

    scenarios: list[str] = Field(min_length=2, max_length=8)
    samples: int = Field(1000, ge=1, le=MAX_SAMPLES)
    seed: int = 0
    flow: Literal["demand", "growth", "replacement", "retired", "secondary", "primary"] = \
        "demand"
    materials: list[str] | None = None


@router.get("/supply")
def supply(material: str, stage: Literal["mining", "refining"] | None = None,
           year: int | None = None, config=Depends(settings)):
    """Shares by country, HHI, top country and China (with accepted news observations)."""
    from layer0.services.supply import concentration

    return concentration(material, stage, year, config)


@router.get("/controls")
def controls(date: str | None = None, material: str | None = None,
             destination: str | None = None, config=Depends(settings)) -> dict:
    """Export controls known on a date (default today), with status and sources."""
    from layer0.services.supply import controls as known

    return known(date, material, destination, config)


@router.get("/risk")
def risk(material: str | None = None, year: int = 2024, config=Depends(settings)
         ) -> list[dict]:
    from layer0.services.supply import risk as risk_records

    return risk_records(material, year, config)


@router.post("/disrupt")
def disrupt(body: DisruptBody, config=Depends(settings)) -> dict:
    """Data-centre demand left unmet when a country's supply at a stage stops or falls."""
    from layer0.services.supply import disrupt as run

    return run(body.material, body.country, body.stage, body.start, body.end, body.fraction,
               body.stockpile_months, body.recycling, body.region, body.samples, body.seed,
               _scenario(body.scenario), config, flow=body.flow)


@router.post("/coverage")
def coverage(body: CoverageBody, config=Depends(settings)) -> dict:
    """Does a supply asset or a quantity cover a facility's material, and how many MW?"""
    from layer0.services.supply import coverage as run

    return run(body.material, body.asset, body.quantity_t, body.years, body.facility,
               body.capacity_mw, body.archetype, body.scope, body.samples, body.seed,
               _scenario(body.scenario), config)


@router.post("/compare")
def compare(body: CompareBody, config=Depends(settings)) -> dict:
    """P5/P50/P95 per scenario and period, and the paired difference from the first."""
    from layer0.services.scenarios import compare as run

    return run([_scenario(s) for s in body.scenarios], body.samples, body.seed, body.flow,
               body.materials, settings=config)
