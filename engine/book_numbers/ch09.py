"""Numbers quoted in Chapter 9 (strengths and limitations), computed by the engine.

Parameter counts come from :func:`engine.network.layer_shapes`; the cost of a
forward pass is counted as one multiplication and one addition per weight.
Keys are prefixed ``ch09_``.
"""

from __future__ import annotations

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


NUMBERS = {
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
