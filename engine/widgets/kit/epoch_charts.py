"""Small charts of a quantity per training epoch, laid out for the page to draw.

The page maps data coordinates to pixels and nothing else, so everything
with a number in it is decided here: the data box, each bar's rectangle,
the points of a curve and the tick values with their labels.

Every chart is ``{"box": [x0, x1, y0, y1], "x_ticks": [...], "y_ticks": [...]}``
plus ``"bars"`` (polygons) or ``"line"`` (points); a tick is
``{"value": v, "label": text}``.
"""

from __future__ import annotations

from .geometry import nice_ticks

# A bar fills its epoch's slot but for this margin on each side.
BAR_MARGIN = 0.15


def _ticks(lo: float, hi: float, target: int, integer: bool = False) -> list[dict]:
    values = nice_ticks(lo, hi, target)
    if integer:
        values = [v for v in values if float(v).is_integer()]
    return [{"value": float(v), "label": f"{v:g}"} for v in values]


def bar_chart(values: list[float], min_slots: int = 10, min_top: float = 1.0) -> dict:
    """One bar per epoch: bar k (epoch k + 1) spans the slot [k, k + 1] of the x axis.

    The x range covers at least ``min_slots`` epochs so a few bars do not fill
    the chart; the y range starts at 0 and reaches ``max(values, min_top)``.
    x ticks sit at slot centres and are labelled with the 1-based epoch.
    """
    slots = max(len(values), min_slots)
    top = float(max([min_top, *values]))
    bars = [
        [[k + BAR_MARGIN, 0.0], [k + 1 - BAR_MARGIN, 0.0], [k + 1 - BAR_MARGIN, float(v)], [k + BAR_MARGIN, float(v)]]
        for k, v in enumerate(values)
    ]
    epochs = _ticks(1, slots, 6, integer=True)
    return {
        "box": [0.0, float(slots), 0.0, top],
        "bars": bars,
        "x_ticks": [{"value": t["value"] - 0.5, "label": t["label"]} for t in epochs],
        "y_ticks": _ticks(0.0, top, 4, integer=top >= 2),
    }


def line_chart(points: list[list[float]], min_x: float = 10.0) -> dict:
    """A curve through ``points`` ``[[epoch, value], ...]`` over x in [0, max(last epoch, min_x)], y from 0."""
    x_hi = max([min_x, *(p[0] for p in points)])
    y_hi = max([p[1] for p in points] + [1e-3]) * 1.05
    return {
        "box": [0.0, float(x_hi), 0.0, float(y_hi)],
        "line": [[float(x), float(y)] for x, y in points],
        "x_ticks": _ticks(0.0, x_hi, 5, integer=True),
        "y_ticks": _ticks(0.0, y_hi, 4),
    }


def record_thinned(losses: list[list[float]], stride: int, values: list[float], first_epoch: int,
                   max_points: int) -> tuple[list[list[float]], int]:
    """Append ``values`` (epochs first_epoch, first_epoch + 1, ...) to a thinned history.

    ``losses`` holds ``[epoch, value]`` for the epochs that are multiples of
    ``stride``, from epoch 0. Whenever it grows past ``max_points`` the stride
    doubles and every other point goes, so a long run keeps an evenly spaced
    curve of bounded size. Returns the new ``(losses, stride)``.
    """
    losses = list(losses)
    for k, value in enumerate(values):
        if (first_epoch + k) % stride == 0:
            losses.append([first_epoch + k, float(value)])
    while len(losses) > max_points:
        stride *= 2
        losses = [p for p in losses if p[0] % stride == 0]
    return losses, stride
