"""Small data sets for the figures, all column-per-sample and seeded.

Every generator returns ``(X, y)`` with ``X`` of shape (n_features, n) and
float64 targets with one column per sample; the two-class sets give
``y`` (1, n) of 0.0/1.0, and the 2-D ones spread roughly over [-1, 1]^2
(TensorFlow Playground's sets are the model). Each takes ``n`` (samples),
``noise`` and ``seed``; the same arguments always give the same data.
Samples come in a shuffled order, so any contiguous slice mixes the classes.
"""

from __future__ import annotations

import math

import numpy as np

# The truth tables, inputs as columns (0,0), (0,1), (1,0), (1,1).
_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "xor": [0, 1, 1, 0],
}
GATE_NAMES = ["and", "or", "nand", "not", "xor"]


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a logic gate: X (2, 4) with columns (0,0),(0,1),(1,0),(1,1), y (1, 4).

    "not" has one input: X (1, 2) = [[0, 1]], y = [[1, 0]].
    """
    if name == "not":
        return np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
    if name not in _GATES:
        raise ValueError(f"unknown gate {name!r}; known: {', '.join(GATE_NAMES)}")
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    return X, np.array([_GATES[name]], dtype=np.float64)


def _shuffled(X, y, rng) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(X.shape[1])
    return X[:, order], y[:, order]


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def linearly_separable(n: int = 40, seed: int = 0, noise: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Two blobs on either side of a random line, guaranteed separable.

    The line through the origin has a random direction u; class 1 is centred
    at +0.5 u, class 0 at -0.5 u, each N(centre, noise^2 I). A point landing
    within 0.05 of the line or on the wrong side is drawn again, so the line
    separates the classes with a margin (and the perceptron must converge).
    """
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * math.pi)
    u = np.array([math.cos(angle), math.sin(angle)])
    parts = []
    for label, count in zip((1.0, 0.0), _halves(n)):
        sign = 1.0 if label else -1.0
        kept = np.empty((2, 0))
        while kept.shape[1] < count:
            pts = sign * 0.5 * u[:, None] + noise * rng.standard_normal((2, count))
            kept = np.hstack([kept, pts[:, sign * (u @ pts) >= 0.05]])
        parts.append((kept[:, :count], np.full((1, count), label)))
    X = np.hstack([p[0] for p in parts])
    y = np.hstack([p[1] for p in parts])
    return _shuffled(X, y, rng)


def circles(n: int = 200, noise: float = 0.05, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A disc (class 1, radius < 0.4) inside a ring (class 0, radius 0.6 to 1), plus N(0, noise^2) jitter."""
    rng = np.random.default_rng(seed)
    n_in, n_out = _halves(n)
    radius = np.concatenate([rng.uniform(0, 0.4, n_in), rng.uniform(0.6, 1.0, n_out)])
    angle = rng.uniform(0, 2 * math.pi, n)
    X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)]) + noise * rng.standard_normal((2, n))
    y = np.concatenate([np.ones(n_in), np.zeros(n_out)])[None, :]
    return _shuffled(X, y, rng)


def xor_quadrants(n: int = 200, noise: float = 0.05, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points in the four quadrants of [-1, 1]^2; class 1 where the signs of x1 and x2 differ (XOR).

    Points keep 0.05 away from the axes; labels come from the clean point,
    then N(0, noise^2) jitter is added.
    """
    rng = np.random.default_rng(seed)
    magnitude = rng.uniform(0.05, 1.0, (2, n))
    signs = rng.choice([-1.0, 1.0], size=(2, n))
    clean = magnitude * signs
    y = (signs[0] != signs[1]).astype(np.float64)[None, :]
    return clean + noise * rng.standard_normal((2, n)), y


def spirals(n: int = 200, noise: float = 0.05, seed: int = 0, turns: float = 1.75) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals (class 1 and class 0, half a turn apart), radius growing from 0 to 1."""
    rng = np.random.default_rng(seed)
    parts = []
    for label, count in zip((1.0, 0.0), _halves(n)):
        t = rng.uniform(0, 1, count)
        angle = 2 * math.pi * turns * t + (0.0 if label else math.pi)
        pts = np.vstack([t * np.cos(angle), t * np.sin(angle)])
        parts.append((pts, np.full((1, count), label)))
    X = np.hstack([p[0] for p in parts]) + noise * rng.standard_normal((2, n))
    y = np.hstack([p[1] for p in parts])
    return _shuffled(X, y, rng)


def moons(n: int = 200, noise: float = 0.05, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: class 0 the upper arc, class 1 the lower one, scaled into [-1, 1]^2."""
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    a0, a1 = rng.uniform(0, math.pi, n0), rng.uniform(0, math.pi, n1)
    upper = np.vstack([np.cos(a0), np.sin(a0)])
    lower = np.vstack([1.0 - np.cos(a1), 0.5 - np.sin(a1)])
    X = np.hstack([upper, lower])
    X = (X - np.array([[0.5], [0.25]])) / 1.5  # centre the pair and fit it into [-1, 1]^2
    X += noise * rng.standard_normal((2, n))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])[None, :]
    return _shuffled(X, y, rng)


