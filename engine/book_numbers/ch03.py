"""Numbers quoted in chapter 3 (Network Architecture).

Shapes and parameter counts come from ``engine.network.layer_shapes``; the
XOR network's hidden representation comes from a forward pass of
``engine.network.Network`` with step activations and hand-set weights.
"""

from __future__ import annotations

import numpy as np

from engine.datasets import logic_gate
from engine.network import Network, layer_shapes

EXAMPLE_SIZES = [4, 8, 6, 1]
WIDER_SIZES = [4, 16, 12, 1]  # the example with every hidden layer twice as wide
MNIST_SIZES = [784, 128, 64, 10]  # 28 x 28 pixels in, 10 digits out
EXERCISE_SIZES = [3, 5, 2]  # Exercise 1
DEEPER_SIZES = [4, 8, 6, 6, 1]  # Exercise 5: the example with one more hidden layer of 6

# XOR from three threshold units: hidden unit 1 is OR, hidden unit 2 is NAND,
# the output is AND of the two (chapter 1, Exercise 3, in matrix form).
XOR_PARAMS = [
    {"W": [[1.0, 1.0], [-1.0, -1.0]], "b": [[-0.5], [1.5]]},
    {"W": [[1.0, 1.0]], "b": [[-1.5]]},
]


def total_params(sizes: list[int]) -> int:
    return sum(layer["params"] for layer in layer_shapes(sizes))


def _thousands(n: int) -> str:
    """12345 -> '12,345' (a comma is safe in text; inside math write {,})."""
    return f"{n:,}"


def example_table(sizes: list[int] = EXAMPLE_SIZES) -> str:
    """One row per layer: shapes of W and b and the parameter count, worked out."""
    lines = [
        "| Layer $l$ | $n^{[l-1]} \\to n^{[l]}$ | Shape of $W^{[l]}$ | Shape of $b^{[l]}$ | Parameters $n^{[l]} n^{[l-1]} + n^{[l]}$ |",
        "|---|---|---|---|---|",
    ]
    for layer in layer_shapes(sizes):
        rows, cols = layer["W"]
        lines.append(
            f"| {layer['layer']} | {cols} → {rows} | ({rows}, {cols}) | ({layer['b'][0]}, {layer['b'][1]}) "
            f"| {rows} × {cols} + {rows} = {_thousands(layer['params'])} |"
        )
    lines.append(f"| **Total** | | | | **{_thousands(total_params(sizes))}** |")
    return "\n".join(lines)


def _layer(sizes: list[int], l: int) -> dict:
    return layer_shapes(sizes)[l - 1]


def xor_hidden_table() -> str:
    """Inputs, hidden activations a[1] and outputs a[2] of the hand-set XOR network."""
    net = Network([2, 2, 1], "step")
    net.set_params(XOR_PARAMS)
    X, y = logic_gate("xor")
    output = net.forward(X)
    hidden = net.trace()[0]["a"]
    lines = [
        "| $x = a^{[0]}$ | $a^{[1]}$ (OR, NAND) | $\\hat{y} = a^{[2]}$ | XOR |",
        "|:---:|:---:|:---:|:---:|",
    ]
    for i in range(X.shape[1]):
        x = ", ".join(f"{v:g}" for v in X[:, i])
        h = ", ".join(f"{v:g}" for v in hidden[:, i])
        lines.append(f"| ({x}) | ({h}) | {output[0, i]:g} | {np.ravel(y)[i]:g} |")
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %"


NUMBERS = {
    "ch03_example_table": example_table,
    "ch03_total_params": lambda: str(total_params(EXAMPLE_SIZES)),
    "ch03_total_weights": lambda: str(sum(l["W"][0] * l["W"][1] for l in layer_shapes(EXAMPLE_SIZES))),
    "ch03_total_biases": lambda: str(sum(l["b"][0] for l in layer_shapes(EXAMPLE_SIZES))),
    "ch03_l1_params": lambda: str(_layer(EXAMPLE_SIZES, 1)["params"]),
    "ch03_l2_params": lambda: str(_layer(EXAMPLE_SIZES, 2)["params"]),
    "ch03_l3_params": lambda: str(_layer(EXAMPLE_SIZES, 3)["params"]),
    "ch03_wider_total": lambda: str(total_params(WIDER_SIZES)),
    "ch03_mnist_table": lambda: example_table(MNIST_SIZES),
    "ch03_mnist_total": lambda: _thousands(total_params(MNIST_SIZES)),
    "ch03_mnist_l1_params": lambda: _thousands(_layer(MNIST_SIZES, 1)["params"]),
    "ch03_mnist_l1_share": lambda: _share(_layer(MNIST_SIZES, 1)["params"], total_params(MNIST_SIZES)),
    "ch03_ex1_l1_params": lambda: str(_layer(EXERCISE_SIZES, 1)["params"]),
    "ch03_ex1_l2_params": lambda: str(_layer(EXERCISE_SIZES, 2)["params"]),
    "ch03_ex1_total": lambda: str(total_params(EXERCISE_SIZES)),
    "ch03_ex5_new_layer_params": lambda: str(_layer(DEEPER_SIZES, 3)["params"]),
    "ch03_ex5_total": lambda: str(total_params(DEEPER_SIZES)),
    "ch03_xor_table": xor_hidden_table,
}
