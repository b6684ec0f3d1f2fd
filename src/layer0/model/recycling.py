"""End-of-life rates: which recycling.csv row applies to a material in an equipment class.

Precedence, most specific first: (material, class) > (*, class) > (material, any) > (*, any).
A data-centre equipment class row beats a material's all-products figure: a retired server
leaves through a contracted ITAD route, not through household e-waste.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layer0.errors import InputError

CLASSES = ("it", "plant", "building")
PARAMETERS = ("collection", "recovery")


def resolve_rates(table: pd.DataFrame, materials: list[str], parameter: str
                  ) -> dict[str, np.ndarray]:
    """low / mode / high [material, class] of `parameter` (collection or recovery)."""
    rows = table[table["parameter"] == parameter].set_index(["material", "equipment_class"])
    out = {k: np.zeros((len(materials), len(CLASSES))) for k in ("low", "mode", "high")}
    for m_i, material in enumerate(materials):
        for k_i, cls in enumerate(CLASSES):
            for key in ((material, cls), ("*", cls), (material, "any"), ("*", "any")):
                if key in rows.index:
                    row = rows.loc[key]
                    for k in out:
                        out[k][m_i, k_i] = row[k]
                    break
            else:
                raise InputError.at("recycling", "material", f"no {parameter} rate for "
                                    f"{material} in equipment class {cls} (add a row for it, "
                                    "'*' or 'any')")
    return out
