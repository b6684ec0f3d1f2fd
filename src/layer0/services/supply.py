"""Supply questions: who supplies a material, which export controls are known on a date, the
supply-risk index, what a disruption leaves unmet, whether supply covers a facility, and new
mine supply against a region's demand. Each checks its request before any model runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from layer0.errors import InputError
from layer0.model import engine
from layer0.reference.geography import is_iso_country
from layer0.scenario import ScenarioSource
from layer0.services.inputs import Inputs, load_inputs, reference_data
from layer0.services.options import check_samples, check_seed, check_year
from layer0.settings import Settings, from_environment
from layer0.supply import concentration as conc
from layer0.supply.answers import (
    ControlsOnDate,
    CoverageAnswer,
    DisruptionAnswer,
    NewSupplyAnswer,
    RiskRecord,
    StageConcentration,
)
from layer0.supply.controls import controls_on, group_of
from layer0.supply.disruption import Disruption, validate
from layer0.supply.disruption import disrupt as run_disruption
from layer0.supply.exposure import region_problem
from layer0.supply.risk import risk_record, risk_table

DEFAULT_SAMPLES = 2000


def _settings(settings: Settings | None) -> Settings:
    return settings or from_environment()


def concentration(material: str, stage: str | None = None, year: int | None = None,
                  settings: Settings | None = None
                  ) -> StageConcentration | list[StageConcentration]:
    """Shares by country, HHI, top country and China: one stage's record, or every stage's.
    Shares read in the news and accepted (`layer0 review`) come beside them as
    `observations`, never in place of the USGS shares."""
    check_year(year)
    settings = _settings(settings)
    result = conc.concentration(reference_data(settings), material, stage, year)
    observed = share_observations(material, settings)
    for record in result if isinstance(result, list) else [result]:
        mine = [o for o in observed if o["stage"] in (None, record["stage"])]
        if mine:
            record["observations"] = mine
    return result


def share_observations(material: str | None = None, settings: Settings | None = None
                       ) -> list[dict]:
    """Accepted share observations from the news (newest last), with their sources."""
    from layer0.services.registry import database
    from layer0.store.news import share_observations as observations

    with database(_settings(settings)).read() as session:
        return observations(session, material)


def parse_day(day: str | date | None) -> date:
    """A date from YYYY-MM-DD text (None: today)."""
    if day is None:
        return date.today()
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise InputError.parameter("date", f"'{day}' is not a date YYYY-MM-DD") from None


def controls(day: str | date | None = None, material: str | None = None,
             destination: str | None = None, settings: Settings | None = None
             ) -> ControlsOnDate:
    """The export controls known on a day: {"date", "controls": [...]}, each with its status."""
    when = parse_day(day)
    if destination is not None:
        destination = destination.upper()
        if not is_iso_country(destination):
            raise InputError.parameter("destination", f"'{destination}' is not an ISO 3166-1 "
                                       "alpha-2 code (e.g. US, JP, DE)")
    ref = reference_data(_settings(settings))
    wanted = None
    if material is not None:
        conc.check_material(ref["materials"], material)
        wanted = group_of(ref["materials"], material)
    rows = controls_on(ref["export_controls"], ref["sources"], when, wanted, destination)
    return {"date": when.isoformat(), "controls": rows}


def risk(material: str | None = None, year: int = 2024,
         settings: Settings | None = None) -> list[RiskRecord]:
    """The EU-style supply-risk index per material (one, or all)."""
    check_year(year)
    ref = reference_data(_settings(settings))
    out = [risk_record(ref, material, year)] if material else risk_table(ref, year)
    ref.save_derived()
    return out


@dataclass(frozen=True)
class ModelRun:
    """A model run a supply question stands on: its inputs and its plan (checked regions)."""

    inputs: Inputs
    plan: engine.Plan

    def dataset(self, progress=None):
        from layer0.model.executors import InProcess

        return engine.to_dataset(self.plan, engine.assemble(self.plan, InProcess(progress)))


def _model_run(material: str, samples: int, seed: int, scenario: ScenarioSource,
               settings: Settings | None) -> ModelRun:
    """The checks every model-backed question starts with, then its planned run."""
    check_samples(samples)
    check_seed(seed)
    inputs = load_inputs(_settings(settings), scenario)
    conc.check_material(inputs.ref["materials"], material)
    return ModelRun(inputs, engine.plan(inputs.ref, inputs.scenario, samples, seed))


def disrupt(material: str, country: str, stage: str, start: int, end: int,
            fraction: float = 1.0, stockpile_months: float = 0.0, recycling: bool = False,
            region: str | None = None, samples: int = DEFAULT_SAMPLES, seed: int = 0,
            scenario: ScenarioSource = "base", settings: Settings | None = None,
            progress=None, flow: str = "embedded") -> DisruptionAnswer:
    """Data-centre demand left unmet when a country's supply at a stage stops or falls
    (`flow`: the embedded metal, or the metal consumed making the parts)."""
    run = _model_run(material, samples, seed, scenario, settings)
    request = Disruption(material, country.upper(), stage, start, end, fraction,
                         stockpile_months, recycling, region, flow)
    scen = run.inputs.scenario
    validate(run.inputs.ref, request, scen.years, run.plan.prep.regions, scen.supply_year)
    return run_disruption(run.inputs.ref, run.dataset(progress), request, scen.supply_year,
                          seed)


def coverage(material: str, asset: str | None = None, quantity_t: float | None = None,
             years: float | None = None, facility: str | None = None,
             capacity_mw: float | None = None, archetype: str | None = None,
             scope: str = "facility", samples: int = DEFAULT_SAMPLES, seed: int = 0,
             scenario: ScenarioSource = "base", settings: Settings | None = None
             ) -> CoverageAnswer:
    """Does a supply asset or a quantity cover a facility's material, and how many MW?"""
    from layer0.supply.coverage import coverage as run_coverage
    from layer0.supply.coverage import supply_amount

    check_samples(samples)
    check_seed(seed)
    inputs = load_inputs(_settings(settings), scenario)
    conc.check_material(inputs.ref["materials"], material)
    amount = supply_amount(inputs.ref, material, asset, quantity_t, years)
    return run_coverage(inputs.ref, inputs.scenario, material, amount, facility, capacity_mw,
                        archetype, scope, samples, seed)


def new_supply(material: str = "copper", region: str = "US", samples: int = DEFAULT_SAMPLES,
               seed: int = 0, scenario: ScenarioSource = "base",
               settings: Settings | None = None, progress=None) -> NewSupplyAnswer:
    """Scheduled new mine supply in a region against that region's data-centre demand."""
    from layer0.supply.coverage import new_supply_vs_demand

    run = _model_run(material, samples, seed, scenario, settings)
    if problem := region_problem(region, run.plan.prep.regions):   # before the model runs
        raise InputError(problem)
    return new_supply_vs_demand(run.inputs.ref, run.dataset(progress), material, region)


def exposure(ds, material: str, stage: str | None = None, seed: int = 0,
             settings: Settings | None = None, flow: str = "embedded"):
    """Exposed tonnes [sample, year, country] of a run's demand for `material` at `stage`
    (default: the bottleneck stage), with the country shares sampled."""
    from layer0.supply.exposure import exposure_array

    check_seed(seed)
    return exposure_array(reference_data(_settings(settings)), ds, material, stage, seed=seed,
                          flow=flow)
