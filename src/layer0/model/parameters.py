"""A run's uncertain inputs (its parameter list), and their values for a chunk of samples.

`define(prep)` lists every uncertain input with its distribution, source and Sobol' group;
`draw(prep, params, q, deterministic)` turns the chunk's quantiles into values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layer0.model import campus, cohorts, evidence
from layer0.model.lifetimes import Lifetime
from layer0.model.prepare import Prepared
from layer0.model.sampling import Dirichlet, Parameter, Triangular, Uniform, from_dist


@dataclass(frozen=True)
class Draws:
    pue_fleet: np.ndarray          # [S, year] (or [S, 1] when a scenario fixes it)
    load_factor: np.ndarray        # [S, year] (or [S, 1])
    project_it: np.ndarray         # [S, project] MW IT
    mix: np.ndarray                # [S, year, archetype]
    intensity: np.ndarray          # [S, material, component, archetype] t/MW IT
    lifetimes: list[Lifetime]      # one per lifetime row, t50 [S]
    collection: np.ndarray         # [S, material, class]
    recovery: np.ndarray           # [S, material, class]
    completed: np.ndarray          # [S, project] 1 if built (expected value if deterministic)
    delay: np.ndarray              # [S, project] years of slippage
    adoption_share: list           # per adoption [S, year]: share of new cohorts
    adopted_intensity: list        # per adoption [S, material, component, archetype]
    intensity_factor: np.ndarray | None  # [S, year, material] yearly intensity change
    lead: np.ndarray               # [S, component] years from purchase to energisation
    onsite_per_mw: dict            # driver -> [S, archetype] MW or MWh per new MW IT
    manufacturing: np.ndarray      # [S, material, component] input per embedded unit
    failure: np.ndarray            # [S, archetype] share of IT boards failing a year


def _triangle(row) -> Triangular:
    return Triangular(row["low"], row["mode"], row["high"])


def _lifetime_group(component: str) -> str:
    if component.startswith("it_") or component == "rack_power":
        return "lifetime: IT and rack"
    return "lifetime: building" if component == "building" else "lifetime: plant"


def define(prep: Prepared) -> list[Parameter]:
    """Every uncertain input of the run, in a fixed order (the order of a Sobol' design)."""
    out = []
    for name, applies, group in (("pue", "any", "PUE"), ("pue", "hyperscale", "PUE"),
                                 ("load_factor", "any", "load factor"),
                                 ("capex_per_mw", "construction", "capex per MW"),
                                 ("capex_per_mw", "all_in", "capex per MW")):
        if applies == "any" and name in prep.conversion:
            # the fleet's trajectory by year, one quantile per sample for every year
            t = prep.conversion[name]
            out.append(Parameter(f"{name}/any", group, Triangular(t["low"], t["mode"], t["high"]),
                                 "conversion_paths.csv"))
            continue
        row = prep.parameter_rows[name, applies]
        out.append(Parameter(f"{name}/{applies}", group, _triangle(row), row["source_id"]))
    for pid, source in zip(prep.projects["id"], prep.projects["source_id"], strict=True):
        out.append(Parameter(f"project/{pid}", "project scope and basis",
                             Uniform(0.0, 1.0), source))
    out += _announced(prep)
    kappa, kappa_source = prep.mix_concentration
    out.append(Parameter("archetype_mix", "archetype mix", Dirichlet(prep.mix, kappa),
                         kappa_source))
    for m_i, material in enumerate(prep.materials):
        out.append(Parameter(f"intensity/{material}", f"intensity: {material}",
                             Triangular(*(prep.intensity[k][m_i] for k in ("low", "mode", "high"))),
                             "intensities.csv"))
    for _, row in prep.lifetimes.iterrows():
        out.append(Parameter(f"lifetime/{row['component']}/{row['archetype']}",
                             _lifetime_group(row["component"]), _triangle(row),
                             row["source_id"]))
    for kind, rates in prep.rates.items():
        for m_i, material in enumerate(prep.materials):
            out.append(Parameter(f"{kind}/{material}", "recycling",
                                 Triangular(*(rates[k][m_i] for k in ("low", "mode", "high"))),
                                 "recycling.csv"))
    out += _scenario_curves(prep)
    out += _campus(prep)
    return [_overridden(p, prep.overrides) for p in out]


def _campus(prep: Prepared) -> list[Parameter]:
    """Lead times, the campus beyond the fence, manufacturing input, IT failures and the
    choice between intensity evidence families."""
    lead = prep.lead
    out = [Parameter(f"lead_time/{c}", "lead times",
                     Triangular(lead["low"][i], lead["mode"][i], lead["high"][i]), "lead_times.csv")
           for i, c in enumerate(prep.components)]
    for driver in campus.DRIVERS:
        t = prep.onsite_per_mw[driver]
        out.append(Parameter(f"{driver}_per_mw_it", "campus: on-site power and storage",
                             Triangular(t["low"], t["mode"], t["high"]),
                             prep.onsite_sources[driver]))
    m = prep.manufacturing
    for i, material in enumerate(prep.materials):
        if np.any(m["high"][i] > 1):
            out.append(Parameter(f"manufacturing_input/{material}", "manufacturing input",
                                 Triangular(m["low"][i], m["mode"][i], m["high"][i]),
                                 "manufacturing_input.csv"))
    f = prep.failure
    out.append(Parameter("it_failure_rate", "lifetime: IT and rack",
                         Triangular(f["low"], f["mode"], f["high"]), prep.failure_source))
    for fam in prep.families:
        material = prep.materials[fam.material]
        for key in ("family", "total", "basis"):
            out.append(Parameter(f"evidence/{material}/{key}", f"intensity: {material}",
                                 Uniform(0.0, 1.0), fam.source))
    return out


def _overridden(p: Parameter, overrides: dict) -> Parameter:
    if p.name not in overrides:
        return p
    dist, source = overrides[p.name]
    return Parameter(p.name, p.group, from_dist(dist), f"scenario: {source}")


def _announced(prep: Prepared) -> list[Parameter]:
    """Completion (a probability by status, then a uniform per project) and slippage."""
    spec, out = prep.scenario.announced, []
    source = f"scenario: {spec.source}"
    for status, p in spec.completion_probability.items():
        out.append(Parameter(f"completion_probability/{status}", "announced: completion",
                             from_dist(p), source))
    for _, row in prep.projects.iterrows():
        if row["status"] in spec.completion_probability:
            out.append(Parameter(f"completion/{row['id']}", "announced: completion",
                                 Uniform(0.0, 1.0), source))
        if row["status"] in spec.slippage_years:
            out.append(Parameter(f"slippage/{row['id']}", "announced: slippage",
                                 from_dist(spec.slippage_years[row["status"]]), source))
    return out


def _scenario_curves(prep: Prepared) -> list[Parameter]:
    """Adoption curves and intensity change: the scenario's own uncertain inputs."""
    scen, out = prep.scenario, []
    for architecture, spec in scen.adoption.items():
        for key in ("midpoint", "steepness", "ceiling"):
            out.append(Parameter(f"adoption/{architecture}/{key}", f"adoption: {architecture}",
                                 from_dist(getattr(spec, key)), f"scenario: {spec.source}"))
    if scen.intensity_change is not None:
        for material, rate in scen.intensity_change.rates.items():
            out.append(Parameter(f"intensity_change/{material}", "intensity change",
                                 from_dist(rate),
                                 f"scenario: {scen.intensity_change.source}"))
    return out


def draw(prep: Prepared, params: list[Parameter], q: dict[str, np.ndarray],
         deterministic: bool) -> Draws:
    """Values of every parameter for one chunk of samples (q: quantiles per parameter)."""
    by_name = {p.name: p for p in params}

    def value(name):
        dist = by_name[name].distribution
        return dist.central() if deterministic else dist.ppf(q[name] if dist.width > 1
                                                             else q[name][:, 0])

    pue_hs = value("pue/hyperscale")
    per_mw = {s: value(f"capex_per_mw/{s}") for s in ("construction", "all_in")}
    p_all_in = float(prep.parameter_rows["unspecified_capex_all_in_probability", "any"]["mode"])
    project_it = np.stack(
        [_project_capacity(row, pue_hs, per_mw, p_all_in, value(f"project/{row['id']}"),
                           deterministic) for row in prep.project_records], axis=-1
    ) if len(prep.projects) else np.zeros((len(pue_hs), 0))
    lifetimes = []
    for row in prep.lifetime_records:
        t50 = value(f"lifetime/{row['component']}/{row['archetype']}")
        lifetimes.append(Lifetime(row["family"], t50, t50 * row["t90_ratio"]))
    s = len(pue_hs)
    completed, delay = _completion(prep, value, s, deterministic)
    intensity = np.stack([value(f"intensity/{m}") for m in prep.materials], axis=1)
    published = _published_factors(prep, value, pue_hs, deterministic)
    intensity = _rescaled(intensity, prep, published)
    return Draws(
        pue_fleet=_by_year(value("pue/any"), s), load_factor=_by_year(value("load_factor/any"), s),
        project_it=project_it,
        mix=value("archetype_mix"), intensity=intensity, lifetimes=lifetimes,
        collection=np.stack([value(f"collection/{m}") for m in prep.materials], axis=1),
        recovery=np.stack([value(f"recovery/{m}") for m in prep.materials], axis=1),
        completed=completed, delay=delay,
        adoption_share=[cohorts.logistic(prep.years, *(value(f"adoption/{a.architecture}/{k}")
                                                       for k in ("midpoint", "steepness",
                                                                 "ceiling")))
                        for a in prep.adoptions],
        adopted_intensity=[_rescaled(_adopted(prep, a, q, deterministic, intensity), prep,
                                     published) for a in prep.adoptions],
        intensity_factor=_intensity_factor(prep, value, s),
        lead=np.stack([np.broadcast_to(value(f"lead_time/{c}"), (s,))
                       for c in prep.components], axis=1),
        onsite_per_mw={d: np.broadcast_to(value(f"{d}_per_mw_it"), (s, len(prep.archetypes)))
                       for d in campus.DRIVERS},
        manufacturing=_manufacturing(prep, value, s),
        failure=np.broadcast_to(value("it_failure_rate"), (s, len(prep.archetypes))))


def _by_year(x, s: int) -> np.ndarray:
    """[S, year] or [S, 1] from a trajectory's [S, year], a scalar's [S] or a mode's [1, ..]."""
    x = np.asarray(x, dtype=float)
    x = x[:, None] if x.ndim == 1 else x
    return np.broadcast_to(x, (s, x.shape[1]))


def _published_factors(prep: Prepared, value, pue_hs, deterministic: bool) -> list:
    """Per evidence family, the factor [S, archetype] on its scaled components. The
    deterministic run takes the expected factor (weight x published + (1 - weight) x 1)."""
    out = []
    for fam in prep.families:
        material = prep.materials[fam.material]
        if deterministic:
            half = np.array([0.5])
            published = evidence.published_factor(fam, np.zeros(1), None, half, pue_hs)
            out.append(fam.weight * published + (1.0 - fam.weight))
        else:
            out.append(evidence.published_factor(
                fam, *(value(f"evidence/{material}/{k}") for k in ("family", "total", "basis")),
                pue_hs))
    return out


def _rescaled(intensity: np.ndarray, prep: Prepared, factors: list) -> np.ndarray:
    """intensity [S, material, component, archetype] with each family's factor applied."""
    if not prep.families:
        return intensity
    out = intensity.copy()
    for fam, factor in zip(prep.families, factors, strict=True):
        out[:, fam.material, fam.scaled, :] *= factor[:, None, :]
    return out


def _manufacturing(prep: Prepared, value, s: int) -> np.ndarray:
    out = np.ones((s, len(prep.materials), len(prep.components)))
    for i, material in enumerate(prep.materials):
        if np.any(prep.manufacturing["high"][i] > 1):
            out[:, i] = value(f"manufacturing_input/{material}")
    return out


def _completion(prep: Prepared, value, s: int, deterministic: bool):
    """[S, project] built (0/1; the probability itself when deterministic) and delay (years)."""
    spec = prep.scenario.announced
    n = len(prep.projects)
    completed, delay = np.ones((s, n)), np.zeros((s, n))
    for p_i, row in enumerate(prep.project_records):
        if row["status"] in spec.completion_probability:
            p = value(f"completion_probability/{row['status']}")
            completed[:, p_i] = p if deterministic else value(f"completion/{row['id']}") < p
        if row["status"] in spec.slippage_years:
            delay[:, p_i] = value(f"slippage/{row['id']}")
    return completed, delay


def _adopted(prep, adoption, q, deterministic, base):
    """The adopted architecture's intensity, drawn with each material's own quantile (so it
    moves with the base intensity); equal to the base where the adoption does not apply."""
    out = np.empty_like(base)
    for m_i, material in enumerate(prep.materials):
        dist = Triangular(*(adoption.intensity[k][m_i] for k in ("low", "mode", "high")))
        out[:, m_i] = (dist.central() if deterministic
                       else dist.ppf(q[f"intensity/{material}"][:, 0]))
    return out


def _intensity_factor(prep: Prepared, value, s: int):
    spec = prep.scenario.intensity_change
    if spec is None:
        return None
    rates = np.zeros((s, len(prep.materials)))
    for material in spec.rates:
        rates[:, prep.materials.index(material)] = value(f"intensity_change/{material}")
    return cohorts.intensity_factor(prep.years, spec.from_year, rates)


def _project_capacity(row, pue_hs, per_mw, p_all_in, u, deterministic):
    """MW of IT load for one project: stated MW on its basis, or capex / sampled $/MW.

    `u` (uniform on [0, 1]) draws the IT share of an unstated MW basis and whether a capex of
    unstated scope is all-in; the deterministic case takes the middle / the expected value.
    """
    mw = row["capacity_mw"]
    if pd.notna(mw):
        basis = row["capacity_basis"]
        if basis == "it":
            return np.full(len(pue_hs), float(mw))
        if basis == "facility":
            return float(mw) / pue_hs
        return float(mw) * (1.0 / pue_hs + u * (1.0 - 1.0 / pue_hs))
    capex = float(row["capex_usd"])
    construction = capex / per_mw["construction"]      # $/MW IT
    all_in = capex / per_mw["all_in"] / pue_hs         # $/MW facility -> MW IT
    scope = row["capex_scope"]
    if scope == "construction":
        return construction
    if scope == "all_in":
        return all_in
    if deterministic:
        return (1 - p_all_in) * construction + p_all_in * all_in
    return np.where(u < p_all_in, all_in, construction)
