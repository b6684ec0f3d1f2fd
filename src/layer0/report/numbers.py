"""Numbers as the report prints them: one deterministic format for each kind, so the same
summary always gives the same text (and tests can find a number they computed themselves).

Tonnes: the P50 picks the unit (t, kt, Mt) and three significant digits,
`5.85 Mt (4.46–7.63)`: P50, then P5–P95 in the same unit.
"""

from __future__ import annotations

DASH = "\u2013"  # en dash between the ends of an interval
UNITS = ((1e6, "Mt"), (1e3, "kt"), (1.0, "t"))


def tonne_unit(value: float) -> tuple[float, str]:
    """(scale, unit) for a mass in tonnes: Mt from 1e6, kt from 1e3, else t."""
    return next((f, u) for f, u in UNITS if abs(value) >= f or u == "t")


def _digits(x: float) -> int:
    x = abs(x)
    return 0 if x >= 100 else 1 if x >= 10 else 2


def number(x: float, digits: int | None = None) -> str:
    """Three significant digits (no fewer than the integer part), thousands separated."""
    d = _digits(x) if digits is None else digits
    return f"{x:,.{d}f}"


def tonnes(value: float) -> str:
    """One mass: `816 kt`."""
    scale, unit = tonne_unit(value)
    return f"{number(value / scale)} {unit}"


def tonnes_q(q: dict) -> str:
    """P50 (P5–P95) of a mass, in the unit of the P50: `5.85 Mt (4.46–7.63)`."""
    scale, unit = tonne_unit(q["p50"])
    d = _digits(q["p50"] / scale)
    return (f"{q['p50'] / scale:,.{d}f} {unit} ({q['p5'] / scale:,.{d}f}{DASH}"
            f"{q['p95'] / scale:,.{d}f})")


def signed_tonnes_q(q: dict) -> str:
    """A paired difference: `+1.20 Mt (+0.85 to +1.61)`; `0` when there is none."""
    if q["p5"] == q["p50"] == q["p95"] == 0:
        return "0"
    scale, unit = tonne_unit(max(abs(q["p5"]), abs(q["p50"]), abs(q["p95"])))
    d = _digits(max(abs(q["p50"]), abs(q["p95"]), abs(q["p5"])) / scale)
    p5, p50, p95 = (f"{q[k] / scale:+,.{d}f}" for k in ("p5", "p50", "p95"))
    return f"{p50} {unit} ({p5} to {p95})"


def percent(x: float) -> str:
    """A share: `44%`, or one decimal below 10%: `7.8%`."""
    return f"{x:.0%}" if abs(x) >= 0.1 or x == 0 else f"{x:.1%}"


def percent_q(q: dict) -> str:
    """A share with its interval: `36.5% (31.4–43.2%)`."""
    return f"{q['p50']:.1%} ({q['p5']:.1%}{DASH}{q['p95']:.1%})"


def mw(x: float) -> str:
    return f"{x:,.0f} MW"


def mw_q(q: dict) -> str:
    return f"{q['p50']:,.0f} MW ({q['p5']:,.0f}{DASH}{q['p95']:,.0f})"


def signed_percent(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.1%}"

