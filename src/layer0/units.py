"""The one pint unit registry of layer0, and the conversions done where data enters.

Mass is carried in metric tonnes, capacity in MW, energy in TWh, money in the stated
currency. Source units (short tons, pounds, kt, "bn") are converted once, at load.
pint is imported on the first conversion that needs it, so that commands which convert
nothing start without it.
"""

from __future__ import annotations

from functools import lru_cache

# pint reads "kt" as knot; in commodity tables it is always a kilotonne.
_DEFINITIONS = (
    "kilotonne_ = 1000 * metric_ton = kt",
    "megatonne_ = 1e6 * metric_ton = Mt",
    "million_pound_ = 1e6 * pound = Mlb",
)


@lru_cache(maxsize=1)
def unit_registry():
    """layer0's pint.UnitRegistry (with kt and Mt as tonnes)."""
    import pint

    ureg = pint.UnitRegistry(on_redefinition="ignore")
    for line in _DEFINITIONS:
        ureg.define(line)
    return ureg


class UnitProblem(ValueError):
    """A unit string that cannot be parsed or converted to the wanted dimension."""


@lru_cache(maxsize=256)
def factor_to(unit: str, target: str) -> float:
    """Multiplier that turns a value in `unit` into `target` (e.g. "lb" -> "t")."""
    if unit == target and unit in _PLAIN:
        return 1.0
    if (unit, target) in EXACT:
        return EXACT[unit, target]
    import pint

    ureg = unit_registry()
    try:
        return float(ureg.Quantity(1.0, unit).to(target).magnitude)
    except pint.errors.DimensionalityError:
        raise UnitProblem(f"'{unit}' cannot be converted to '{target}'") from None
    except (pint.errors.UndefinedUnitError, AttributeError, TypeError, ValueError, AssertionError):
        raise UnitProblem(f"'{unit}' is not a known unit") from None


_PLAIN = {"t", "MW", "TWh", "t/MW", "year"}  # canonical units: converting to themselves is 1
# Definitional factors of the units news articles use, so that reading an article does not
# import pint (~1-2 s); tests/reference/test_units.py checks each against pint.
EXACT = {("kt", "t"): 1e3, ("Mt", "t"): 1e6, ("short_ton", "t"): 0.90718474,
         ("lb", "t"): 0.45359237e-3, ("ozt", "t"): 31.1034768e-6, ("kg", "t"): 1e-3,
         ("GW", "MW"): 1e3, ("kW", "MW"): 1e-3, ("TW", "MW"): 1e6, ("TWh", "MWh"): 1e6}


def twh_to_average_mw(twh: float) -> float:
    """Average power (MW) that consumes `twh` in one (8,760-hour) year."""
    return twh * factor_to("TWh", "MWh") / 8760.0
