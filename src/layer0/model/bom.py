"""Bill of materials: component flows (MW IT) x intensities (t/MW IT) -> tonnes by material."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from layer0.errors import InputError

ANY = "any"


def resolve_intensities(table: pd.DataFrame, materials: list[str], components: list[str],
                        archetypes: list[str], chosen: dict[str, list[str]]) -> xr.Dataset:
    """Pick, for each material x component x archetype, the row that fits the archetype's
    chosen architectures. Specific rows win over `any`; a missing row means zero.

    Returns a Dataset of low / mode / high [material, component, archetype] in t/MW IT.
    """
    shape = (len(materials), len(components), len(archetypes))
    out = {k: np.zeros(shape) for k in ("low", "mode", "high")}
    m_ix = {m: i for i, m in enumerate(materials)}
    c_ix = {c: i for i, c in enumerate(components)}
    rows = [r for r in table[["material", "component", "archetype", "architecture", "low",
                              "mode", "high"]].to_dict("records")
            if r["material"] in m_ix and r["component"] in c_ix]
    for a_i, archetype in enumerate(archetypes):
        wanted = set(chosen.get(archetype, [])) | {ANY}
        best: dict[tuple[str, str], tuple[int, list[dict]]] = {}
        for r in rows:
            if r["archetype"] not in (archetype, ANY) or r["architecture"] not in wanted:
                continue
            rank = (r["archetype"] == archetype) * 2 + (r["architecture"] != ANY)
            key = (r["material"], r["component"])
            held = best.get(key)
            if held is None or rank > held[0]:
                best[key] = (rank, [r])
            elif rank == held[0]:
                held[1].append(r)
        for (material, component) in sorted(best):
            found = best[(material, component)][1]
            if len(found) > 1:
                raise InputError.at("intensities", "architecture", f"{material}/{component} "
                                    f"for {archetype} matches several architectures "
                                    f"({', '.join(r['architecture'] for r in found)}); choose "
                                    "one per axis")
            for k in out:
                out[k][m_ix[material], c_ix[component], a_i] = found[0][k]
    coords = {"material": materials, "component": components, "archetype": archetypes}
    dims = ("material", "component", "archetype")
    return xr.Dataset({k: (dims, v) for k, v in out.items()}, coords=coords)


def per_component(intensity: np.ndarray) -> np.ndarray:
    """[S, material, component, archetype] -> [S, component, archetype, material] (contiguous),
    the layout the engine's products want (model/terms.py, cohorts.py)."""
    return np.ascontiguousarray(intensity.transpose(0, 2, 3, 1))
