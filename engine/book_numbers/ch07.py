"""Numbers quoted in Chapter 7 (backpropagation), computed by the engine.

The worked example is the 2-2-1 sigmoid network of the chapter, trained on
one example with binary cross-entropy; every z, a, delta and gradient is read
from ``Network.trace()`` after ``backward_from_loss``. The vanishing-gradient
table measures the error signal per layer of a deep network. Keys are
prefixed ``ch07_``.
"""

from __future__ import annotations

import numpy as np

from engine.activations import sigmoid_derivative
from engine.gradient_check import gradient_check
from engine.network import Network
from engine.optimizers import SGD

# The chapter's example: W[1], b[1], W[2], b[2], one input column and its label.
EXAMPLE_PARAMS = [
    {"W": [[0.5, -0.4], [0.3, 0.8]], "b": [[0.1], [-0.2]]},
    {"W": [[0.7, -0.6]], "b": [[0.05]]},
]
EXAMPLE_X = np.array([[1.0], [2.0]])
EXAMPLE_Y = np.array([[1.0]])
EXAMPLE_LEARNING_RATE = 0.5

# The depth experiment: ten hidden layers of 16 units, one batch of random data.
DEPTH_HIDDEN_LAYERS = 10
DEPTH_WIDTH = 16
DEPTH_BATCH = 64
DEPTH_SEED = 7


def tex_matrix(a, digits: int = 4) -> str:
    """A NumPy array as a TeX ``pmatrix``; rows by ``\\\\``, entries by ``&``."""
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    rows = [" & ".join(f"{v:.{digits}f}" for v in row) for row in a]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


def tex_scientific(x: float, digits: int = 2) -> str:
    """``$1.23 \\times 10^{-7}$`` for a small positive number."""
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


def example_network() -> Network:
    net = Network([2, 2, 1], "sigmoid", seed=0)
    net.set_params(EXAMPLE_PARAMS)
    return net


def example_trace() -> tuple[list[dict], float]:
    """The trace of one forward and backward pass on the example, and its loss."""
    net = example_network()
    net.forward(EXAMPLE_X)
    loss = net.backward_from_loss("bce", EXAMPLE_Y)
    return net.trace(), loss


def loss_after_one_step() -> float:
    """The loss after one SGD step with the example's learning rate."""
    net = example_network()
    net.forward(EXAMPLE_X, training=True)
    net.backward_from_loss("bce", EXAMPLE_Y)
    SGD(EXAMPLE_LEARNING_RATE).step(net.params, net.grads)
    net.forward(EXAMPLE_X)
    return net.loss_value("bce", EXAMPLE_Y)


def forward_tex() -> str:
    trace, _ = example_trace()
    l1, l2 = trace
    return (
        "\\begin{aligned} "
        f"z^{{[1]}} &= {tex_matrix(l1['z'])}, & a^{{[1]}} &= \\sigma(z^{{[1]}}) = {tex_matrix(l1['a'])}, \\\\ "
        f"z^{{[2]}} &= {tex_matrix(l2['z'])}, & a^{{[2]}} &= \\sigma(z^{{[2]}}) = {tex_matrix(l2['a'])} "
        "\\end{aligned}"
    )


def deltas_tex() -> str:
    trace, _ = example_trace()
    l1, l2 = trace
    return (
        f"\\delta^{{[2]}} = a^{{[2]}} - y = {tex_matrix(l2['delta'])}, \\qquad "
        f"\\delta^{{[1]}} = \\big(W^{{[2]}}\\big)^\\top \\delta^{{[2]}} \\odot \\sigma'\\big(z^{{[1]}}\\big) = {tex_matrix(l1['delta'])}"
    )


def gradients_tex() -> str:
    trace, _ = example_trace()
    l1, l2 = trace
    return (
        "\\begin{aligned} "
        f"\\frac{{\\partial \\mathcal{{L}}}}{{\\partial W^{{[2]}}}} &= \\delta^{{[2]}} \\big(a^{{[1]}}\\big)^\\top = {tex_matrix(l2['dW'])}, & "
        f"\\frac{{\\partial \\mathcal{{L}}}}{{\\partial b^{{[2]}}}} &= {tex_matrix(l2['db'])}, \\\\ "
        f"\\frac{{\\partial \\mathcal{{L}}}}{{\\partial W^{{[1]}}}} &= \\delta^{{[1]}} x^\\top = {tex_matrix(l1['dW'])}, & "
        f"\\frac{{\\partial \\mathcal{{L}}}}{{\\partial b^{{[1]}}}} &= {tex_matrix(l1['db'])} "
        "\\end{aligned}"
    )


def example_gradient_check() -> float:
    return gradient_check(example_network(), EXAMPLE_X, EXAMPLE_Y, "bce")["max_relative_error"]


def mean_abs_delta_per_layer(activation: str, init: str) -> list[float]:
    """Mean |delta[l]| of hidden layers l = 1..10 after one backward pass on a random batch."""
    rng = np.random.default_rng(DEPTH_SEED)
    X = rng.standard_normal((DEPTH_WIDTH, DEPTH_BATCH))
    Y = (rng.random((1, DEPTH_BATCH)) < 0.5).astype(np.float64)
    sizes = [DEPTH_WIDTH] + [DEPTH_WIDTH] * DEPTH_HIDDEN_LAYERS + [1]
    net = Network(sizes, activation, init=init, seed=DEPTH_SEED, output_activation="sigmoid")
    net.forward(X, training=True)
    net.backward_from_loss("bce", Y)
    return [float(np.mean(np.abs(row["delta"]))) for row in net.trace()[:-1]]


def vanishing_table() -> str:
    sig = mean_abs_delta_per_layer("sigmoid", "xavier_normal")
    relu = mean_abs_delta_per_layer("relu", "he_normal")
    rows = [
        "| Hidden layer $l$ | Sigmoid, Xavier: mean $\\lvert\\delta^{[l]}\\rvert$ | ReLU, He: mean $\\lvert\\delta^{[l]}\\rvert$ |",
        "| --- | --- | --- |",
    ]
    for l in (10, 8, 6, 4, 2, 1):
        rows.append(f"| {l} | {tex_scientific(sig[l - 1])} | {tex_scientific(relu[l - 1])} |")
    return "\n".join(rows)


def last_to_first_ratio(activation: str, init: str) -> float:
    deltas = mean_abs_delta_per_layer(activation, init)
    return deltas[-1] / deltas[0]


def format_ratio(r: float) -> str:
    """Ratios of several orders of magnitude read best rounded to two significant digits."""
    if r >= 100:
        return f"{float(f'{r:.2g}'):,.0f}"
    return f"{r:.1f}"


NUMBERS = {
    "ch07_example_forward": forward_tex,
    "ch07_example_loss": lambda: f"{example_trace()[1]:.4f}",
    "ch07_example_deltas": deltas_tex,
    "ch07_example_gradients": gradients_tex,
    "ch07_example_loss_after": lambda: f"{loss_after_one_step():.4f}",
    "ch07_example_param_count": lambda: f"{example_network().param_count()}",
    "ch07_example_gradcheck": lambda: tex_scientific(example_gradient_check(), 1),
    "ch07_quarter_pow_10": lambda: tex_scientific(float(sigmoid_derivative(np.array(0.0))) ** 10, 3),
    "ch07_vanishing_table": vanishing_table,
    "ch07_vanishing_sigmoid_ratio": lambda: format_ratio(last_to_first_ratio("sigmoid", "xavier_normal")),
    "ch07_vanishing_relu_ratio": lambda: format_ratio(last_to_first_ratio("relu", "he_normal")),
}
