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
