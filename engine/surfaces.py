"""Two-parameter loss surfaces J(θ₁, θ₂) for watching optimizers move.

Each surface is a closed-form function with its exact gradient (checked
against finite differences in tests/engine/test_surfaces.py), a view box, a
start point and its lowest value, so that a figure can draw the distance
J − J* above the minimum on a log scale.

- ravine: J = ½(θ₁² + 50 θ₂²), the elongated bowl of Chapter 8's optimizer
  comparison: fifty times steeper across than along.
- saddle: J = ½θ₁² + ¼θ₂⁴ − ½θ₂², flat at the saddle point (0, 0) and with
  two minima at (0, ±1), J* = −¼. A start on the ridge θ₂ ≈ 0 shows how long
  each optimizer takes to roll off it.
- rosenbrock: J = (1 − θ₁)² + 100 (θ₂ − θ₁²)² (Rosenbrock 1960, "An automatic
  method for finding the greatest or least value of a function", The
  Computer Journal 3), a curved narrow valley with its minimum 0 at (1, 1).
- wells: J = (θ₁² + θ₂²)/20 + sin θ₁ sin θ₂, an egg-crate of local minima in a
  wide bowl; its global minima, J* ≈ −0.8094, lie at ±(1.35, −1.35).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Surface:
    name: str
    label: str
    formula: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]  # works elementwise on arrays
    gradient: Callable[[float, float], tuple[float, float]]
    box: tuple[float, float, float, float]
    start: tuple[float, float]
    minimum: float  # J*, the lowest value
    argmin: tuple[float, float]

    def __call__(self, theta) -> float:
        return float(self.value(np.float64(theta[0]), np.float64(theta[1])))

    def grad(self, theta) -> np.ndarray:
        return np.array(self.gradient(float(theta[0]), float(theta[1])))


def _ravine(x, y):
    return 0.5 * (x * x + 50.0 * y * y)


def _saddle(x, y):
    return 0.5 * x * x + 0.25 * y**4 - 0.5 * y * y


def _rosenbrock(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def _wells(x, y):
    return (x * x + y * y) / 20.0 + np.sin(x) * np.sin(y)


def _wells_minimum() -> tuple[float, tuple[float, float]]:
    """By symmetry the minimum lies on θ₂ = −θ₁: minimise x²/10 − sin²x by Newton's method from 1.3."""
    x = 1.3
    for _ in range(50):
        d1 = x / 5.0 - math.sin(2 * x)  # d/dx (x²/10 − sin² x)
        d2 = 0.2 - 2.0 * math.cos(2 * x)
        x -= d1 / d2
    return x * x / 10.0 - math.sin(x) ** 2, (x, -x)


_WELLS_MIN, _WELLS_ARGMIN = _wells_minimum()

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface("ravine", "ill-conditioned ravine", "J = ½(θ₁² + 50 θ₂²)", _ravine,
                lambda x, y: (x, 50.0 * y), (-5.0, 5.0, -2.0, 2.0), (-4.0, 1.0), 0.0, (0.0, 0.0)),
        Surface("saddle", "saddle point", "J = ½θ₁² + ¼θ₂⁴ − ½θ₂²", _saddle,
                lambda x, y: (x, y**3 - y), (-3.0, 3.0, -2.0, 2.0), (-2.5, 0.001), -0.25, (0.0, 1.0)),
        Surface("rosenbrock", "Rosenbrock valley", "J = (1 − θ₁)² + 100(θ₂ − θ₁²)²", _rosenbrock,
                lambda x, y: (-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)),
                (-2.0, 2.0, -1.0, 3.0), (-1.2, 1.0), 0.0, (1.0, 1.0)),
        Surface("wells", "bowl with local minima", "J = (θ₁² + θ₂²)/20 + sin θ₁ sin θ₂", _wells,
                lambda x, y: (x / 10.0 + math.cos(x) * math.sin(y), y / 10.0 + math.sin(x) * math.cos(y)),
                (-6.0, 6.0, -6.0, 6.0), (4.5, 4.0), _WELLS_MIN, _WELLS_ARGMIN),
    )
}
SURFACE_NAMES = tuple(SURFACES)


def get_surface(name: str) -> Surface:
    if name not in SURFACES:
        raise ValueError(f"unknown surface {name!r}; known: {', '.join(SURFACE_NAMES)}")
    return SURFACES[name]


def sample(surface: Surface, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x (n,), y (n,) and J on the n x n grid over the box, J[j, i] = J(x[i], y[j])."""
    x0, x1, y0, y1 = surface.box
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, surface.value(gx, gy)


class LinearRegressionLoss:
    """J(w, b) = (1/2m) Σ (w xᵢ + b − yᵢ)², the mean squared error of a line through m points.

    Half the MSE, so that the gradient is the plain average residual times the input:
    ∂J/∂w = (1/m) Σ rᵢ xᵢ, ∂J/∂b = (1/m) Σ rᵢ with rᵢ = w xᵢ + b − yᵢ. The same formula over a
    subset of the points is the mini-batch gradient, an unbiased estimate of the full one.
    """

    def __init__(self, x, y):
        self.x = np.asarray(x, dtype=np.float64).ravel()
        self.y = np.asarray(y, dtype=np.float64).ravel()
        if self.x.shape != self.y.shape or self.x.size < 2:
            raise ValueError(f"x and y must be two equal-length lists of at least 2 numbers, got {self.x.size} and {self.y.size}")
        # The sums J is a quadratic form of: J(w, b) = (w²Σx² + 2wbΣx + mb² − 2wΣxy − 2bΣy + Σy²) / 2m.
        m = self.x.size
        self._moments = tuple(float(v) / m for v in (self.x @ self.x, self.x.sum(), self.x @ self.y, self.y.sum(),
                                                      self.y @ self.y))
        A = np.vstack([self.x, np.ones_like(self.x)]).T
        self.argmin = tuple(float(v) for v in np.linalg.lstsq(A, self.y, rcond=None)[0])
        self.minimum = float(self.value(*self.argmin))

    @property
    def moments(self) -> tuple[float, float, float, float, float]:
        """(Σx², Σx, Σxy, Σy, Σy²) / m: J(w, b) = (w²·Σx² + 2wb·Σx + b² − 2w·Σxy − 2b·Σy + Σy²) / 2 in these."""
        return self._moments

    def value(self, w, b):
        """J at (w, b); w and b may be arrays of the same shape (a grid)."""
        if np.ndim(w) == 0 and np.ndim(b) == 0:  # one point, from the sums: no pass over the data
            w, b = float(w), float(b)
            sxx, sx, sxy, sy, syy = self._moments
            return 0.5 * (w * w * sxx + 2 * w * b * sx + b * b - 2 * w * sxy - 2 * b * sy + syy)
        w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
        r = w[..., None] * self.x + b[..., None] - self.y
        return 0.5 * np.mean(r * r, axis=-1)

    def gradient(self, w: float, b: float, batch=None) -> np.ndarray:
        """(∂J/∂w, ∂J/∂b) over the points ``batch`` (indices; None: all of them)."""
        x, y = (self.x, self.y) if batch is None else (self.x[batch], self.y[batch])
        r = w * x + b - y
        return np.array([float(r @ x), float(r.sum())]) / x.size
