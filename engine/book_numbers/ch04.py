"""Numbers quoted in chapter 4 (Activation Functions), all from ``engine.activations``."""

from __future__ import annotations

import numpy as np

from engine.activations import get_activation, softmax

LEAKY_ALPHA = 0.01  # the source's "typically 0.01"
SATURATED_Z = 5.0  # a pre-activation deep in the sigmoid's flat region
DERIVATIVE_TABLE_Z = (-4.0, -1.0, 0.0, 1.0, 4.0)
SOFTMAX_LOGITS = (2.0, 1.0, 0.1)
HUGE_LOGITS = (1000.0, 1001.0, 1002.0)


def _f(name: str, z: float, **params) -> float:
    return float(get_activation(name, **params).forward(np.array([z]))[0])


def _df(name: str, z: float, **params) -> float:
    return float(get_activation(name, **params).derivative(np.array([z]))[0])


def _cell(x: float, digits: int = 4) -> str:
    """A table cell outside math: fixed decimals, typographic minus."""
    return f"{x:.{digits}f}".replace("-", "\u2212")


def derivative_table() -> str:
    """g'(z) of the four hidden-layer activations at a few points."""
    rows = [
        ("sigmoid, $\\sigma'(z)$", "sigmoid", {}),
        ("tanh, $\\tanh'(z)$", "tanh", {}),
        ("ReLU, $\\mathrm{ReLU}'(z)$", "relu", {}),
        (f"leaky ReLU ($\\alpha = {LEAKY_ALPHA:g}$)", "leaky_relu", {"alpha": LEAKY_ALPHA}),
    ]
    header = "| Derivative | " + " | ".join(f"$z = {z:g}$" for z in DERIVATIVE_TABLE_Z) + " |"
    lines = [header, "|---|" + "---:|" * len(DERIVATIVE_TABLE_Z)]
    for label, name, params in rows:
        cells = " | ".join(_cell(_df(name, z, **params)) for z in DERIVATIVE_TABLE_Z)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def _softmax_of(logits) -> np.ndarray:
    return softmax(np.array(logits, dtype=np.float64))


def _tuple(values, digits: int = 3) -> str:
    """For use inside $math$: (0.659, 0.242, 0.099)."""
    return "(" + ", ".join(f"{v:.{digits}f}" for v in values) + ")"


def _largest_z_with_finite_exp() -> str:
    """The largest z whose e^z is a finite float64: ln of the largest double."""
    return f"{np.log(np.finfo(np.float64).max):.2f}"


def _where_derivative_falls_to(name: str, fraction: float) -> float:
    """The z > 0 at which g'(z) = fraction * g'(0), by bisection on the engine's derivative.

    Valid for sigmoid and tanh, whose derivatives decrease on z > 0.
    """
    target = fraction * _df(name, 0.0)
    lo, hi = 0.0, 50.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if _df(name, mid) > target else (lo, mid)
    return 0.5 * (lo + hi)


NUMBERS = {
    "ch04_sigmoid_at_saturated": lambda: f"{_f('sigmoid', SATURATED_Z):.4f}",
    "ch04_sigmoid_derivative_at_saturated": lambda: f"{_df('sigmoid', SATURATED_Z):.4f}",
    "ch04_saturated_z": lambda: f"{SATURATED_Z:g}",
    "ch04_sigmoid_derivative_max": lambda: f"{_df('sigmoid', 0.0):g}",
    "ch04_tanh_derivative_max": lambda: f"{_df('tanh', 0.0):g}",
    "ch04_sigmoid_derivative_max_pow_5": lambda: f"{_df('sigmoid', 0.0) ** 5:.6f}",
    "ch04_derivative_table": derivative_table,
    "ch04_softmax_logits": lambda: "(" + ", ".join(f"{v:g}" for v in SOFTMAX_LOGITS) + ")",
    "ch04_softmax_probs": lambda: _tuple(_softmax_of(SOFTMAX_LOGITS)),
    "ch04_huge_logits": lambda: "(" + ", ".join(f"{v:g}" for v in HUGE_LOGITS) + ")",
    "ch04_huge_probs": lambda: _tuple(_softmax_of(HUGE_LOGITS)),
    "ch04_shifted_logits": lambda: "(" + ", ".join(f"{v - max(HUGE_LOGITS):g}" for v in HUGE_LOGITS) + ")",
    "ch04_exp_limit": _largest_z_with_finite_exp,
    "ch04_uniform_softmax": lambda: f"{float(_softmax_of((0.0, 0.0, 0.0))[0]):.4f}",
    "ch04_sigmoid_tenth_z": lambda: f"{_where_derivative_falls_to('sigmoid', 0.1):.1f}",
    "ch04_tanh_tenth_z": lambda: f"{_where_derivative_falls_to('tanh', 0.1):.1f}",
}
