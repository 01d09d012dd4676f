"""Numbers quoted in Chapter 6 (loss functions), computed by the engine.

Each value is a function so the book computes it when it is built; keys are
prefixed ``ch06_``. Losses come from :mod:`engine.losses` (mean over the m
columns, natural logarithm), probabilities from :mod:`engine.activations`.
"""

from __future__ import annotations

import math

import numpy as np

from engine.activations import sigmoid, sigmoid_derivative, softmax
from engine.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits_gradient,
    categorical_cross_entropy_with_logits,
    mse,
    mse_gradient,
)

# The three-house regression example: predictions and targets, shape (1, 3).
HOUSE_PREDICTIONS = [[2.5, 0.0, 2.1]]
HOUSE_TARGETS = [[3.0, -0.5, 2.0]]

# The cat/dog/bird example: logits as one column (K = 3, m = 1).
CLASS_LOGITS = np.array([[2.0], [1.0], [0.1]])

# Predictions for a positive example (y = 1) in the BCE table.
BCE_TABLE_PREDICTIONS = (0.99, 0.9, 0.5, 0.1, 0.01, 0.001)

# Logits at which the MSE and BCE gradients are compared, for y = 1.
GRADIENT_TABLE_LOGITS = (-6.0, -4.0, -2.0, 0.0, 2.0, 4.0)


def bce_for_positive(p: float) -> float:
    """-log p: the binary cross-entropy of one example with label 1 and prediction p."""
    return binary_cross_entropy([[p]], [[1.0]])


def gradients_wrt_logit(z: float, y: float = 1.0) -> tuple[float, float, float]:
    """(y_hat, dMSE/dz, dBCE/dz) for one sigmoid output with logit z.

    dMSE/dz = dMSE/dy_hat * sigma'(z) by the chain rule; dBCE/dz comes straight
    from the engine's logits form, which is y_hat - y for m = 1.
    """
    y_hat = float(sigmoid(np.array([[z]]))[0, 0])
    d_mse = float(mse_gradient([[y_hat]], [[y]])[0, 0] * sigmoid_derivative(np.array([[z]]))[0, 0])
    d_bce = float(binary_cross_entropy_with_logits_gradient([[z]], [[y]])[0, 0])
    return y_hat, d_mse, d_bce


def cce_for_class(c: int) -> float:
    """Categorical cross-entropy of the example logits when the true class is c (0-based)."""
    onehot = np.zeros_like(CLASS_LOGITS)
    onehot[c, 0] = 1.0
    return categorical_cross_entropy_with_logits(CLASS_LOGITS, onehot)


def bce_table() -> str:
    rows = ["| Prediction $\\hat{y}$ (true label 1) | Binary cross-entropy $-\\log \\hat{y}$ | Squared error $(1 - \\hat{y})^2$ |", "| --- | --- | --- |"]
    for p in BCE_TABLE_PREDICTIONS:
        rows.append(f"| {p:g} | {bce_for_positive(p):.4f} | {mse([[p]], [[1.0]]):.4f} |")
    return "\n".join(rows)


def gradient_table() -> str:
    rows = [
        "| Logit $z$ | Prediction $\\hat{y} = \\sigma(z)$ | MSE: $\\partial \\mathcal{L} / \\partial z$ | Cross-entropy: $\\partial \\mathcal{L} / \\partial z$ | Ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for z in GRADIENT_TABLE_LOGITS:
        y_hat, d_mse, d_bce = gradients_wrt_logit(z)
        rows.append(f"| {z:g} | {y_hat:.4f} | {d_mse:.4f} | {d_bce:.4f} | {d_bce / d_mse:.1f} |")
    return "\n".join(rows)


def softmax_example() -> str:
    p = softmax(CLASS_LOGITS)[:, 0]
    return "(" + ",\\ ".join(f"{v:.3f}" for v in p) + ")"


NUMBERS = {
    "ch06_mse_example": lambda: f"{mse(HOUSE_PREDICTIONS, HOUSE_TARGETS):.2f}",
    "ch06_bce_table": bce_table,
    "ch06_bce_at_001": lambda: f"{bce_for_positive(0.01):.2f}",
    "ch06_bce_at_05": lambda: f"{bce_for_positive(0.5):.3f}",
    "ch06_softmax_example": softmax_example,
    "ch06_cce_true_first": lambda: f"{cce_for_class(0):.3f}",
    "ch06_cce_true_third": lambda: f"{cce_for_class(2):.3f}",
    "ch06_cce_ratio": lambda: f"{math.floor(cce_for_class(2) / cce_for_class(0))}",
    "ch06_gradient_table": gradient_table,
    "ch06_yhat_at_minus6": lambda: f"{gradients_wrt_logit(-6.0)[0]:.4f}",
    "ch06_ratio_at_minus6": lambda: f"{round(gradients_wrt_logit(-6.0)[2] / gradients_wrt_logit(-6.0)[1])}",
}
