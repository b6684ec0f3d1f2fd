"""Lead times: material is bought and installed before the hall it serves is energised.

The stock model dates a component's inflow at energisation; its material is produced and
bought `lead` years earlier (transformers and substations years ahead, IT weeks ahead). A
fractional lead splits the tonnes between the two whole years around it, so a sampled lead
moves demand smoothly. The model runs `horizon` years past the scenario's end so that the last
reported years see the purchases for capacity energised after them.
"""

from __future__ import annotations

import math

import numpy as np


def horizon(high: np.ndarray) -> int:
    """Extra model years needed for the longest lead."""
    return int(math.ceil(float(np.max(high, initial=0.0)))) + 1 if len(high) else 0


def bought(x: np.ndarray, lead: np.ndarray, component_axis: int = 3) -> np.ndarray:
    """Tonnes by year of purchase from tonnes by year of energisation.

    x: [S, Y, ...] with a component axis; lead: [S, component] years >= 0.
    out[s, t] = (1 - f) x[s, t + n] + f x[s, t + n + 1] per component (lead = n + f); what
    falls past the last model year is dropped (it is bought after the reported years)."""
    s, y = x.shape[:2]
    whole = np.floor(lead).astype(int)
    frac = lead - whole
    t = np.arange(y)
    out = np.empty_like(x)
    for c in range(x.shape[component_axis]):
        xc = np.take(x, c, axis=component_axis)
        shaped = (s, y) + (1,) * (xc.ndim - 2)
        parts = []
        for offset, weight in ((0, 1.0 - frac[:, c]), (1, frac[:, c])):
            idx = t[None, :] + whole[:, c, None] + offset                  # [S, Y]
            inside = idx < y
            gathered = np.take_along_axis(xc, np.minimum(idx, y - 1).reshape(shaped), axis=1)
            parts.append(gathered * (inside * weight[:, None]).reshape(shaped))
        index = [slice(None)] * x.ndim
        index[component_axis] = c
        out[tuple(index)] = parts[0] + parts[1]
    return out
