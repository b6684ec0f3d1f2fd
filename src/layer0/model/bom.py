"""Bill of materials: component flows (MW IT) x intensities (t/MW IT) -> tonnes by material."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from layer0.errors import InputError
from layer0.sampling import triangular

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
    for a_i, archetype in enumerate(archetypes):
        wanted = set(chosen.get(archetype, []))
        rows = table[table["archetype"].isin([archetype, ANY])
                     & table["architecture"].isin(wanted | {ANY})
                     & table["material"].isin(m_ix) & table["component"].isin(c_ix)]
        rank = (rows["archetype"] == archetype) * 2 + (rows["architecture"] != ANY)
        for (material, component), group in rows.assign(rank=rank).groupby(
                ["material", "component"]):
            best = group[group["rank"] == group["rank"].max()]
            if len(best) > 1:
                raise InputError(f"intensities: architecture: {material}/{component} for "
                                 f"{archetype} matches several architectures "
                                 f"({', '.join(best['architecture'])}); choose one per axis")
            row = best.iloc[0]
            for k in out:
                out[k][m_ix[material], c_ix[component], a_i] = row[k]
    coords = {"material": materials, "component": components, "archetype": archetypes}
    dims = ("material", "component", "archetype")
    return xr.Dataset({k: (dims, v) for k, v in out.items()}, coords=coords)


def sample_intensities(triplets: xr.Dataset, quantiles: xr.DataArray, deterministic: bool
                       ) -> xr.DataArray:
    """Draw intensities [sample, material, component, archetype] from their triangles.

    `quantiles` [sample, material] is shared by every component and archetype of a material:
    the components of one facility are assumed fully correlated (a facility that is heavy in
    copper is heavy throughout), so the facility total keeps its published range.
    """
    low, mode, high = (triplets[k].broadcast_like(quantiles) for k in ("low", "mode", "high"))
    u = quantiles.broadcast_like(low)
    values = triangular(low.to_numpy(), mode.to_numpy(), high.to_numpy(), u.to_numpy(),
                        deterministic)
    return xr.DataArray(np.broadcast_to(values, u.shape), dims=u.dims, coords=u.coords)


def material_flows(component_flow: xr.DataArray, intensity: xr.DataArray) -> xr.DataArray:
    """t = MW x t/MW, summed over archetype (each archetype has its own intensity)."""
    return xr.dot(component_flow, intensity, dim="archetype")
