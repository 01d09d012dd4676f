"""Where a linear classifier's boundary falls inside a rectangular view.

Drawing code gets plain coordinates: the segment of the line
``w1 x1 + w2 x2 + b = 0`` inside the box and the polygon of the box where
``w1 x1 + w2 x2 + b >= 0`` (the half-plane classified as 1).
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # (x_min, x_max, y_min, y_max)


def _corners(box: Box) -> list[tuple[float, float]]:
    x0, x1, y0, y1 = box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def positive_region(w: list[float], b: float, box: Box) -> list[list[float]]:
    """The part of the box where ``w · x + b >= 0``: one clip of the box polygon
    by a half-plane (Sutherland–Hodgman with a single edge)."""
    def side(p):
        return w[0] * p[0] + w[1] * p[1] + b

    polygon = _corners(box)
    out: list[tuple[float, float]] = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        s_cur, s_prev = side(current), side(previous)
        if (s_cur >= 0) != (s_prev >= 0):
            t = s_prev / (s_prev - s_cur)
            out.append((previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])))
        if s_cur >= 0:
            out.append(current)
    return [[float(x), float(y)] for x, y in out]


def boundary_segment(w: list[float], b: float, box: Box) -> list[list[float]] | None:
    """End points of the decision line inside the box, or None when it misses the box
    (or when w = 0 and there is no line at all)."""
    if w[0] == 0 and w[1] == 0:
        return None
    region = positive_region(w, b, box)
    on_line = [p for p in region if abs(w[0] * p[0] + w[1] * p[1] + b) <= 1e-9 * (1 + abs(b) + abs(w[0]) + abs(w[1]))]
    unique = []
    for p in on_line:
        if all(abs(p[0] - q[0]) + abs(p[1] - q[1]) > 1e-12 for q in unique):
            unique.append(p)
    return unique[:2] if len(unique) >= 2 else None


# --- axis ticks (appended for the loss-explorer and vanishing-gradients figures) ---


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values inside [lo, hi], about ``target`` of them, spaced 1, 2 or 5 times a power of ten.

    The step is the first of 1, 2, 5, 10 (times 10^floor(log10(raw))) that is at
    least the raw step (hi - lo) / target; ticks are its multiples inside the range.
    """
    import math

    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"need a finite range lo < hi, got [{lo}, {hi}]")
    raw = (hi - lo) / max(target, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    # Rounding to the step's decimals removes float noise such as 0.30000000000000004.
    decimals = max(0, -math.floor(math.log10(step)))
    return [round(k * step, decimals) + 0.0 for k in range(first, last + 1)]


def decade_ticks(log_lo: float, log_hi: float, max_ticks: int = 7) -> list[dict]:
    """Ticks of a log10 axis whose data are exponents: every integer k in [log_lo, log_hi]
    (every 2nd, 3rd, ... when there are more than ``max_ticks``), labelled "10^k".

    Returns ``[{"value": k, "label": text}]`` with labels such as "10⁻³", "1", "10", "10⁴".
    """
    import math

    if not (math.isfinite(log_lo) and math.isfinite(log_hi)) or log_hi < log_lo:
        raise ValueError(f"need a finite range, got [{log_lo}, {log_hi}]")
    first, last = math.ceil(log_lo), math.floor(log_hi)
    every = max(1, math.ceil((last - first + 1) / max_ticks))
    superscript = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    ticks = []
    for k in range(first, last + 1):
        if k % every:
            continue
        label = "1" if k == 0 else "10" if k == 1 else "10" + str(k).translate(superscript)
        ticks.append({"value": float(k), "label": label})
    return ticks


# --- grids and contours for probability maps (appended for the chapter-2 figures) ---


def grid_axes(box: Box, n: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Cell edges and centres of an n x n grid covering the box.

    Returns ``(x_edges, y_edges, x_centres, y_centres)``; the edges have n + 1
    entries, the centres n. A value sampled at centre (i, j) paints the cell
    between edges i, i+1 (x) and j, j+1 (y).
    """
    x0, x1, y0, y1 = box
    x_edges = [x0 + (x1 - x0) * k / n for k in range(n + 1)]
    y_edges = [y0 + (y1 - y0) * k / n for k in range(n + 1)]
    x_centres = [(a + b) / 2 for a, b in zip(x_edges[:-1], x_edges[1:])]
    y_centres = [(a + b) / 2 for a, b in zip(y_edges[:-1], y_edges[1:])]
    return x_edges, y_edges, x_centres, y_centres


def contour_segments(values, xs: list[float], ys: list[float], level: float) -> list[list[list[float]]]:
    """Line segments where a sampled field crosses ``level`` (marching squares).

    ``values[j][i]`` is the field at ``(xs[i], ys[j])``. Each grid square whose
    corners straddle the level contributes one segment (two for a saddle),
    with end points placed on the square's edges by linear interpolation.
    A saddle (opposite corners on the same side) is resolved by the mean of
    the four corners, the usual rule. Returns ``[[[x, y], [x, y]], ...]``.
    """
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    above_grid = v >= level
    # Only squares whose four corners are not all on one side hold a piece of the
    # contour; finding them with numpy keeps the Python loop to about 2n squares.
    corner_sum = (above_grid[:-1, :-1].astype(int) + above_grid[:-1, 1:] + above_grid[1:, 1:] + above_grid[1:, :-1])
    segments: list[list[list[float]]] = []
    for j, i in zip(*np.nonzero((corner_sum > 0) & (corner_sum < 4))):
        j, i = int(j), int(i)
        # Corners counter-clockwise from bottom-left, with their coordinates.
        corners = [
            (xs[i], ys[j], float(v[j, i])),
            (xs[i + 1], ys[j], float(v[j, i + 1])),
            (xs[i + 1], ys[j + 1], float(v[j + 1, i + 1])),
            (xs[i], ys[j + 1], float(v[j + 1, i])),
        ]
        above = [c[2] >= level for c in corners]
        crossings = []  # one point per edge whose two corners differ, in edge order 0..3
        for k in range(4):
            (xa, ya, va), (xb, yb, vb) = corners[k], corners[(k + 1) % 4]
            if above[k] != above[(k + 1) % 4]:
                t = (level - va) / (vb - va)
                crossings.append([xa + t * (xb - xa), ya + t * (yb - ya)])
        if len(crossings) == 2:
            if crossings[0] != crossings[1]:  # both ends on a corner lying exactly on the level: nothing to draw
                segments.append(crossings)
            continue
        # Saddle: four crossings. If the centre is on the side of corner 0,
        # corner 0's region connects through the middle, so cut off corners 1 and 3.
        centre_above = sum(c[2] for c in corners) / 4 >= level
        if centre_above == above[0]:
            segments += [[crossings[0], crossings[1]], [crossings[2], crossings[3]]]
        else:
            segments += [[crossings[3], crossings[0]], [crossings[1], crossings[2]]]
    return segments
