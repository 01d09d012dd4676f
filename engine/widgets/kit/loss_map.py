"""A 2-parameter loss drawn as shading and contours, on a log scale of its height above the minimum.

Loss surfaces rise by thousands at their edges; on a linear scale the valley floor, where the
optimizers spend their time, would be one flat colour. The map therefore shades
h = log₁₀(1 + J − J*), scaled to [0, 1] by its largest value on the grid, and draws
contours at evenly spaced heights h.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .probability_map import probability_map


def height(J, minimum: float):
    """h = log₁₀(1 + J − J*): 0 at the minimum, growing like log J far from it."""
    return np.log10(1.0 + np.maximum(np.asarray(J, dtype=np.float64) - minimum, 0.0))


def loss_map(value: Callable[[np.ndarray, np.ndarray], np.ndarray], minimum: float, box, n: int = 60,
             levels: int = 12) -> dict:
    """``value(x, y)`` (elementwise) sampled on an n x n grid: probability_map's dict plus ``"top"``, the largest h."""
    x0, x1, y0, y1 = box
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    top = max(float(height(value(gx, gy), minimum).max()), 1e-12)
    shade = probability_map(lambda X: height(value(X[0], X[1]), minimum) / top, box, n,
                            levels=tuple((k + 0.5) / levels for k in range(levels)))
    return {**shade, "top": top}
