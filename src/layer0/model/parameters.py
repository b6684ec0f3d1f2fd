"""Sampled scalar and per-project parameters of one run (PUE, load factor, $/MW, MW)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from layer0.sampling import triangular, uniforms


@dataclass(frozen=True)
class RunParameters:
    pue_fleet: xr.DataArray        # [sample]
    pue_hyperscale: xr.DataArray   # [sample]
    load_factor: xr.DataArray      # [sample]
    project_capacity_it: xr.DataArray  # [project, sample], MW IT


def _param(params: pd.DataFrame, name: str, applies_to: str) -> pd.Series:
    return params[(params["name"] == name) & (params["applies_to"] == applies_to)].iloc[0]


def _draw(params, name, applies_to, seed, samples) -> np.ndarray:
    row = _param(params, name, applies_to)
    u = uniforms(seed, f"{name}/{applies_to}", samples)
    return triangular(row["low"], row["mode"], row["high"], u, deterministic=samples == 1)


def draw(params: pd.DataFrame, projects: pd.DataFrame, seed: int, samples: int
         ) -> RunParameters:
    deterministic = samples == 1
    pue_fleet = _draw(params, "pue", "any", seed, samples)
    pue_hs = _draw(params, "pue", "hyperscale", seed, samples)
    load_factor = _draw(params, "load_factor", "any", seed, samples)
    per_mw = {scope: _draw(params, "capex_per_mw", scope, seed, samples)
              for scope in ("construction", "all_in")}
    p_all_in = float(_param(params, "unspecified_capex_all_in_probability", "any")["mode"])
    caps = []
    for _, row in projects.iterrows():
        caps.append(_project_capacity(row, pue_hs, per_mw, p_all_in, seed, samples,
                                      deterministic))
    sample = np.arange(samples)
    cap = xr.DataArray(np.array(caps).reshape(len(projects), samples),
                       dims=("project", "sample"),
                       coords={"project": list(projects["id"]), "sample": sample})
    as_da = lambda v: xr.DataArray(v, dims="sample", coords={"sample": sample})  # noqa: E731
    return RunParameters(as_da(pue_fleet), as_da(pue_hs), as_da(load_factor), cap)


def _project_capacity(row, pue_hs, per_mw, p_all_in, seed, samples, deterministic):
    """MW of IT load for one project: stated MW on its basis, or capex / sampled $/MW."""
    u = uniforms(seed, f"project/{row['id']}", samples)
    mw = row["capacity_mw"]
    if pd.notna(mw):
        basis = row["capacity_basis"]
        if basis == "it":
            return np.full(samples, float(mw))
        if basis == "facility":
            return float(mw) / pue_hs
        it_share = 1.0 / pue_hs + (0.5 if deterministic else u) * (1.0 - 1.0 / pue_hs)
        return float(mw) * it_share
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
