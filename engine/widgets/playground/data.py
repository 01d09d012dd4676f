"""The playground's data: TensorFlow Playground's sets, 3-5 class sets, and the reader's own points.

Every set lives on the square [-6, 6]^2 that the heat map draws (Playground's
domain, where sin x1 and sin x2 are worth having as features). The
classification sets are the engine's (:mod:`engine.datasets`, made on
[-1, 1]^2) scaled by 6; labels are class indices 0..k-1. Regression targets
lie in [-1, 1].

Noise is Playground's 0-50 (percent): the standard deviation of the jitter is
``noise / 100 * 0.5`` in the engine's unit square (at 50, a quarter of the
square's half-width), and for the regression sets ``noise / 100 * 0.5`` on the
target.

The split: the points are shuffled with the seed and the first
``train_ratio`` % train the network; the rest only measure the test loss.
"""

from __future__ import annotations

import math

import numpy as np

from engine import datasets

from .table import MULTICLASS_SETS, REGRESSION_SETS

EXTENT = 6.0  # the plot shows [-EXTENT, EXTENT]^2


def is_regression(options: dict) -> bool:
    return options["dataset"] in REGRESSION_SETS


def class_count(options: dict) -> int:
    """Classes of a built-in classification set: ``classes`` for Gaussians and spiral, else 2."""
    return options["classes"] if options["dataset"] in MULTICLASS_SETS else 2


def _labels_from_binary(y) -> np.ndarray:
    return np.asarray(y).ravel().astype(np.int64)


def _spiral_arms(k: int, n: int, sd: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k interleaved spiral arms, 1.75 turns each, radius 0 to 1 (the engine's two-arm spiral generalised)."""
    labels = np.arange(n) % k
    t = rng.uniform(0.0, 1.0, n)
    angle = 1.75 * 2 * math.pi * t + 2 * math.pi * labels / k
    X = np.vstack([t * np.cos(angle), t * np.sin(angle)]) + sd * rng.standard_normal((2, n))
    return X, labels


def _regression(kind: str, n: int, sd: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-1.0, 1.0, (2, n))
    if kind == "plane":
        y = (X[0] + X[1]) / 2.0
    else:  # multigauss: Playground's six bumps of either sign
        centres = np.array([[-0.7, -0.7, 1], [0.7, 0.7, 1], [-0.7, 0.7, -1], [0.7, -0.7, -1], [0.0, 0.0, 1],
                            [0.0, -0.7, -1]])
        y = np.zeros(n)
        for cx, cy, sign in centres:
            y += sign * np.exp(-((X[0] - cx) ** 2 + (X[1] - cy) ** 2) / (2 * 0.2 ** 2))
        y = np.clip(y, -1.0, 1.0)
    y = np.clip(y + sd * rng.standard_normal(n), -1.0, 1.0)
    return X, y


def generate(options: dict) -> tuple[np.ndarray, np.ndarray]:
    """All points of a built-in set: X (2, n) on [-6, 6]^2 and labels (n,) int, or targets (n,) float."""
    name, n, seed, k = options["dataset"], options["points"], options["seed"], options["classes"]
    sd = options["noise"] / 100.0 * 0.5
    if name not in MULTICLASS_SETS:
        k = 2  # circle and XOR have two classes whatever ``classes`` says (it applies to Gaussians and spiral)
    if name == "circle":
        X, y = datasets.circles(n=n, noise=sd, seed=seed)
        labels = _labels_from_binary(y)
    elif name == "xor":
        X, y = datasets.xor_quadrants(n=n, noise=sd, seed=seed)
        labels = _labels_from_binary(y)
    elif name == "gauss":
        X, y = datasets.gaussian_clusters(k=k, n=n, noise=0.12 + sd, seed=seed, one_hot_targets=False)
        labels = _labels_from_binary(y)
    elif name == "spiral":
        if k == 2:
            X, y = datasets.spirals(n=n, noise=sd, seed=seed)
            labels = _labels_from_binary(y)
        else:
            X, labels = _spiral_arms(k, n, sd, np.random.default_rng(seed))
    elif name in REGRESSION_SETS:
        X, target = _regression(name, n, sd, np.random.default_rng(seed))
        return np.clip(X * EXTENT, -EXTENT, EXTENT), target
    else:
        raise ValueError(f"generate() has no built-in set {name!r}")
    return np.clip(np.asarray(X, dtype=np.float64) * EXTENT, -EXTENT, EXTENT), labels


def split(X: np.ndarray, y: np.ndarray, train_ratio: int, seed: int):
    """(X_train, y_train, X_test, y_test): a seeded shuffle, the first ``train_ratio`` % for training."""
    n = X.shape[1]
    if n == 0:
        return X, y, X, y
    order = np.random.default_rng(seed + 7919).permutation(n)
    n_train = min(max(1, round(n * train_ratio / 100)), n - 1) if n > 1 else n
    tr, te = order[:n_train], order[n_train:]
    return X[:, tr], y[tr], X[:, te], y[te]


def targets(y: np.ndarray, regression: bool, k: int) -> np.ndarray:
    """What the loss compares with: (1, m) targets, (1, m) 0/1 labels for two classes, (k, m) one-hot beyond."""
    if regression:
        return np.asarray(y, dtype=np.float64)[None, :]
    if k == 2:
        return np.asarray(y, dtype=np.float64)[None, :]
    return datasets.one_hot(y, k)
