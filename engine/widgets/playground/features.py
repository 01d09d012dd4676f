"""The seven input features of TensorFlow Playground, computed from the point (x1, x2)."""

from __future__ import annotations

import numpy as np

from .table import FEATURE_OPTIONS

FEATURES = tuple(name for name, _ in FEATURE_OPTIONS)
LABELS = dict(FEATURE_OPTIONS)

_COMPUTE = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: np.sin(x1),
    "sinx2": lambda x1, x2: np.sin(x2),
}


def selected(options: dict) -> list[str]:
    """The features switched on, in the fixed order; at least one (the option check guarantees it)."""
    return [name for name in FEATURES if options[f"f_{name}"]]


def feature_matrix(X: np.ndarray, names: list[str]) -> np.ndarray:
    """(len(names), m): one row per feature of the points X (2, m)."""
    x1, x2 = X[0], X[1]
    return np.vstack([_COMPUTE[name](x1, x2) for name in names]) if names else np.zeros((0, X.shape[1]))
