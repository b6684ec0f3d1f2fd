"""Figures: pure functions from numbers to a `matplotlib.figure.Figure` (the object API, no
pyplot state, so they are safe in threads and servers and never open a window).

Every figure has a title, axis labels with units and a caption (at the foot, naming the data
and model versions); intervals are P5-P95 and the line or dot is the P50. Masses are plotted
in the unit their largest P95 picks (t, kt or Mt), named on the axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from layer0.report.numbers import DASH, tonne_unit

WIDTH = 7.2                      # inches: an A4 page's text width at ~150 dpi
BAND = "#8fb3d9"
LINE = "#1f4e89"
CHINA = "#c0392b"
FLOW_COLOURS = {"growth": "#1f4e89", "replacement": "#5b8fc7", "secondary": "#3a9d5d",
                "primary": "#7f7f7f"}
PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
           "#ccb974", "#64b5cd")
BAND_LABEL = f"P5{DASH}P95"


@dataclass(frozen=True)
class Series:
    """One quantity over the years: P5, P50 and P95 per year."""

    label: str
    years: list[int]
    p5: list[float]
    p50: list[float]
    p95: list[float]

    @classmethod
    def of(cls, label: str, rows: list[dict]) -> Series:
        rows = sorted(rows, key=lambda r: r["year"])
        return cls(label, [r["year"] for r in rows], *([r[k] for r in rows]
                                                      for k in ("p5", "p50", "p95")))


def _figure(height: float, caption: str) -> Figure:
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    foot = 0.32 / height * (1 + caption.count("\n"))   # room for the caption's lines
    fig.get_layout_engine().set(rect=(0, foot, 1, 1 - foot))
    fig.text(0.01, 0.01, caption, fontsize=7, color="#444444", va="bottom", ha="left",
             wrap=True)
    return fig


def _grid(fig: Figure, n: int, ncols: int):
    nrows = math.ceil(n / ncols)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return axes[:n]


def _tick(x: float, _pos=None) -> str:
    """Axis numbers with thousands separated and no exponent: 150,000; 2.5; 0.25."""
    return f"{x:,.0f}" if abs(x) >= 10 or x == int(x) else f"{x:g}"


def mass_scale(values) -> tuple[float, str]:
    """(scale, unit) for plotting masses in tonnes: the largest value picks t, kt or Mt."""
    top = max((abs(v) for v in values), default=0.0)
    return tonne_unit(top)


def fan_chart(series: list[Series], title: str, caption: str, unit: str = "t",
              per: str = "/yr", ncols: int = 2, panel_height: float = 2.3) -> Figure:
    """Small multiples of fan charts: per series a P5-P95 band and the P50 line over the
    years. `unit` "t": each panel is scaled to t, kt or Mt; any other unit is shown as is."""
    ncols = min(ncols, len(series)) or 1
    fig = _figure(panel_height * math.ceil(len(series) / ncols) + 0.8, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    for ax, s in zip(_grid(fig, len(series), ncols), series, strict=True):
        scale, shown = mass_scale(s.p95) if unit == "t" else (1.0, unit)
        ax.fill_between(s.years, np.divide(s.p5, scale), np.divide(s.p95, scale), color=BAND,
                        alpha=0.6, linewidth=0, label=BAND_LABEL)
        ax.plot(s.years, np.divide(s.p50, scale), color=LINE, linewidth=1.8, label="P50")
        if len(series) > 1:
            ax.set_title(s.label, fontsize=9)
        ax.set_ylabel(f"{shown}{per}", fontsize=8)
        ax.yaxis.set_major_formatter(FuncFormatter(_tick))
        ax.set_xlabel("year", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.axes[0].legend(fontsize=7, loc="upper left", frameon=False)
    return fig


def interval_bars(labels: list[str], records: list[dict], title: str, caption: str,
                  xlabel: str, log: bool = True) -> Figure:
    """Horizontal P50 bars with P5-P95 whiskers, one per label (top to bottom), in tonnes."""
    fig = _figure(0.28 * len(labels) + 1.4, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    ax = fig.subplots()
    y = np.arange(len(labels))[::-1]
    p50 = np.array([r["p50"] for r in records])
    err = np.array([[r["p50"] - r["p5"] for r in records], [r["p95"] - r["p50"] for r in records]])
    ax.barh(y, p50, color=BAND, edgecolor=LINE, linewidth=0.6, label="P50")
    ax.errorbar(p50, y, xerr=err, fmt="none", ecolor=LINE, elinewidth=1, capsize=2,
                label=BAND_LABEL)
    ax.set_yticks(y, labels, fontsize=8)
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right", frameon=False)
    return fig


def flow_bars(flows: dict[str, dict[str, dict]], title: str, caption: str,
              period: str, ncols: int = 2) -> Figure:
    """Per material: growth, replacement, secondary and primary over the period, P50 bars
    with P5-P95 whiskers. `flows`: material label -> flow -> quantiles (t)."""
    ncols = min(ncols, len(flows)) or 1
    fig = _figure(2.3 * math.ceil(len(flows) / ncols) + 0.8, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    for ax, (label, by_flow) in zip(_grid(fig, len(flows), ncols), flows.items(), strict=True):
        names = [f for f in FLOW_COLOURS if f in by_flow]
        scale, unit = mass_scale([by_flow[f]["p95"] for f in names])
        p50 = np.array([by_flow[f]["p50"] for f in names]) / scale
        err = np.array([[by_flow[f]["p50"] - by_flow[f]["p5"] for f in names],
                        [by_flow[f]["p95"] - by_flow[f]["p50"] for f in names]]) / scale
        x = np.arange(len(names))
        ax.bar(x, p50, color=[FLOW_COLOURS[f] for f in names], alpha=0.85)
        ax.errorbar(x, p50, yerr=np.abs(err), fmt="none", ecolor="black", elinewidth=0.8,
                    capsize=2)
        ax.set_xticks(x, names, fontsize=7)
        ax.set_ylabel(f"{unit}, {period}", fontsize=8)
        ax.set_title(label, fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.axhline(0, color="black", linewidth=0.5)
        ax.grid(axis="y", alpha=0.3)
    return fig


def difference_dots(panels: dict[str, dict[str, dict]], reference: str, title: str,
                    caption: str, period: str, ncols: int = 2) -> Figure:
    """Paired differences from the reference scenario: per material a dot at the P50 and a
    P5-P95 whisker for each scenario. `panels`: material label -> scenario -> quantiles."""
    ncols = min(ncols, len(panels)) or 1
    height = 0.25 * max(len(p) for p in panels.values()) + 1.3
    fig = _figure(height * math.ceil(len(panels) / ncols) + 0.8, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    for ax, (label, diffs) in zip(_grid(fig, len(panels), ncols), panels.items(), strict=True):
        names = list(diffs)
        scale, unit = mass_scale([v for d in diffs.values() for v in (d["p5"], d["p95"])])
        y = np.arange(len(names))[::-1]
        p50 = np.array([diffs[n]["p50"] for n in names]) / scale
        err = np.array([[diffs[n]["p50"] - diffs[n]["p5"] for n in names],
                        [diffs[n]["p95"] - diffs[n]["p50"] for n in names]]) / scale
        ax.errorbar(p50, y, xerr=np.abs(err), fmt="o", color=LINE, ecolor=BAND, elinewidth=3,
                    markersize=4, capsize=0)
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_yticks(y, names, fontsize=7)
        ax.set_xlabel(f"{unit} vs {reference}, {period}", fontsize=8)
        ax.set_title(label, fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", alpha=0.3)
    return fig


def share_bars(rows: list[tuple[str, list[dict], float | None]], title: str, caption: str,
               min_label: float = 0.08) -> Figure:
    """Stacked shares by country, one bar per (label, shares, HHI); China in red, the rest
    in the palette by rank, each segment of `min_label` or more named by its ISO code."""
    fig = _figure(0.32 * len(rows) + 1.5, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    ax = fig.subplots()
    y = np.arange(len(rows))[::-1]
    for yi, (_, shares, hhi) in zip(y, rows, strict=True):
        left = 0.0
        others = 0
        for s in sorted(shares, key=lambda s: -s["share"]):
            if s["country"] == "CN":
                colour = CHINA
            elif s["country"] == "OTHER":
                colour = "#d9d9d9"
            else:
                colour = PALETTE[others % len(PALETTE)]
                others += 1
            ax.barh(yi, s["share"] * 100, left=left, color=colour, edgecolor="white",
                    linewidth=0.5)
            if s["share"] >= min_label:
                ax.text(left + s["share"] * 50, yi, s["country"], ha="center", va="center",
                        fontsize=6.5, color="white" if colour != "#d9d9d9" else "black")
            left += s["share"] * 100
        if hhi is not None:
            ax.text(101, yi, f"HHI {hhi:,.0f}", va="center", fontsize=6.5)
    ax.set_yticks(y, [r[0] for r in rows], fontsize=7.5)
    ax.set_xlim(0, 116)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("share of world production, % (China in red; OTHER in grey)", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    return fig


def control_timeline(controls: list[dict], day: date, title: str, caption: str) -> Figure:
    """Export controls over time: a bar from the date each took effect to its end (or the
    report date), a tick at its announcement, the report date as a dashed line."""
    fig = _figure(0.24 * len(controls) + 1.6, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    ax = fig.subplots()
    y = np.arange(len(controls))[::-1]
    kinds = sorted({c["control"] for c in controls})
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    start_all = min((date.fromisoformat(c["announced"] or c["effective"]) for c in controls),
                    default=day)
    for yi, c in zip(y, controls, strict=True):
        start = date.fromisoformat(c["effective"]) if c.get("effective") else day
        end = date.fromisoformat(c["ends"]) if c.get("ends") else day
        end = min(end, day) if end >= start else start
        ax.barh(yi, (end - start).days, left=start.toordinal(), color=colour[c["control"]],
                height=0.6, alpha=0.9 if c["status"] == "in_force" else 0.35)
        if c.get("announced"):
            ax.plot(date.fromisoformat(c["announced"]).toordinal(), yi, "|", color="black",
                    markersize=6)
    ax.axvline(day.toordinal(), color="black", linestyle="--", linewidth=0.8)
    labels = [f"{c['material']} \u00b7 {c['issuer']} {c['control']} \u2192 {c['destinations']}"
              for c in controls]
    ax.set_yticks(y, labels, fontsize=6.5)
    first, last = start_all.year, day.year + 1
    ticks = [date(year, 1, 1) for year in range(first, last + 1)]
    ax.set_xticks([t.toordinal() for t in ticks], [str(t.year) for t in ticks], fontsize=7)
    ax.set_xlim(date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal())
    ax.set_xlabel(f"date (effective to end or to the report date {day.isoformat()}; "
                  "| = announced)", fontsize=8)
    ax.legend(handles=[Patch(color=colour[k], label=k) for k in kinds], fontsize=7,
              loc="lower left", frameon=False, title="control", title_fontsize=7)
    ax.grid(axis="x", alpha=0.3)
    return fig


def coverage_bars(labels: list[str], shares: list[dict], title: str, caption: str) -> Figure:
    """Covered share of a facility's material, P50 bar with a P5-P95 whisker, in percent."""
    fig = _figure(0.45 * len(labels) + 1.5, caption)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    ax = fig.subplots()
    y = np.arange(len(labels))[::-1]
    p50 = np.array([s["p50"] for s in shares]) * 100
    err = np.array([[s["p50"] - s["p5"] for s in shares],
                    [s["p95"] - s["p50"] for s in shares]]) * 100
    ax.barh(y, p50, color=BAND, edgecolor=LINE, height=0.5)
    ax.errorbar(p50, y, xerr=err, fmt="none", ecolor=LINE, capsize=3)
    for yi, v, hi in zip(y, p50, p50 + err[1], strict=True):
        ax.text(hi + 1, yi, f"{v:.1f}%", va="center", fontsize=7)
    ax.axvline(100, color="black", linestyle=":", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_xlim(0, max(110, float((p50 + err[1]).max()) * 1.15))
    ax.set_xlabel("share of the facility's first-fill demand covered, %", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.3)
    return fig
