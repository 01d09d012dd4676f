"""Finite-difference gradient check: is backpropagation right?

For every parameter entry theta_i, the centred difference

    g_i ~ (L(theta + eps e_i) - L(theta - eps e_i)) / (2 eps)

has error O(eps^2), against which the analytic gradient from ``backward`` is
compared. Per parameter array the relative error is

    ||g_analytic - g_numeric|| / max(||g_analytic|| + ||g_numeric||, 1e-12)

(norms over the whole array, so tiny individual entries cannot blow it up);
in float64 with eps = 1e-6 a correct gradient gives about 1e-8 or less, a
wrong one about 1e-2 or more. Elementwise errors come back too, for display.

A gradient that is truly zero (a bias just before batch norm, say) makes
that ratio meaningless: both sides are rounding noise, the centred
difference's being about 1e-16 |L| / eps ~ 1e-10. So where both norms (or
both entries) are below ``zero_tol`` = 1e-8 -- far above that noise, far
below any gradient that matters -- they count as agreeing zeros, error 0.

The verdict: a check passes when every parameter's relative error is below
``threshold`` (default 1e-6, two orders of magnitude above what a correct
float64 gradient gives and four below what a wrong one does).

Works on any model with ``params``/``grads`` dicts (same keys),
``forward(X, training=...)``, ``backward_from_loss(loss_name, Y)`` and
``loss_value(loss_name, Y)``, as :class:`engine.network.Network` has.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def relative_error(a: np.ndarray, b: np.ndarray, zero_tol: float = 1e-8) -> float:
    """||a - b|| / (||a|| + ||b||), or 0 when both norms are below ``zero_tol``."""
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na < zero_tol and nb < zero_tol:
        return 0.0
    return float(np.linalg.norm(a - b) / (na + nb))


def elementwise_relative_error(a: np.ndarray, b: np.ndarray, zero_tol: float = 1e-8) -> np.ndarray:
    """|a - b| / (|a| + |b|) per entry, 0 where both entries are below ``zero_tol``."""
    scale = np.abs(a) + np.abs(b)
    both_zero = (np.abs(a) < zero_tol) & (np.abs(b) < zero_tol)
    return np.where(both_zero, 0.0, np.abs(a - b) / np.where(both_zero, 1.0, scale))


def numerical_gradient(loss: Callable[[], float], array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d loss / d array by centred differences, entry by entry.

    ``array`` is perturbed in place and restored exactly, so ``loss`` (no
    arguments) must read it by reference, e.g. a layer's ``params`` entry.
    """
    grad = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        saved = array[idx]
        array[idx] = saved + eps
        up = loss()
        array[idx] = saved - eps
        down = loss()
        array[idx] = saved
        grad[idx] = (up - down) / (2 * eps)
    return grad


DEFAULT_THRESHOLD = 1e-6


def gradient_check(
    network,
    X,
    Y,
    loss_name: str,
    eps: float = 1e-6,
    training: bool = False,
    zero_tol: float = 1e-8,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict:
    """Compare ``backward_from_loss`` with centred differences on every parameter.

    ``training`` is passed to ``forward``: use True to check batch norm's
    training-mode gradient (dropout must be off then, or each forward would
    draw a new mask). Parameters are restored exactly afterwards.

    Returns ``{"passed": bool, "threshold": float, "max_relative_error":
    float, "parameters": [{"name": str, "relative_error": float,
    "analytic": array, "numeric": array, "elementwise": array}, ...]}``, one
    row per entry of ``network.params`` (for a Network "W[1]", "b[1]", ...).
    ``passed`` is True when ``max_relative_error < threshold``.
    """

    def loss_at() -> float:
        network.forward(X, training=training)
        return network.loss_value(loss_name, Y)

    network.forward(X, training=training)
    network.backward_from_loss(loss_name, Y)
    params = network.params
    analytic = {k: g.copy() for k, g in network.grads.items()}

    rows = []
    for name, g in analytic.items():
        numeric = numerical_gradient(loss_at, params[name], eps)
        rows.append(
            {
                "name": name,
                "relative_error": relative_error(g, numeric, zero_tol),
                "analytic": g,
                "numeric": numeric,
                "elementwise": elementwise_relative_error(g, numeric, zero_tol),
            }
        )
    worst = max((r["relative_error"] for r in rows), default=0.0)
    return {"passed": bool(worst < threshold), "threshold": float(threshold), "max_relative_error": worst, "parameters": rows}
