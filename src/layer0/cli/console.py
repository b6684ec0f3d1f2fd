"""Console output shared by the CLI modules: the two consoles and the small formatters."""

from __future__ import annotations

import sys

from rich.console import Console

out = Console(width=150) if not sys.stdout.isatty() else Console()
err = Console(stderr=True)


def print_json(payload) -> None:
    """JSON on stdout, pretty when it is a terminal (rich), plain text otherwise."""
    import json

    out.print_json(json.dumps(payload, allow_nan=False))  # strict JSON: NaN is a bug


def _tonnes_unit(p50: float) -> tuple[float, str]:
    """t, kt or Mt, chosen by the size of the P50."""
    return next((f, u) for f, u in ((1e6, "Mt"), (1e3, "kt"), (1.0, "t"))
                if abs(p50) >= f or u == "t")


def fmt_quantiles(q: dict) -> str:
    """P50 (P5-P95) in one unit chosen by the P50: t, kt or Mt."""
    scale, unit = _tonnes_unit(q["p50"])
    digits = 0 if q["p50"] / scale >= 100 else 1 if q["p50"] / scale >= 10 else 2
    p5, p50, p95 = (f"{q[k] / scale:,.{digits}f}" for k in ("p5", "p50", "p95"))
    return f"{p50} ({p5}-{p95}) {unit}"


def fmt_difference(q: dict) -> str:
    """A difference that may be negative: P50 (P5 to P95) with signs; "0" when none."""
    if q["p5"] == q["p50"] == q["p95"] == 0:
        return "0"
    scale, unit = _tonnes_unit(q["p50"])
    p5, p50, p95 = (f"{q[k] / scale:+,.2f}" for k in ("p5", "p50", "p95"))
    return f"{p50} ({p5} to {p95}) {unit}"


def fmt_share(q: dict) -> str:
    """A share as percent, or as a multiple once it passes 10x."""
    if q["p50"] >= 10:
        return f"{q['p50']:,.0f}x ({q['p5']:,.0f}x-{q['p95']:,.0f}x)"
    return f"{q['p50']:.1%} ({q['p5']:.1%}-{q['p95']:.1%})"
