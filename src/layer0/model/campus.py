"""The campus beyond the fence: on-site generation and batteries, and the stocks they serve.

Components whose `driver` is not the IT capacity (components.csv) serve their own stock:
MW of on-site gas or fuel-cell generation, MWh of campus batteries. That stock is
- what registry projects say they build (project_onsite.csv), ramped in with the project
  (same first/full year, slippage and completion as its IT capacity), plus
- for capacity nobody announced, a sampled amount per MW IT of new capacity of each archetype
  (parameters.csv `<driver>_per_mw_it`), on the growth of the unannounced stock since
  ONSITE_FROM (campuses that bring their own power are a phenomenon of the AI build-out, not
  of the installed base), in the regions the evidence covers (ONSITE_REGIONS).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layer0.model import buildout

ONSITE_FROM = 2024  # behind-the-meter generation and campus batteries at scale: 2024 onwards
# where the shares for unannounced capacity have evidence (Bloom's survey and Cleanview's count
# are of US facilities): elsewhere only what registry projects say they build (ASSUMED)
ONSITE_REGIONS = ("US", "WORLD")
DRIVERS = ("onsite_gas", "onsite_fuel_cell", "campus_battery")


def project_capacity(onsite: pd.DataFrame, projects: pd.DataFrame) -> dict[str, np.ndarray]:
    """driver -> [project] MW or MWh the registry attaches to each project (0 where none)."""
    index = {pid: i for i, pid in enumerate(projects["id"])}
    out = {d: np.zeros(len(projects)) for d in DRIVERS}
    for row in onsite.to_dict("records"):
        if row["project_id"] in index:
            out[row["kind"]][index[row["project_id"]]] += float(row["capacity"])
    return out


def driver_stock(driver: str, attached: np.ndarray, completed: np.ndarray, delay: np.ndarray,
                 per_mw_it: np.ndarray, unannounced: np.ndarray, prep) -> np.ndarray:
    """[S, year, region, archetype] stock of one driver.

    attached [project]; completed, delay [S, project]; per_mw_it [S, archetype];
    unannounced [S, year, region, archetype] MW IT nobody announced."""
    own = attached > 0   # a handful of projects: the per-project ramp loop skips the rest
    records = [row for row, attaching in zip(prep.project_records, own, strict=True)
               if attaching]
    announced = buildout.announced_capacity(records, attached[own] * completed[:, own],
                                            prep.years, prep.regions, prep.archetypes,
                                            delay[:, own])
    start = int(np.searchsorted(prep.years, ONSITE_FROM))
    start = min(start, len(prep.years) - 1)
    # the unannounced stock's growth since the start, in the regions with evidence (elsewhere
    # and before it, nothing is added): only those regions' years are computed
    for r in np.flatnonzero(np.isin(prep.regions, ONSITE_REGIONS)):
        new = np.maximum(unannounced[:, start:, r] - unannounced[:, start:start + 1, r], 0.0)
        announced[:, start:, r] += new * per_mw_it[:, None, :]
    return announced
