"""The figure functions: each axis holds the numbers it was given (P50 line, P5-P95 band or
whisker), in the unit its label names, with a title and a caption naming the data version."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from layer0.report import figures

SCALE = {"t": 1.0, "kt": 1e3, "Mt": 1e6}
CAPTION = "Material demand.\nScenario 'base'; data abc123def456, layer0 0.4.0."


def _series(label="Copper", base=1000.0):
    years = list(range(2020, 2026))
    p50 = [base * (1 + 0.2 * i) for i in range(6)]
    return figures.Series(label, years, [v * 0.7 for v in p50], p50, [v * 1.4 for v in p50])


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts) + " " + (fig._suptitle.get_text()
                                                                 if fig._suptitle else "")


def _band(ax) -> np.ndarray:
    """The vertices of the one filled band of an axis."""
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1
    return bands[0].get_paths()[0].vertices


@pytest.mark.parametrize("base, unit", [(100.0, "t"), (5e4, "kt"), (3e6, "Mt")])
def test_fan_chart_holds_p50_line_and_p5_p95_band_in_the_unit_it_names(base, unit):
    s = _series(base=base)
    fig = figures.fan_chart([s], "Demand", CAPTION)
    ax = fig.axes[0]
    assert ax.get_ylabel() == f"{unit}/yr"
    scale = SCALE[unit]
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == s.years
    np.testing.assert_allclose(line.get_ydata() * scale, s.p50)
    vertices = _band(ax)
    # the band's outline runs along P5 and back along P95: its extremes per year are those
    for year, low, high in zip(s.years, s.p5, s.p95, strict=True):
        at = vertices[np.isclose(vertices[:, 0], year)][:, 1] * scale
        assert at.min() == pytest.approx(low) and at.max() == pytest.approx(high)
    assert "P5\u2013P95" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert "abc123def456" in _texts(fig) and "Demand" in _texts(fig)
    assert ax.get_xlabel() == "year"


def test_fan_chart_small_multiples_one_panel_per_series_each_titled():
    series = [_series("Copper"), _series("Gallium", base=2.0), _series("Steel", base=2e6)]
    fig = figures.fan_chart(series, "Demand", CAPTION, ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["Copper", "Gallium", "Steel"]
    assert [ax.get_ylabel() for ax in visible] == ["kt/yr", "t/yr", "Mt/yr"]


def test_fan_chart_keeps_other_units_unscaled():
    s = _series(base=80_000.0)
    fig = figures.fan_chart([s], "Capacity", CAPTION, unit="MW IT", per="")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "MW IT"
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), s.p50)


def test_interval_bars_hold_p50_and_whiskers():
    records = [{"p5": 10.0, "p50": 20.0, "p95": 40.0}, {"p5": 1e3, "p50": 2e3, "p95": 5e3}]
    fig = figures.interval_bars(["a", "b"], records, "Cumulative", CAPTION, "t (log)")
    ax = fig.axes[0]
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [20.0, 2e3]
    segments = ax.collections[0].get_segments()       # the whiskers, one per bar
    spans = sorted((s[:, 0].min(), s[:, 0].max()) for s in segments)
    assert spans == [(10.0, 40.0), (1e3, 5e3)]
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "t (log)"
    assert "abc123def456" in _texts(fig)


def test_difference_dots_hold_the_paired_differences():
    diffs = {"Copper": {"up": {"p5": 1e5, "p50": 2e5, "p95": 3e5},
                        "down": {"p5": -4e5, "p50": -3e5, "p95": -1e5}}}
    fig = figures.difference_dots(diffs, "base", "Differences", CAPTION, "2025-2035")
    ax = fig.axes[0]
    dots = ax.get_lines()[0]
    assert sorted(dots.get_xdata() * 1e3) == pytest.approx([-3e5, 2e5])
    assert ax.get_xlabel() == "kt vs base, 2025-2035"


def test_share_bars_stack_to_the_shares_and_colour_china():
    shares = [{"country": "CN", "share": 0.6}, {"country": "AU", "share": 0.3},
              {"country": "OTHER", "share": 0.1}]
    fig = figures.share_bars([("Gallium refining", shares, 4500.0)], "Shares", CAPTION)
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    assert sum(widths) == pytest.approx(100.0)
    china = [p for p in ax.patches if p.get_width() == pytest.approx(60.0)][0]
    assert np.allclose(china.get_facecolor()[:3], (0xC0 / 255, 0x39 / 255, 0x2B / 255))
    assert any(t.get_text() == "HHI 4,500" for t in ax.texts)


def test_control_timeline_runs_from_effective_to_the_report_date():
    controls = [{"material": "gallium", "issuer": "CN", "control": "licence",
                 "destinations": "ALL", "status": "in_force", "announced": "2023-07-03",
                 "effective": "2023-08-01"}]
    day = date(2026, 12, 2)
    fig = figures.control_timeline(controls, day, "Controls", CAPTION)
    ax = fig.axes[0]
    bar = ax.patches[0]
    assert bar.get_x() == date(2023, 8, 1).toordinal()
    assert bar.get_x() + bar.get_width() == day.toordinal()
    assert "2026-12-02" in ax.get_xlabel()


def test_coverage_bars_in_percent():
    fig = figures.coverage_bars(["campus"], [{"p5": 0.3, "p50": 0.36, "p95": 0.43}], "Cover",
                                CAPTION)
    ax = fig.axes[0]
    assert ax.patches[0].get_width() == pytest.approx(36.0)
    assert "%" in ax.get_xlabel()
