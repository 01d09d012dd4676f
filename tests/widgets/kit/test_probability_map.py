"""Marching squares and the shipped shading, checked on fields whose level curves are known."""

from __future__ import annotations

import base64
import math

import numpy as np
import pytest

from engine.widgets.kit.geometry import contour_segments, grid_axes
from engine.widgets.kit.probability_map import probability_map


def test_contour_end_points_are_exact_for_a_field_linear_along_grid_edges():
    n = 41
    xs = [-1 + 2 * i / (n - 1) for i in range(n)]
    product = [[x * y for x in xs] for y in xs]  # bilinear: linear along every grid edge
    segments = contour_segments(product, xs, xs, 0.25)
    ends = [p for seg in segments for p in seg]
    assert len(segments) > 20
    assert max(abs(x * y - 0.25) for x, y in ends) < 1e-12
    assert all(seg[0] != seg[1] for seg in segments)


def test_the_contour_of_a_cone_stays_near_its_circle():
    n = 41
    xs = [-1 + 2 * i / (n - 1) for i in range(n)]
    radius = [[math.hypot(x, y) for x in xs] for y in xs]
    ends = [p for seg in contour_segments(radius, xs, xs, 0.6) for p in seg]
    # Interpolating a curved field linearly over cells 0.05 wide errs by well under a cell.
    assert ends and max(abs(math.hypot(x, y) - 0.6) for x, y in ends) < 2e-3
    angles = sorted(math.atan2(y, x) for x, y in ends)
    assert max(b - a for a, b in zip(angles, angles[1:])) < 0.2  # the whole circle is traced


def test_a_saddle_square_is_split_by_the_mean_of_its_corners():
    # Corners (bottom-left, bottom-right, top-right, top-left) = 1, 0, 1, 0: a saddle.
    values = [[1.0, 0.0], [0.0, 1.0]]
    high_centre = contour_segments(values, [0, 1], [0, 1], 0.4)  # mean 0.5 >= 0.4: the 1-corners connect
    low_centre = contour_segments(values, [0, 1], [0, 1], 0.6)  # mean 0.5 < 0.6: the 0-corners connect
    assert len(high_centre) == len(low_centre) == 2

    def cuts_off(segments, corner):
        # A segment cuts off a corner when both its ends lie on the two edges meeting there.
        return any(all(p[0] == corner[0] or p[1] == corner[1] for p in seg) for seg in segments)

    assert cuts_off(high_centre, (1, 0)) and cuts_off(high_centre, (0, 1))
    assert cuts_off(low_centre, (0, 0)) and cuts_off(low_centre, (1, 1))


def test_the_shading_holds_the_probability_at_each_cell_centre_bottom_row_first():
    box = (-1.0, 1.0, 0.0, 2.0)
    heat = probability_map(lambda X: 1 / (1 + np.exp(-3 * X[1] + 3)), box, n=10, levels=(0.5,))
    shade = np.frombuffer(base64.b64decode(heat["shade"]), dtype=np.uint8).reshape(10, 10)
    _, _, _, ys = grid_axes(box, 10)
    for j, y in enumerate(ys):
        assert shade[j] == pytest.approx(np.full(10, round(255 / (1 + math.exp(-3 * y + 3)))), abs=1)
    ends = [p for seg in heat["contours"][0]["segments"] for p in seg]
    assert ends and all(y == pytest.approx(1.0, abs=0.02) for _, y in ends)
