"""One policy for the numbers layer0 takes in: every number must be finite and inside a
plausible range for what it measures. Files, options, review corrections, scenario values and
reference tables all check against these ranges, so a slip of the unit or an `inf` is refused
with the range in the message instead of flowing into a run.

The bounds are generous on purpose: they catch slips (a GW read as MW, 1e308, 250 %), not
unusual but real values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str = ""
    low_open: bool = False     # low itself is not allowed (a positive quantity)
    why: str = ""              # what the bound rests on

    def problem(self, value) -> str | None:
        """None if `value` is a finite number inside the range, else what is wrong."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, got {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value}"
        too_low = value <= self.low if self.low_open else value < self.low
        if too_low or value > self.high:
            return f"must be {self.describe()}, got {shown(value)}"
        return None

    def describe(self) -> str:
        low = f"above {shown(self.low)}" if self.low_open else f"at least {shown(self.low)}"
        unit = f" {self.unit}" if self.unit else ""
        return f"{low} and at most {shown(self.high)}{unit}"


def shown(x: float) -> str:
    """A bound or a value as people read it: whole numbers in full (4,294,967,295), others
    in six significant digits."""
    if float(x).is_integer() and abs(x) < 1e16:
        return f"{int(x):,}"
    return f"{x:g}"


# a data-centre site: the largest announced campuses are ~5 GW of IT; 50 GW catches a unit slip
SITE_MW = Range(0, 50_000, "MW", low_open=True, why="largest announced campuses ~5 GW")
# one site's capital expenditure: the largest announced programmes are ~$500 bn
CAPEX = Range(0, 1e13, "in its currency", low_open=True, why="largest programme ~$5e11")
# tonnes of one material: world steel output is ~1.9e9 t a year
TONNES = Range(0, 1e10, "t", why="world steel output ~1.9e9 t/yr")
# material per MW of IT: concrete and steel run to hundreds of t/MW
INTENSITY = Range(0, 1e4, "t/MW", why="concrete and steel: hundreds of t/MW")
# electricity of data centres: world electricity is ~30,000 TWh a year
ENERGY = Range(0, 1e5, "TWh", why="world electricity ~30,000 TWh/yr")
SHARE_PCT = Range(0, 100, "%")
SHARE = Range(0, 1)
PERIOD_YEARS = Range(0, 100, "years", low_open=True)
LIFETIME_YEARS = Range(1, 100, "years")
LEAD_YEARS = Range(0, 5, "years")  # purchase to energisation: transformer queues reach ~4 y
USD_PER_UNIT = Range(0, 1e4, "USD", low_open=True, why="no currency is worth 10,000 USD")
SEED = Range(0, 2**32 - 1, why="numpy and SALib seeds")
DATA_YEAR = Range(1990, 2100)

# parameters.csv: the range of each named parameter (in its canonical unit)
PARAMETERS = {
    "pue": Range(1, 4),
    "load_factor": Range(0, 1, low_open=True),
    "capex_per_mw": Range(1e5, 1e9, "USD/MW"),
    "unspecified_basis_it_share": SHARE,
    "unspecified_capex_all_in_probability": SHARE,
    "archetype_mix_concentration": Range(0, 1e6, low_open=True),
}


def date_problem(text: str) -> str | None:
    """None if `text` is YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    parts = text.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4
            and all(len(p) == 2 for p in parts[1:])):
        return "must be YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(p) for p in [*parts, "1", "1"][:3])
    try:
        date(year, month, day)
    except ValueError as err:
        return f"is not a date that exists ({err})"
    return None
