"""Loss functions, each beside its gradient.

Shapes: predictions and targets are ``(n_out, m)``, one column per sample.
Every loss is the **mean over the m columns** of a per-sample loss that sums
over the ``n_out`` rows. For one output this is exactly PyTorch's default
``reduction="mean"``; for several outputs it is PyTorch's
``reduction="sum"`` divided by ``m``. Each gradient is the derivative of that
mean, so it carries the factor ``1/m`` and backpropagation needs no other
averaging.

The ``delta[L] = a[L] - y`` shortcut. For a sigmoid output with binary
cross-entropy, or a softmax output with categorical cross-entropy, the chain
rule through the activation collapses: with ``a = sigmoid(z)``,

    dL/da = (a - y) / (a (1 - a))   and   da/dz = a (1 - a)   =>   dL/dz = a - y,

and the same cancellation happens for softmax and cross-entropy. The
``*_with_logits`` losses below take ``z`` directly and return exactly this
``(a - y) / m`` as their gradient, which is both cheaper and numerically
safe: the loss itself is computed from ``z`` with log-sum-exp, so no
probability is ever rounded to 0 or 1 before a logarithm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import sigmoid, softmax
from .checks import samples

# Probabilities are clipped into [_P_MIN, 1 - _P_MIN] before log and division:
# log(1e-12) ~ -27.6 keeps the loss finite and the gradient below 1e12.
_P_MIN = 1e-12


def _pair(a, y, names: tuple[str, str] = ("a", "y")) -> tuple[np.ndarray, np.ndarray, int]:
    """float64 arrays of equal shape, 2-D ``(n_out, m)``, and the sample count m >= 1.

    ``names`` are the caller's argument names, for the error messages: a
    mean over 0 samples is undefined, so an empty batch raises ``ValueError``.
    """
    a = np.asarray(a, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if a.ndim == 1:
        a = a[None, :]
    if y.ndim == 1:
        y = y[None, :]
    if a.shape != y.shape:
        raise ValueError(f"{names[0]} (prediction) shape {a.shape} and {names[1]} (target) shape {y.shape} differ")
    return a, y, samples(a, names[0])


# --- mean squared error (regression) -----------------------------------------


def mse(a, y) -> float:
    """L = (1/m) sum_j sum_k (a_kj - y_kj)^2."""
    a, y, m = _pair(a, y)
    d = a - y
    return float(np.sum(d * d) / m)


def mse_gradient(a, y) -> np.ndarray:
    """dL/da = 2 (a - y) / m, shape of ``a``."""
    a, y, m = _pair(a, y)
    return (2.0 / m) * (a - y)


# --- binary cross-entropy on probabilities --------------------------------------


def binary_cross_entropy(p, y) -> float:
    """L = -(1/m) sum [y log p + (1 - y) log(1 - p)], p clipped to [1e-12, 1 - 1e-12]."""
    p, y, m = _pair(p, y, ("p", "y"))
    p = np.clip(p, _P_MIN, 1.0 - _P_MIN)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p)) / m)


def binary_cross_entropy_gradient(p, y) -> np.ndarray:
    """dL/dp = (p - y) / (p (1 - p)) / m, with p clipped as in the loss."""
    p, y, m = _pair(p, y, ("p", "y"))
    p = np.clip(p, _P_MIN, 1.0 - _P_MIN)
    return (p - y) / (p * (1.0 - p) * m)


# --- binary cross-entropy on logits (sigmoid folded in) --------------------------


def binary_cross_entropy_with_logits(z, y) -> float:
    """BCE of sigmoid(z), computed stably from the logits z.

    Per entry, -[y log s(z) + (1 - y) log(1 - s(z))] = max(z, 0) - z y + log(1 + e^-|z|),
    which never exponentiates a positive number.
    """
    z, y, m = _pair(z, y, ("z", "y"))
    return float(np.sum(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))) / m)


def binary_cross_entropy_with_logits_gradient(z, y) -> np.ndarray:
    """dL/dz = (sigmoid(z) - y) / m: the delta[L] = a - y shortcut."""
    z, y, m = _pair(z, y, ("z", "y"))
    return (sigmoid(z) - y) / m


# --- categorical cross-entropy on logits (softmax folded in) ---------------------


def log_softmax(z) -> np.ndarray:
    """log softmax(z) per column = z - logsumexp(z), with the column max subtracted first."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))


def categorical_cross_entropy_with_logits(z, y_onehot) -> float:
    """L = -(1/m) sum_j sum_k y_kj log softmax(z)_kj, logits z and targets of shape (K, m).

    ``y_onehot`` may also hold any class probabilities per column (soft labels).
    """
    z, y, m = _pair(z, y_onehot, ("z", "y_onehot"))
    return float(-np.sum(y * log_softmax(z)) / m)


def categorical_cross_entropy_with_logits_gradient(z, y_onehot) -> np.ndarray:
    """dL/dz = (softmax(z) - y) / m: the delta[L] = a - y shortcut (targets summing to 1 per column)."""
    z, y, m = _pair(z, y_onehot, ("z", "y_onehot"))
    return (softmax(z) - y) / m


# --- registry -------------------------------------------------------------------


@dataclass(frozen=True)
class Loss:
    """A loss by name: ``value(out, y) -> float`` and ``gradient(out, y) -> array``.

    ``takes_logits`` says whether ``out`` is the pre-activation z (the loss
    applies ``pairs_with`` itself) or the network's final output;
    ``pairs_with`` names the output activation whose chain rule cancels
    against this loss (the ``a - y`` shortcut), or None.
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], float]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    takes_logits: bool
    pairs_with: str | None


_LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", mse, mse_gradient, False, None),
    "bce": Loss("bce", binary_cross_entropy, binary_cross_entropy_gradient, False, "sigmoid"),
    "bce_logits": Loss(
        "bce_logits", binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_gradient, True, "sigmoid"
    ),
    "cce_logits": Loss(
        "cce_logits", categorical_cross_entropy_with_logits, categorical_cross_entropy_with_logits_gradient, True, "softmax"
    ),
}

LOSS_NAMES: list[str] = list(_LOSSES)

# The logits form of each loss that pairs with an output activation: a network
# ending in that activation evaluates these on its cached z[L].
LOGITS_FORM: dict[str, str] = {"bce": "bce_logits", "bce_logits": "bce_logits", "cce_logits": "cce_logits"}


def loss_for(output_activation: str, loss_name: str) -> tuple[Loss, bool]:
    """(the loss to evaluate, whether the delta[L] = (a - y) / m shortcut applies) for a network whose
    output activation is called ``output_activation``, trained on ``loss_name``.

    The one place that decides the shortcut, for the general path (:class:`engine.network.Network`) and
    the fused step (:mod:`engine.flat_mlp`) alike. When the output activation is the one the loss pairs
    with (sigmoid for "bce"/"bce_logits", softmax for "cce_logits"), the loss is its logits form, to be
    evaluated on z[L]: exact even where a[L] has rounded to 0 or 1. Otherwise it is the loss itself, on
    the network's output as is (probabilities for "bce", logits for a "_logits" loss).
    """
    loss = get_loss(loss_name)
    if loss.pairs_with == output_activation:
        return _LOSSES[LOGITS_FORM[loss_name]], True
    return loss, False


def get_loss(name: str) -> Loss:
    """The loss called ``name``: "mse", "bce", "bce_logits" or "cce_logits"."""
    if name not in _LOSSES:
        raise ValueError(f"unknown loss {name!r}; known: {', '.join(LOSS_NAMES)}")
    return _LOSSES[name]
