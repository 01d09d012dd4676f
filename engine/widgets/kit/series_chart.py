"""Several curves in one chart (one per optimizer, schedule or setting), laid out for the page.

Like :mod:`engine.widgets.kit.epoch_charts`, everything with a number in it is
decided here: the data box, the points and the ticks with their labels; the
page only maps data to pixels. ``log=True`` plots log₁₀ of the values (which
must be positive) and labels the ticks as powers of ten.
"""

from __future__ import annotations

import math

from .geometry import nice_ticks

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_label(k: float) -> str:
    return "1" if k == 0 else "10" + str(int(k)).translate(SUPERSCRIPT)


def series_chart(series: list[dict], *, log: bool = False, x_min: float = 0.0, y_floor: float | None = None,
                 marks: list[dict] | None = None) -> dict:
    """``series``: ``[{"name", "label", "points": [[x, y], ...]}]``; returns the chart.

    The chart is ``{"box", "x_ticks", "y_ticks", "lines": [{"name", "label", "points"}], "marks"}``
    with points in plotted coordinates (log₁₀ y when ``log``). With ``log``, values below
    ``y_floor`` are drawn at the floor. ``marks`` (``[{"x", "label"}]``) are vertical lines.
    """
    lines = [{"name": s["name"], "label": s.get("label", s["name"]), "points": plotted(s["points"], log, y_floor)}
             for s in series]
    return chart_frame(lines, log=log, x_min=x_min, marks=marks)


def plotted(points, log: bool = False, y_floor: float | None = None) -> list[list[float]]:
    """``[[x, y], ...]`` in the chart's coordinates: floats, and log₁₀ y (at least ``y_floor``) when ``log``."""
    pts = [[float(x), float(y)] for x, y in points]
    if log:
        floor = y_floor if y_floor is not None else 1e-12
        pts = [[x, math.log10(max(y, floor))] for x, y in pts]
    return pts


def chart_frame(lines: list[dict], *, log: bool = False, x_min: float = 0.0, marks: list[dict] | None = None) -> dict:
    """The chart of lines already in plotted coordinates (:func:`plotted`): the box and ticks around them.

    A figure that keeps some lines from one call to the next hands them in as they are, without
    converting their points again; ``series_chart`` is ``plotted`` then this.
    """
    xs = [p[0] for line in lines for p in line["points"]] or [0.0, 1.0]
    ys = [p[1] for line in lines for p in line["points"]] or [0.0, 1.0]
    x_lo, x_hi = min(x_min, min(xs)), max(xs)
    y_lo, y_hi = min(ys), max(ys)
    if log:
        y_lo, y_hi = math.floor(y_lo), math.ceil(y_hi)
    if y_hi - y_lo < 1e-9:
        y_lo, y_hi = y_lo - 0.5, y_hi + 0.5
    if x_hi - x_lo < 1e-9:
        x_hi = x_lo + 1.0
    pad = 0.0 if log else 0.05 * (y_hi - y_lo)
    y_lo, y_hi = y_lo - pad, y_hi + pad
    if log:
        span = int(y_hi - y_lo)
        every = max(1, math.ceil(span / 5))
        y_ticks = [{"value": float(k), "label": _power_label(k)} for k in range(int(y_lo), int(y_hi) + 1, every)]
    else:
        y_ticks = [{"value": float(v), "label": f"{v:g}"} for v in nice_ticks(y_lo, y_hi, 4)]
    x_ticks = [{"value": float(v), "label": f"{v:g}"} for v in nice_ticks(x_lo, x_hi, 5)]
    return {"box": [float(x_lo), float(x_hi), float(y_lo), float(y_hi)], "x_ticks": x_ticks, "y_ticks": y_ticks,
            "lines": lines, "marks": [{"x": float(m["x"]), "label": m["label"]} for m in (marks or [])], "log": log}
