"""Scenario use cases: list and show the built-ins, validate a scenario, compare scenarios
sample by sample, and rank what drives an output (Sobol')."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from layer0.errors import InputError
from layer0.io.scenarios import builtin_names, read_scenario
from layer0.scenario import Scenario, ScenarioSource, ScenarioText, parse_scenario
from layer0.services.options import Executor, check_samples, check_seed

if TYPE_CHECKING:  # read only by the questions that need the reference data or the model
    from layer0.analysis.compare import Comparison
    from layer0.analysis.sensitivity import SobolIndex
    from layer0.settings import Settings


def _settings(settings: Settings | None) -> Settings:
    from layer0.settings import from_environment

    return settings or from_environment()


class ScenarioInfo(TypedDict):
    name: str
    title: str
    file: str
    years: list[int]
    demand_path: str | None
    adoption: dict
    recycling: str
    announced: dict
    description: str


class ScenarioShown(ScenarioInfo):
    scenario: dict


class Validation(TypedDict):
    path: str
    valid: bool
    name: str
    parameters: int


def describe(scenario: Scenario, where: str) -> ScenarioInfo:
    path = scenario.demand_path
    announced = scenario.announced
    return {
        "name": scenario.name, "title": scenario.title, "file": where,
        "years": list(scenario.years),
        "demand_path": (path if isinstance(path, str) or path is None
                        else f"own values ({path.unit}; {path.source})"),
        "adoption": {a: {"applies_to": s.applies_to, "midpoint": s.midpoint.central(),
                         "ceiling": s.ceiling.central()} for a, s in scenario.adoption.items()},
        "recycling": "scenario rates" if scenario.recycling else "recycling.csv",
        "announced": {"include": announced.include,
                      "completion_probability": {k: v.central() for k, v in
                                                 announced.completion_probability.items()},
                      "slippage_years": {k: v.central() for k, v in
                                         announced.slippage_years.items()}},
        "description": " ".join(scenario.description.split()),
    }


def list_builtin() -> list[ScenarioInfo]:
    """The built-in scenarios, described (no reference data needed)."""
    out = []
    for name in builtin_names():
        text = read_scenario(name)
        out.append(describe(parse_scenario(text), text.where))
    return out


def show(name_or_path: str) -> tuple[ScenarioText, ScenarioShown]:
    """A scenario's YAML text (to copy) and its parsed form."""
    text = read_scenario(name_or_path)
    scenario = parse_scenario(text)
    return text, {**describe(scenario, text.where),
                  "scenario": scenario.model_dump(mode="json")}


def validate(source: ScenarioSource, settings: Settings | None = None) -> Validation:
    """Schema, ranges, names against the reference data, and every input a run builds."""
    from layer0.model.engine import plan
    from layer0.services.inputs import load_inputs

    if isinstance(source, str) and not source.endswith((".yaml", ".yml")):
        raise InputError.at(f"{source}:0", "file", "a scenario file ends in .yaml or .yml")
    inputs = load_inputs(_settings(settings), source)
    p = plan(inputs.ref, inputs.scenario, samples=1)
    where = source.where if isinstance(source, ScenarioText) else str(source)
    return {"path": where, "valid": True, "name": inputs.scenario.name,
            "parameters": len(p.parameters)}


def validate_yaml(text: str, where: str = "yaml", settings: Settings | None = None
                  ) -> Validation:
    """`validate` for a scenario's text given directly (an API body, a notebook cell)."""
    return validate(ScenarioText(text, where), settings)


def compare(scenarios: list[ScenarioSource], samples: int = 1000, seed: int = 0,
            flow: str = "demand", materials: list[str] | None = None, top: int | None = None,
            settings: Settings | None = None, progress=None) -> Comparison:
    """P5/P50/P95 per scenario, material and period, and each scenario's paired difference
    from the first. `materials` None: all, or the `top` largest of the first scenario."""
    from layer0.analysis.compare import check_request, run_totals
    from layer0.analysis.compare import compare as compare_runs
    from layer0.services.inputs import load_inputs

    if len(scenarios) < 2:
        raise InputError.parameter("scenarios", "give at least two scenarios to compare")
    check_samples(samples)
    check_seed(seed)
    settings = _settings(settings)
    loaded = [load_inputs(settings, s) for s in scenarios]
    names = [i.scenario.name for i in loaded]
    if len(set(names)) < len(names):
        raise InputError.parameter("scenarios", f"the scenarios must have different names, "
                                   f"got {', '.join(names)}")
    check_request(flow, materials, list(loaded[0].ref["materials"]["id"]))  # before any run
    runs = {i.scenario.name: run_totals(i.ref, i.scenario, samples, seed,
                                        Executor(progress=progress).executor)
            for i in loaded}
    if materials is None and top is not None:
        first = runs[names[0]]
        cumulative = first["demand"].sum(axis=1).mean(axis=0)
        materials = [first["materials"][k] for k in (-cumulative).argsort()[:top]]
    result = compare_runs(runs, flow, materials)
    result.update(samples=samples, seed=seed)
    return result


MIN_SOBOL, MAX_SOBOL = 8, 65_536


def sensitivity(output: str = "copper", samples: int = 512, seed: int = 0,
                scenario: ScenarioSource = "base", workers: int | None = None,
                scheduler: str | None = None, progress=None,
                settings: Settings | None = None) -> tuple[str, list[SobolIndex]]:
    """(label of the output, Sobol' indices per parameter group ranked by total index)."""
    from layer0.analysis.sensitivity import OutputSpec, sobol
    from layer0.services.inputs import load_inputs

    if samples < MIN_SOBOL or samples > MAX_SOBOL or samples & (samples - 1):
        raise InputError.parameter("samples", f"must be a power of 2 between {MIN_SOBOL} and "
                                   f"{MAX_SOBOL}, got {samples}")
    check_seed(seed)
    inputs = load_inputs(_settings(settings), scenario)
    spec = OutputSpec.parse(output, inputs.ref, inputs.scenario)
    with Executor(workers, scheduler, progress) as executor:
        rows = sobol(inputs.ref, inputs.scenario, spec, samples, seed, executor)
    return spec.label, rows
