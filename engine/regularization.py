"""L2 weight decay: add (lambda/2) ||W||^2 to the loss.

    penalty  = (lambda / 2) sum_l sum_ij W[l]_ij^2
    gradient = lambda W[l]     (added to dL/dW[l])

so a plain gradient step becomes W <- (1 - eta lambda) W - eta dL/dW: every
step first shrinks the weights by a constant factor, hence "weight decay".
By the usual convention only weights (parameters named ``"W"``) are
penalised; biases and batch-norm scales and shifts are left free, since they
do not make the fitted function more wiggly.
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