def one_hot(labels, k: int) -> np.ndarray:
    """(k, m) one-hot columns from integer labels of shape (m,) or (1, m)."""
    labels = np.asarray(labels).ravel().astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= k):
        raise ValueError(f"labels must lie in 0..{k - 1}")
    Y = np.zeros((k, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def gaussian_clusters(k: int = 3, n: int = 150, noise: float = 0.15, seed: int = 0, one_hot_targets: bool = True):
    """k round clusters, centres evenly spaced on a circle of radius 0.6, spread N(0, noise^2 I).

    Returns X (2, n) and, with ``one_hot_targets`` (the default, ready for
    softmax + "cce_logits"), Y (k, n) one-hot; otherwise y (1, n) holding the
    class index 0..k-1 as float64.
    """
    if k < 2:
        raise ValueError(f"need at least 2 clusters, got {k}")
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % k
    angle = 2 * math.pi * labels / k
    centres = 0.6 * np.vstack([np.cos(angle), np.sin(angle)])
    X = centres + noise * rng.standard_normal((2, n))
    order = rng.permutation(n)
    X, labels = X[:, order], labels[order]
    return X, (one_hot(labels, k) if one_hot_targets else labels[None, :].astype(np.float64))


REGRESSION_KINDS = ("sine", "step", "abs")


def regression_1d(kind: str = "sine", n: int = 100, noise: float = 0.05, seed: int = 0):
    """x (1, n) uniform in [-1, 1] (sorted, for plotting), y (1, n) = f(x) + N(0, noise^2).

    f: "sine" sin(pi x), "step" 0 for x < 0 and 1 for x >= 0, "abs" |x|.
    """
    functions = {"sine": lambda x: np.sin(math.pi * x), "step": lambda x: (x >= 0).astype(np.float64), "abs": np.abs}
    if kind not in functions:
        raise ValueError(f"unknown regression target {kind!r}; known: {', '.join(REGRESSION_KINDS)}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    y = functions[kind](x) + noise * rng.standard_normal(n)
    return x[None, :], y[None, :]


def train_val_split(X, Y, val_fraction: float = 0.2, seed: int = 0):
    """Shuffle the columns and hold out round(val_fraction m) of them: (X_train, Y_train, X_val, Y_val)."""
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    m = X.shape[1]
    if Y.shape[-1] != m or not 0 < val_fraction < 1:
        raise ValueError("X and Y need the same number of columns and 0 < val_fraction < 1")
    n_val = min(max(1, round(val_fraction * m)), m - 1)
    order = np.random.default_rng(seed).permutation(m)
    val, tr = order[:n_val], order[n_val:]
    return X[:, tr], Y[..., tr], X[:, val], Y[..., val]
