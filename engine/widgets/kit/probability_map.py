"""A classifier's probability P(y = 1 | x) sampled on a grid, ready to paint.

Both chapter-2 figures shade the plane by a model's probability and draw
its contours. The model is any function from points ``X`` (2, k), one
column per point, to probabilities (k,); this module only samples it on
an n x n grid over the view box and traces level curves with marching
squares (:func:`engine.widgets.kit.geometry.contour_segments`).
"""

from __future__ import annotations

import base64
from typing import Callable

import numpy as np

from .geometry import Box, contour_segments, grid_axes

# The shading is shipped as one byte per cell, round(255 p), base64-encoded: a
# 40 x 40 grid arrives on every redraw, and a string of 2 kB costs the engine and
# the page almost nothing, where 1600 separate numbers cost milliseconds to check
# and serialise. A screen cannot show more than 256 shades anyway.
SHADE_LEVELS = 255


def grid_points(box: Box, n: int) -> tuple[list[float], list[float], np.ndarray]:
    """Centres of the n x n cells: ``(x_centres, y_centres, X)`` with X (2, n*n),
    row-major by y (point j*n + i is ``(x_centres[i], y_centres[j])``)."""
    _, _, xs, ys = grid_axes(box, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([gx.ravel(), gy.ravel()])


def encode_shade(p: np.ndarray) -> str:
    """Probabilities (any shape, values in [0, 1]) as base64 bytes round(255 p), in C order."""
    levels = np.rint(np.clip(p, 0.0, 1.0) * SHADE_LEVELS).astype(np.uint8)
    return base64.b64encode(levels.tobytes()).decode("ascii")


def probability_map(probability: Callable[[np.ndarray], np.ndarray], box: Box, n: int = 40,
                    levels: tuple[float, ...] = (0.5,)) -> dict:
    """Sample ``probability`` at the centres of an n x n grid of equal cells over ``box``.

    Returns ``"extent"`` (the box the cells tile), ``"n"``, ``"shade"`` (the
    n*n probabilities as :func:`encode_shade` bytes, row j = the j-th row from
    the bottom, i.e. from y0 up) and ``"contours"``:
    ``[{"level": q, "segments": [[[x, y], [x, y]], ...]}]`` for each level q,
    traced by marching squares on the exact values.
    """
    xs, ys, X = grid_points(box, n)
    p = np.asarray(probability(X), dtype=np.float64).reshape(n, n)
    return {
        "extent": [float(v) for v in box],
        "n": n,
        "shade": encode_shade(p),
        "contours": [{"level": float(q), "segments": contour_segments(p, xs, ys, q)} for q in levels],
    }
