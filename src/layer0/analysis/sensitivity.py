"""Sobol' sensitivity of a scalar output to the run's parameter groups (SALib).

The SALib problem lives on the unit hypercube of the parameters' quantiles; the model reads a
Saltelli design as its quantiles, so every distribution (triangles, Dirichlet shares, lifetimes)
is sampled exactly as in a normal run. Groups keep the problem small; intensities of materials
other than the output's cannot move it and are lumped into one group.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import TypedDict

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from layer0.analysis.quantiles import CUMULATIVE_PERIOD, FLOWS
from layer0.errors import InputError
from layer0.model import engine
from layer0.model.sampling import salib_problem

SEED_ZERO_BOOTSTRAP = 2**31 - 1  # outside the seeds people type, so no clash in practice


class SobolIndex(TypedDict):
    """First-order and total Sobol' index of one parameter group, with their 95% intervals."""

    name: str
    S1: float
    S1_conf: float
    ST: float
    ST_conf: float


@dataclass(frozen=True)
class OutputSpec:
    flow: str
    material: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"cumulative {self.flow} of {self.material} {self.start}-{self.end} (t)"

    @classmethod
    def parse(cls, text: str, ref, scenario) -> OutputSpec:
        flow, _, material = text.rpartition(":")
        flow = flow or "demand"
        if flow not in FLOWS:
            raise InputError.parameter("output", f"unknown flow '{flow}' (allowed: "
                                       f"{', '.join(FLOWS)})")
        if material not in set(ref["materials"]["id"]):
            raise InputError.parameter("output", f"unknown material '{material}' (allowed: "
                                       f"{', '.join(ref['materials']['id'])})")
        start = max(CUMULATIVE_PERIOD[0], scenario.years[0])
        end = min(CUMULATIVE_PERIOD[1], scenario.years[1])
        return cls(flow, material, start, end)


def scalar_output(arrays: dict, spec: OutputSpec, years: np.ndarray, m_index: int) -> dict:
    """Chunk reducer: the world total of the flow over the period, per sample."""
    values = (arrays["demand_by_boundary"][:, :, :, 0] if spec.flow == "demand"  # facility
              else arrays[FLOWS[spec.flow]])
    in_period = (years >= spec.start) & (years <= spec.end)
    return {"y": values[:, in_period][..., m_index].sum(axis=(1, 2))}


def sobol(ref, scenario, spec: OutputSpec, base_samples: int, seed: int, executor=None,
          chunk: int = engine.DEFAULT_CHUNK) -> list[SobolIndex]:
    """[{"name", "S1", "S1_conf", "ST", "ST_conf"}] per group, ranked by total index."""
    p = engine.plan(ref, scenario, samples=2, seed=seed)
    own = f"intensity: {spec.material}"

    def group_of(param):
        if param.group.startswith("intensity: ") and param.group != own:
            return "intensity: other materials"
        return param.group

    problem = salib_problem(p.parameters, group_of)
    design = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    p = replace(p, samples=len(design), matrix=design)
    reduce = functools.partial(scalar_output, spec=spec, years=p.prep.report_years,
                               m_index=p.prep.materials.index(spec.material))
    y = engine.assemble(p, executor, chunk, reduce)["y"]
    # SALib seeds its bootstrap only for a truthy seed: give seed 0 a fixed stand-in, so
    # that it repeats too (other seeds pass unchanged)
    result = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                   seed=seed or SEED_ZERO_BOOTSTRAP)
    names = list(dict.fromkeys(problem["groups"]))
    rows = [{"name": n, **{k: float(result[k][i]) for k in ("S1", "S1_conf", "ST", "ST_conf")}}
            for i, n in enumerate(names)]
    return sorted(rows, key=lambda r: -r["ST"])
