"""Cohort-specific intensity: what changes when new capacity is built differently each year.

With adoption curves (a growing share of new cohorts built with, e.g., 800 VDC power) or a
yearly intensity change, the tonnes per MW of a cohort depend on the year it entered. Demand
is then inflow(t) x k(t), and what retires carries the intensity of the cohort it was built
with: outflow of material = the cohort outflow of the *material* inflow (stock.inflow_driven),
plus the installed base at the start, which carries the first year's intensity.

Early retirement (a shrinking stock) takes the oldest cohorts first; it is counted at the
installed base's intensity, which is exact while the early retirements come out of the base
(the oldest cohorts), and is exact always when k does not change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layer0.model import bom
from layer0.model.stock import inflow_driven, survival_matrix


@dataclass(frozen=True)
class AdoptionInputs:
    architecture: str
    applies: np.ndarray               # [archetype] bool
    intensity: dict[str, np.ndarray]  # low/mode/high [material, component, archetype]


def adoption_inputs(ref, scenario, base) -> tuple[AdoptionInputs, ...]:
    """Intensities of each adopted architecture (the base where it does not apply)."""
    axis_of = ref["architectures"].set_index("id")["axis"].to_dict()
    materials, components, archetypes = (list(base[d].to_numpy()) for d in
                                         ("material", "component", "archetype"))
    out = []
    for architecture, spec in scenario.adoption.items():
        chosen = {}
        for archetype, current in scenario.architecture.items():
            if archetype in spec.applies_to:
                current = [a for a in current if axis_of.get(a) != axis_of[architecture]]
                current = [*current, architecture]
            chosen[archetype] = current
        for archetype in spec.applies_to:
            chosen.setdefault(archetype, [architecture])
        adopted = bom.resolve_intensities(ref["intensities"], materials, components, archetypes,
                                          chosen)
        out.append(AdoptionInputs(architecture,
                                  np.array([a in spec.applies_to for a in archetypes]),
                                  {k: adopted[k].to_numpy() for k in ("low", "mode", "high")}))
    return tuple(out)


def logistic(years: np.ndarray, midpoint, steepness, ceiling) -> np.ndarray:
    """Adopted share of new cohorts [S, year]: ceiling / (1 + exp(-steepness (year - mid)))."""
    mid, steep, top = (np.asarray(v, dtype=float)[:, None] for v in (midpoint, steepness,
                                                                      ceiling))
    return top / (1.0 + np.exp(-steep * (years[None, :] - mid)))


def intensity_factor(years: np.ndarray, from_year: int, rates: np.ndarray) -> np.ndarray:
    """[S, year, material]: (1 + rate)^(year - from_year) after from_year, 1 before."""
    steps = np.maximum(years - from_year, 0)[None, :, None]
    return (1.0 + rates[:, None, :]) ** steps


def cohort_intensity(base: np.ndarray, shares: list[np.ndarray], adopted: list[np.ndarray],
                     factor: np.ndarray | None, n_years: int) -> np.ndarray:
    """t/MW of each cohort [S, year, component, archetype, material].

    base, adopted: [S, material, component, archetype] (drawn with the same quantiles);
    shares: [S, year] per adoption, masked to its archetypes by `adopted` == base elsewhere;
    factor: [S, year, material] or None."""
    b = bom.per_component(base)                                   # [S, C, A, M]
    k = np.repeat(b[:, None], n_years, axis=1)
    for share, a in zip(shares, adopted, strict=True):
        k += share[:, :, None, None, None] * (bom.per_component(a) - b)[:, None]
    if factor is not None:
        k *= factor[:, :, None, None, :]
    return k


def material_demand(inflow: np.ndarray, k: np.ndarray) -> np.ndarray:
    """[S, Y, R, C, A] MW x [S, Y, C, A, M] t/MW -> [S, Y, R, C, M] t (summed over A)."""
    return np.matmul(inflow[..., None, :], k[:, :, None])[..., 0, :]


def growth_demand(growth: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Stock growth [S, Y, R, A] x every component's intensity -> [S, Y, R, M]."""
    return np.matmul(growth[..., None, :], k.sum(axis=2)[:, :, None])[..., 0, :]


def retired_material(inflow, retired_mw, k, survival, lifetime_row) -> np.ndarray:
    """Material leaving service [S, Y, R, C, M], each cohort at its own intensity.

    inflow, retired_mw (regular + early): [S, Y, R, C, A] MW; survival: per lifetime row
    [S, ages]; lifetime_row: [C, A] -> row."""
    s, y, r, c_n, a_n = inflow.shape
    m = k.shape[-1]
    out = np.zeros((s, y, r, c_n, m))
    matrices = {}
    for c in range(c_n):
        for a in range(a_n):
            row = int(lifetime_row[c, a])
            if row not in matrices:
                matrices[row] = survival_matrix(survival[row][:, :y], y)
            mw = inflow[:, :, :, c, a]                                        # [S, Y, R]
            tonnes = mw[..., None] * k[:, :, None, c, a, :]                   # [S, Y, R, M]
            new = inflow_driven(tonnes.transpose(0, 2, 3, 1).reshape(s, r * m, y), None,
                                matrices[row]).outflow
            new_mw = inflow_driven(mw.transpose(0, 2, 1), None, matrices[row]).outflow
            base_mw = retired_mw[:, :, :, c, a] - new_mw.transpose(0, 2, 1)   # the start base
            out[:, :, :, c] += (new.reshape(s, r, m, y).transpose(0, 3, 1, 2)
                                + base_mw[..., None] * k[:, 0, None, None, c, a, :])
    return out
