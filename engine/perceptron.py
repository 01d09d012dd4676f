"""Rosenblatt's perceptron (1958): a weighted sum, a step, and the learning rule.

Shapes follow the book: a single neuron has weights ``w`` of shape ``(n,)``
and a scalar bias ``b``; the data ``X`` is column-per-sample ``(n, m)`` and
labels ``y`` are ``(m,)`` or ``(1, m)`` with values in {0, 1}.

    z     = w · x + b
    y_hat = step(z) = 1 if z >= 0 else 0
    w    <- w + eta (y - y_hat) x
    b    <- b + eta (y - y_hat)

The perceptron convergence theorem (Novikoff 1962) guarantees a finite number
of updates when the data is linearly separable; on XOR it never stops making
mistakes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def weighted_sum(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """z = w · X + b for every column of ``X`` (n, m); returns (m,)."""
    return np.asarray(w, dtype=np.float64) @ np.asarray(X, dtype=np.float64) + float(b)


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step with step(0) = 1, the convention of the book."""
    return (np.asarray(z) >= 0).astype(np.float64)


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """Predicted labels (m,) in {0, 1}."""
    return step(weighted_sum(w, b, X))


@dataclass
class Update:
    """One application of the learning rule to one sample, all numbers kept for display."""

    index: int
    x: list[float]
    y: float
    z: float
    y_hat: float
    error: float  # y - y_hat: -1, 0 or +1
    w_before: list[float]
    b_before: float
    w_after: list[float]
    b_after: float


def learning_rule(w: np.ndarray, b: float, x: np.ndarray, y: float, eta: float) -> tuple[np.ndarray, float, float, float]:
    """Apply ``w <- w + eta (y - y_hat) x`` and ``b <- b + eta (y - y_hat)``.

    Returns ``(w_new, b_new, y_hat, z)``. Nothing changes when the sample is
    already classified correctly, which is why the rule stops on separable data.
    """
    w = np.asarray(w, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    z = float(w @ x + b)
    y_hat = 1.0 if z >= 0 else 0.0
    error = float(y) - y_hat
    return w + eta * error * x, float(b + eta * error), y_hat, z


def count_errors(w, b, X, y) -> int:
    """How many samples the current line misclassifies."""
    return int(np.sum(predict(w, b, X) != np.asarray(y, dtype=np.float64).ravel()))


@dataclass
class Perceptron:
    """A perceptron with epoch bookkeeping, trained one sample at a time in order.

    ``position`` is the index of the next sample to visit; an epoch ends after
    the last sample, and training has converged when a whole epoch made no
    update (every sample classified correctly).
    """

    w: np.ndarray
    b: float = 0.0
    eta: float = 0.1
    epoch: int = 0
    position: int = 0
    updates_this_epoch: int = 0
    history: list[int] = field(default_factory=list)  # errors (updates) per finished epoch

    def step(self, X: np.ndarray, y: np.ndarray) -> Update:
        """Visit the next sample and apply the learning rule to it."""
        y = np.asarray(y, dtype=np.float64).ravel()
        i = self.position
        x = X[:, i]
        w_before, b_before = self.w.copy(), self.b
        self.w, self.b, y_hat, z = learning_rule(self.w, self.b, x, y[i], self.eta)
        error = y[i] - y_hat
        if error != 0:
            self.updates_this_epoch += 1
        self.position += 1
        if self.position == X.shape[1]:
            self.history.append(self.updates_this_epoch)
            self.epoch += 1
            self.position = 0
            self.updates_this_epoch = 0
        return Update(i, x.tolist(), float(y[i]), z, y_hat, float(error), w_before.tolist(), b_before, self.w.tolist(), self.b)

    @property
    def converged(self) -> bool:
        """True once a full epoch made no update."""
        return bool(self.history) and self.history[-1] == 0 and self.position == 0

    def fit(self, X: np.ndarray, y: np.ndarray, max_epochs: int = 100) -> bool:
        """Train whole epochs until convergence or ``max_epochs``; returns convergence."""
        while self.epoch < max_epochs and not self.converged:
            self.step(X, y)
        return self.converged
