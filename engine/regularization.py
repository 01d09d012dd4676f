"""Weight penalties: L2 weight decay, (lambda/2) ||W||^2, and L1, lambda ||W||_1, added to the loss.

    penalty  = (lambda / 2) sum_l sum_ij W[l]_ij^2
    gradient = lambda W[l]     (added to dL/dW[l])

so a plain gradient step becomes W <- (1 - eta lambda) W - eta dL/dW: every
step first shrinks the weights by a constant factor, hence "weight decay".
By the usual convention only weights (parameters named ``"W"``) are
penalised; biases and batch-norm scales and shifts are left free, since they
do not make the fitted function more wiggly.

L1 adds lambda sign(W) to the gradient instead: a constant pull towards 0
whatever the weight's size, which drives small weights to exactly 0 (sparse
networks), where L2's pull fades as the weight shrinks.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

# Parameters the penalty applies to, by name in a layer's ``params``.
PENALISED = ("W",)


def l2_penalty(weights: Iterable[np.ndarray], lam: float) -> float:
    """(lambda/2) * sum of squares of every array in ``weights``."""
    return 0.5 * lam * float(sum(np.vdot(w, w) for w in weights))


def l2_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    """d/dW of (lambda/2) ||W||^2 = lambda W."""
    return lam * w


def penalised_weights(layers) -> list[np.ndarray]:
    """Every parameter called "W" (see :data:`PENALISED`) in the layers, in order."""
    return [layer.params[k] for layer in layers for k in PENALISED if k in layer.params]


def add_l2(layers, lam: float) -> float:
    """Add lambda W to every penalised weight's gradient in place; return the penalty.

    Call after ``backward`` has filled the layers' ``grads``.
    """
    if lam == 0.0:
        return 0.0
    for layer in layers:
        for k in PENALISED:
            if k in layer.params:
                layer.grads[k] = layer.grads[k] + l2_gradient(layer.params[k], lam)
    return l2_penalty(penalised_weights(layers), lam)


def l1_penalty(weights: Iterable[np.ndarray], lam: float) -> float:
    """lambda * sum of |w| over every array in ``weights``."""
    return lam * float(sum(np.abs(w).sum() for w in weights))


def l1_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    """d/dW of lambda ||W||_1 = lambda sign(W), taking 0 at W = 0 (the subgradient PyTorch's autograd uses)."""
    return lam * np.sign(w)


def add_l1(layers, lam: float) -> float:
    """Add lambda sign(W) to every penalised weight's gradient in place; return the penalty.

    Like :func:`add_l2`, call after ``backward`` has filled the layers' ``grads``.
    """
    if lam == 0.0:
        return 0.0
    for layer in layers:
        for k in PENALISED:
            if k in layer.params:
                layer.grads[k] = layer.grads[k] + l1_gradient(layer.params[k], lam)
    return l1_penalty(penalised_weights(layers), lam)
