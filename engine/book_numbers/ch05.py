"""Numbers quoted in chapter 5 (Forward Propagation).

The worked example is a [2, 3, 2, 1] network with ReLU, ReLU, sigmoid and
hand-picked weights (chosen so that ReLU switches one hidden neuron off).
Every z and a comes from ``engine.network.Network.forward`` and ``trace``;
this module only formats them as LaTeX matrices.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from engine.network import Network, layer_shapes

# The worked example's network is the forward-pass figure's "example" network; it is declared
# there because the figure ships to the browser and this build-only module does not.
from engine.widgets.forward_pass import (  # noqa: E402
    EXAMPLE_ACTIVATIONS as ACTIVATIONS, EXAMPLE_PARAMS as PARAMS, EXAMPLE_SIZES as SIZES,
    EXAMPLE_X_BATCH as X_BATCH, EXAMPLE_X_SINGLE as X_SINGLE)

MNIST_SIZES = [784, 128, 64, 10]
CACHE_BATCH = 256
BYTES_PER_FLOAT64 = 8

# Exercise 1: a [2, 2, 1] network with ReLU and sigmoid, by hand.
EXERCISE_PARAMS = [
    {"W": [[1.0, -1.0], [0.5, 0.5]], "b": [[0.0], [-1.0]]},
    {"W": [[2.0, -1.0]], "b": [[0.5]]},
]
EXERCISE_X = [[1.0], [3.0]]


def _fmt(v: float) -> str:
    """Up to four decimals, no trailing zeros, no '-0': for use inside $math$."""
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def matrix(a) -> str:
    """A LaTeX pmatrix of a 2-D array (a column vector is a one-column matrix)."""
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    rows = " \\\\ ".join(" & ".join(_fmt(v) for v in row) for row in a)
    return f"\\begin{{pmatrix}} {rows} \\end{{pmatrix}}"


def _network() -> Network:
    """The worked example's network with its hand-picked weights."""
    net = Network(SIZES, ACTIVATIONS)
    net.set_params(PARAMS)
    return net


@lru_cache(maxsize=None)
def single_trace() -> tuple:
    """(z, a) per layer for the worked example's single input, as arrays."""
    net = _network()
    net.forward(np.array(X_SINGLE))
    return tuple((row["z"].copy(), row["a"].copy()) for row in net.trace())


@lru_cache(maxsize=None)
def batch_output() -> np.ndarray:
    return _network().forward(np.array(X_BATCH))


@lru_cache(maxsize=None)
def exercise_trace() -> tuple:
    net = Network([2, 2, 1], ["relu", "sigmoid"])
    net.set_params(EXERCISE_PARAMS)
    net.forward(np.array(EXERCISE_X))
    return tuple((row["z"].copy(), row["a"].copy()) for row in net.trace())


def _z(l: int):
    return lambda: matrix(single_trace()[l - 1][0])


def _a(l: int):
    return lambda: matrix(single_trace()[l - 1][1])


def _param(l: int, key: str):
    return lambda: matrix(PARAMS[l - 1][key])


def cache_size() -> tuple[int, float]:
    """Numbers stored by a forward pass of MNIST_SIZES on a batch: X, then Z and A of each layer."""
    per_example = MNIST_SIZES[0] + 2 * sum(MNIST_SIZES[1:])
    numbers = per_example * CACHE_BATCH
    return numbers, numbers * BYTES_PER_FLOAT64 / 1e6


NUMBERS = {
    "ch05_x": lambda: matrix(X_SINGLE),
    "ch05_W1": _param(1, "W"),
    "ch05_b1": _param(1, "b"),
    "ch05_W2": _param(2, "W"),
    "ch05_b2": _param(2, "b"),
    "ch05_W3": _param(3, "W"),
    "ch05_b3": _param(3, "b"),
    "ch05_z1": _z(1),
    "ch05_a1": _a(1),
    "ch05_z2": _z(2),
    "ch05_a2": _a(2),
    "ch05_z3": _z(3),
    "ch05_yhat": lambda: _fmt(float(single_trace()[2][1][0, 0])),
    "ch05_batch_X": lambda: matrix(X_BATCH),
    "ch05_batch_Yhat": lambda: matrix(batch_output()),
    "ch05_mnist_multiply_adds": lambda: f"{sum(l['W'][0] * l['W'][1] for l in layer_shapes(MNIST_SIZES)):,}",
    "ch05_cache_batch": lambda: str(CACHE_BATCH),
    "ch05_cache_numbers": lambda: f"{cache_size()[0]:,}",
    "ch05_cache_megabytes": lambda: f"{cache_size()[1]:.1f}",
    "ch05_ex_x": lambda: matrix(EXERCISE_X),
    "ch05_ex_W1": lambda: matrix(EXERCISE_PARAMS[0]["W"]),
    "ch05_ex_b1": lambda: matrix(EXERCISE_PARAMS[0]["b"]),
    "ch05_ex_W2": lambda: matrix(EXERCISE_PARAMS[1]["W"]),
    "ch05_ex_b2": lambda: matrix(EXERCISE_PARAMS[1]["b"]),
    "ch05_ex_z1": lambda: matrix(exercise_trace()[0][0]),
    "ch05_ex_a1": lambda: matrix(exercise_trace()[0][1]),
    "ch05_ex_z2": lambda: _fmt(float(exercise_trace()[1][0][0, 0])),
    "ch05_ex_yhat": lambda: _fmt(float(exercise_trace()[1][1][0, 0])),
}
