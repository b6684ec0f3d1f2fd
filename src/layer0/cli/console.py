"""Console output shared by the CLI modules: the two consoles and the small formatters."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from rich.console import Console

# a terminal (or COLUMNS) sets the width; piped output without COLUMNS gets 150 columns, so
# that tables written to a file are not squeezed to the 80 a pipe would otherwise get.
# Soft wrap: plain lines (paths, ids, messages) are never broken by rich, so they can be
# copied or grepped whole; the terminal wraps them. Tables still fit the width.
out = (Console(soft_wrap=True) if sys.stdout.isatty() or os.environ.get("COLUMNS")
       else Console(width=150, soft_wrap=True))
err = Console(stderr=True, soft_wrap=True)


def print_table(table) -> None:
    """A table (with its title) fitted to the width, unlike the soft-wrapped plain lines."""
    out.print(table, soft_wrap=False)


def print_json(payload) -> None:
    """JSON on stdout, pretty when it is a terminal (rich), plain text otherwise."""
    import json

    text = json.dumps(payload, allow_nan=False, indent=2, ensure_ascii=False)  # NaN: a bug
    if out.is_terminal:
        out.print_json(text)
    else:   # as rich would print it uncoloured, without its cost (10,000 projects: 20 s)
        print(text)


def _tonnes_unit(p50: float) -> tuple[float, str]:
    """t, kt or Mt, chosen by the size of the P50."""
    return next((f, u) for f, u in ((1e6, "Mt"), (1e3, "kt"), (1.0, "t"))
                if abs(p50) >= f or u == "t")


NARROW = 120  # below this many columns, tables stack each interval under its P50


def narrow() -> bool:
    return out.width < NARROW


def fmt_quantiles(q: dict, stacked: bool = False) -> str:
    """P50 (P5-P95) in one unit chosen by the P50: t, kt or Mt; `stacked`: the interval on a
    line of its own, for narrow tables."""
    scale, unit = _tonnes_unit(q["p50"])
    digits = 0 if q["p50"] / scale >= 100 else 1 if q["p50"] / scale >= 10 else 2
    p5, p50, p95 = (f"{q[k] / scale:,.{digits}f}" for k in ("p5", "p50", "p95"))
    return f"{p50} {unit}\n({p5}-{p95})" if stacked else f"{p50} ({p5}-{p95}) {unit}"


def fmt_difference(q: dict, stacked: bool = False) -> str:
    """A difference that may be negative: P50 (P5 to P95) with signs; "0" when none."""
    if q["p5"] == q["p50"] == q["p95"] == 0:
        return "0"
    scale, unit = _tonnes_unit(q["p50"])
    p5, p50, p95 = (f"{q[k] / scale:+,.2f}" for k in ("p5", "p50", "p95"))
    return f"{p50} {unit}\n({p5} to {p95})" if stacked else f"{p50} ({p5} to {p95}) {unit}"


def fmt_share(q: dict, stacked: bool = False) -> str:
    """A share as percent, or as a multiple once it passes 10x."""
    gap = "\n" if stacked else " "
    if q["p50"] >= 10:
        return f"{q['p50']:,.0f}x{gap}({q['p5']:,.0f}x-{q['p95']:,.0f}x)"
    return f"{q['p50']:.1%}{gap}({q['p5']:.1%}-{q['p95']:.1%})"


def fmt_ratio(q: dict, stacked: bool = False) -> str:
    gap = "\n" if stacked else " "
    return f"{q['p50']:.2f}{gap}({q['p5']:.2f}-{q['p95']:.2f})"


@contextmanager
def working(what: str = "samples", first: str = "reading the inputs"):
    """A progress callback `(done, total)` for a service, shown in a terminal as one line on
    stderr: a spinner with `first` until the first count arrives (loading and checking a
    large projects file takes seconds), then a bar of `what`; it serves several tasks in turn
    (each scenario of a comparison). None (quiet) when stderr is piped."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task(first, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total,
                       description=what if done < total else "summarising")

        yield update


@contextmanager
def busy(message: str):
    """A spinner with `message` on stderr while a step without a count runs (terminal only)."""
    if not err.is_terminal:
        yield
        return
    with err.status(message):
        yield
