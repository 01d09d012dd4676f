"""Logistic regression: the perceptron with its step replaced by a sigmoid.

Shapes follow :mod:`engine.perceptron`: weights ``w`` (n,), a scalar bias
``b``, data ``X`` (n, m) one column per sample, labels ``y`` (m,) or (1, m)
in {0, 1}.

    z = w . x + b,   p = sigmoid(z) = P(y = 1 | x)
    L = -(1/m) sum [y log p + (1 - y) log(1 - p)]         (binary cross-entropy)
    dL/dw = (1/m) X (p - y),   dL/db = (1/m) sum (p - y)

The gradient has the perceptron rule's shape -- error times input -- but with
a graded error p - y in place of the perceptron's -1/0/+1, so every sample
keeps pulling the line, and the loss is convex: gradient descent with a small
enough rate reaches its minimum from any start.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid
from .losses import binary_cross_entropy_with_logits


def _data(w, X, y=None):
    w = np.asarray(w, dtype=np.float64).ravel()
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.shape[0] != w.size:
        raise ValueError(f"w has {w.size} weights but X has {X.shape[0]} rows")
    if y is None:
        return w, X
    y = np.asarray(y, dtype=np.float64).ravel()
    if y.size != X.shape[1]:
        raise ValueError(f"X has {X.shape[1]} samples but y has {y.size} labels")
    return w, X, y


def logits(w, b: float, X) -> np.ndarray:
    """z = w . X + b, shape (m,)."""
    w, X = _data(w, X)
    return w @ X + float(b)


def predict_proba(w, b: float, X) -> np.ndarray:
    """p = sigmoid(w . X + b), shape (m,): the probability of class 1."""
    return sigmoid(logits(w, b, X))


def predict(w, b: float, X) -> np.ndarray:
    """Class labels (m,) in {0, 1}: 1 where p >= 0.5, i.e. where z >= 0 (the perceptron's own rule)."""
    return (logits(w, b, X) >= 0).astype(np.float64)


def loss(w, b: float, X, y) -> float:
    """Mean binary cross-entropy, computed stably from the logits."""
    w, X, y = _data(w, X, y)
    return binary_cross_entropy_with_logits((w @ X + float(b))[None, :], y[None, :])


def gradient(w, b: float, X, y) -> tuple[np.ndarray, float]:
    """(dL/dw (n,), dL/db) = ((1/m) X (p - y), (1/m) sum (p - y))."""
    w, X, y = _data(w, X, y)
    err = sigmoid(w @ X + float(b)) - y
    m = y.size
    return X @ err / m, float(err.sum() / m)


def fit(X, y, lr: float = 0.5, epochs: int = 100, w=None, b: float = 0.0) -> dict:
    """Full-batch gradient descent from ``w`` (default zeros) and ``b``.

    Returns {"w": (n,) array, "b": float, "loss": [...], "accuracy": [...]},
    the lists holding one value after each epoch's step.
    """
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[0]) if w is None else np.array(w, dtype=np.float64).ravel()
    b = float(b)
    y = np.asarray(y, dtype=np.float64).ravel()
    history = {"loss": [], "accuracy": []}
    for _ in range(epochs):
        dw, db = gradient(w, b, X, y)
        w -= lr * dw
        b -= lr * db
        history["loss"].append(loss(w, b, X, y))
        history["accuracy"].append(float(np.mean(predict(w, b, X) == y)))
    return {"w": w, "b": b, **history}
