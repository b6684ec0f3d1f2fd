"""Two families of intensity evidence, both in the sampled distribution.

For copper the engineering bottom-up (component by component, intensities.csv) sums to about
half of the published facility totals (facility_totals.csv). Neither family is known to be
right, so each draw follows one of them: with probability `weight` (parameters.csv,
`intensity_evidence_published`) the components a total `scales` are rescaled so that the
facility sums to a total drawn from the published range, on an MW basis drawn between IT and
facility where the source does not state it (t/MW facility x PUE = t/MW IT). The other
draws keep the bottom-up values. Both families therefore lie inside P5-P95.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layer0.model.sampling import Triangular


@dataclass(frozen=True)
class Family:
    material: int                # index into materials
    scaled: np.ndarray           # [component] bool: what the published total rescales
    bottom_up: np.ndarray        # [archetype] t/MW of the scaled components (modes)
    fixed: np.ndarray            # [archetype] t/MW of the facility's other components (modes)
    total: np.ndarray            # [archetype, 3] published low/mode/high; nan: no total
    basis: np.ndarray            # [archetype] "it", "facility" or "unspecified"
    weight: float                # probability that a draw follows the published totals
    source: str


def families(ref, materials, components, archetypes, scopes, mode: np.ndarray
             ) -> tuple[Family, ...]:
    """One Family per material that has published totals; `mode` [material, component,
    archetype] are the resolved bottom-up modes."""
    totals, params = ref["facility_totals"], ref["parameters"]
    out = []
    for material, rows in totals[totals["scope"] == "inside_fence"].groupby("material"):
        if material not in materials:
            continue
        m = materials.index(material)
        weight_row = params[(params["name"] == "intensity_evidence_published")
                            & (params["applies_to"] == material)]
        if weight_row.empty:
            continue
        scaled = np.zeros(len(components), dtype=bool)
        total = np.full((len(archetypes), 3), np.nan)
        basis = np.full(len(archetypes), "it", dtype=object)
        for row in rows.to_dict("records"):
            a = archetypes.index(row["archetype"])
            total[a] = (row["low"], row["mode"], row["high"])
            basis[a] = row["mw_basis"]
            scaled |= np.isin(components, row["scales"].split())
        inside = np.asarray(scopes) == "inside_fence"
        out.append(Family(m, scaled, mode[m, scaled].sum(axis=0),
                          mode[m, inside & ~scaled].sum(axis=0), total, basis,
                          float(weight_row.iloc[0]["mode"]), str(weight_row.iloc[0]["source_id"])))
    return tuple(out)


def published_factor(family: Family, u_family: np.ndarray, u_total: np.ndarray | None,
                     u_basis: np.ndarray, pue: np.ndarray) -> np.ndarray:
    """[S, archetype] factor on the scaled components: 1 in bottom-up draws, else the drawn
    total (on its MW basis) less the unscaled components, over the bottom-up sum.
    `u_total` None: the total's mode (the deterministic run)."""
    factor = np.ones((len(u_family), len(family.bottom_up)))
    for a, (low, mode, high) in enumerate(family.total):
        if np.isnan(mode) or family.bottom_up[a] <= 0:
            continue
        t = (np.full(len(u_family), mode) if u_total is None
             else Triangular(low, mode, high).ppf(u_total))
        if family.basis[a] == "facility":
            t = t * pue
        elif family.basis[a] == "unspecified":
            t = t * (pue - u_basis * (pue - 1.0))       # u_basis 1: IT MW, 0: facility MW
        published = np.maximum(t - family.fixed[a], 0.0) / family.bottom_up[a]
        factor[:, a] = np.where(u_family < family.weight, published, 1.0)
    return factor
