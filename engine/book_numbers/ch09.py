"""Numbers quoted in Chapter 9 (strengths and limitations), computed by the engine.

Parameter counts come from :func:`engine.network.layer_shapes`; the cost of a
forward pass is counted as one multiplication and one addition per weight;
the universal approximation table builds a one-hidden-layer sigmoid network
by hand and measures its largest error. Keys are prefixed ``ch09_``.
"""

from __future__ import annotations

import numpy as np

from engine.activations import sigmoid
from engine.network import layer_shapes

MNIST_MLP = [784, 512, 512, 10]
MNIST_TRAINING_IMAGES = 60_000  # LeCun et al. (1998)
EXERCISE_MLP = [20, 64, 64, 1]
EXERCISE_BATCH = 32


def param_count(sizes: list[int]) -> int:
    return sum(layer["params"] for layer in layer_shapes(sizes))


def weight_count(sizes: list[int]) -> int:
    """Entries of all W[l] (biases excluded): each costs a multiply and an add in the forward pass."""
    return sum(layer["W"][0] * layer["W"][1] for layer in layer_shapes(sizes))


def forward_flops(sizes: list[int]) -> int:
    return 2 * weight_count(sizes)


def millions(n: float) -> str:
    return f"{n / 1e6:.1f} million"


# --- universal approximation ------------------------------------------------------

UAT_WIDTHS = (4, 16, 64, 256)
UAT_STEEPNESS = 3.0  # sigmoid slope per grid spacing: a smooth staircase
UAT_GRID = np.linspace(-np.pi, np.pi, 4001)


def staircase_network_error(width: int) -> float:
    """Largest |sin x - F(x)| on [-pi, pi] for the staircase network with ``width`` hidden sigmoids.

    Knots x_0 < ... < x_N split the interval evenly. Hidden neuron i is a
    sigmoid step at the midpoint m_i between x_(i-1) and x_i, with slope
    k = UAT_STEEPNESS / h; its output weight is the rise sin x_i - sin x_(i-1);
    the output bias is sin x_0. So F(x) = sin x_0 + sum_i v_i sigmoid(k (x - m_i)).
    """
    knots = np.linspace(-np.pi, np.pi, width + 1)
    h = knots[1] - knots[0]
    mids = (knots[:-1] + knots[1:]) / 2
    rises = np.diff(np.sin(knots))
    hidden = sigmoid((UAT_STEEPNESS / h) * (UAT_GRID[None, :] - mids[:, None]))  # (N, grid)
    F = np.sin(knots[0]) + rises @ hidden
    return float(np.max(np.abs(F - np.sin(UAT_GRID))))


def uat_table() -> str:
    rows = ["| Hidden neurons $N$ | Largest error $\\max_x \\lvert \\sin x - F(x) \\rvert$ |", "| --- | --- |"]
    for n in UAT_WIDTHS:
        rows.append(f"| {n} | {staircase_network_error(n):.4f} |")
    return "\n".join(rows)


NUMBERS = {
    "ch09_uat_table": uat_table,
    "ch09_mlp_params": lambda: f"{param_count(MNIST_MLP):,}",
    "ch09_params_per_example": lambda: f"{param_count(MNIST_MLP) / MNIST_TRAINING_IMAGES:.0f}",
    "ch09_mlp_forward_flops": lambda: millions(forward_flops(MNIST_MLP)),
    "ch09_ex_layer_params": lambda: "; ".join(
        f"layer {s['layer']}: ${s['W'][0]} \\cdot {s['W'][1]} + {s['b'][0]} = {s['params']:,}$".replace(",", "{,}")
        for s in layer_shapes(EXERCISE_MLP)
    ),
    "ch09_ex_total_params": lambda: f"{param_count(EXERCISE_MLP):,}",
    "ch09_ex_weights": lambda: f"{weight_count(EXERCISE_MLP):,}",
    "ch09_ex_forward_flops": lambda: f"{forward_flops(EXERCISE_MLP):,}",
    "ch09_ex_step_flops": lambda: millions(3 * forward_flops(EXERCISE_MLP) * EXERCISE_BATCH),
}
