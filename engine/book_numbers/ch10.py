"""Numbers quoted in Chapter 10 (beyond the basics), computed by the engine.

Convolution sizes and the edge-detector example use :class:`engine.conv2d.Conv2D`;
the recurrent parameter count uses :class:`engine.rnn.RNN`; the attention
example runs :class:`engine.attention.SelfAttention` with identity projections;
the dropout averages use :class:`engine.layers.Dropout`; the universal
approximation table builds a one-hidden-layer sigmoid network by hand and
measures its largest error. Keys are prefixed ``ch10_``.
"""

from __future__ import annotations

import numpy as np

from engine.activations import sigmoid
from engine.attention import SelfAttention
from engine.conv2d import Conv2D
from engine.layers import Dropout
from engine.network import layer_shapes
from engine.rnn import RNN

# --- convolution ------------------------------------------------------------------

IMAGE_SIZE = 32


def conv_output_size(kernel: int, padding: int = 0, stride: int = 1, n: int = IMAGE_SIZE) -> int:
    conv = Conv2D(1, 1, kernel, stride=stride, padding=padding, seed=0)
    return conv.output_shape((1, 1, n, n))[2]


EDGE_IMAGE = np.array([[0.0, 0.0, 1.0, 1.0, 1.0]] * 5)  # dark left, bright right
EDGE_KERNEL = np.array([[1.0, 0.0, -1.0]] * 3)  # left column minus right column


def tex_matrix(a, fmt: str = "g") -> str:
    """A 2-D array as a KaTeX ``pmatrix``."""
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    rows = [" & ".join(f"{v + 0.0:{fmt}}" for v in row) for row in a]  # + 0.0 turns -0 into 0
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


def edge_response() -> np.ndarray:
    conv = Conv2D(1, 1, 3, seed=0)
    conv.params["W"][...] = EDGE_KERNEL[None, None]
    conv.params["b"][...] = 0.0
    return conv.forward(EDGE_IMAGE[None, None])[0, 0]


def conv_param_count(in_channels: int = 3, filters: int = 64, kernel: int = 3) -> int:
    conv = Conv2D(in_channels, filters, kernel, padding=1, seed=0)
    return sum(p.size for p in conv.params.values())


def dense_equivalent_params(in_channels: int = 3, filters: int = 64, n: int = IMAGE_SIZE) -> int:
    """A dense layer from the flattened n x n x C image to the flattened n x n x F feature maps."""
    return layer_shapes([n * n * in_channels, n * n * filters])[0]["params"]


# --- recurrent layer --------------------------------------------------------------

def rnn_param_count(n_x: int = 10, n_h: int = 32) -> int:
    return sum(p.size for p in RNN(n_x, n_h, seed=0).params.values())


# --- attention --------------------------------------------------------------------

ATTENTION_X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # three tokens; Q = K = V = X


def attention_example() -> tuple[np.ndarray, np.ndarray]:
    """(weights, output) of self-attention whose projections are all the identity."""
    layer = SelfAttention(2, 2, seed=0)
    for name in ("W_q", "W_k", "W_v"):
        layer.params[name][...] = np.eye(2)
    out = layer.forward(ATTENTION_X)
    return layer.attention_weights, out


def attention_scores() -> np.ndarray:
    """Q K^T before scaling: with the identity projections of :func:`attention_example`, Q = K = X."""
    return ATTENTION_X @ ATTENTION_X.T


# --- dropout ----------------------------------------------------------------------

DROPOUT_P, DROPOUT_DRAWS = 0.5, 100_000


def dropout_training_mean(mode: str) -> float:
    layer = Dropout(DROPOUT_P, rng=np.random.default_rng(0), mode=mode)
    return float(np.mean(layer.forward(np.ones((1, DROPOUT_DRAWS)), training=True)))


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
    "ch10_out_k5": lambda: f"{conv_output_size(5)}",
    "ch10_out_k5_p2": lambda: f"{conv_output_size(5, padding=2)}",
    "ch10_out_k3_s2": lambda: f"{conv_output_size(3, padding=1, stride=2)}",
    "ch10_edge_image": lambda: tex_matrix(EDGE_IMAGE),
    "ch10_edge_output": lambda: tex_matrix(edge_response()),
    "ch10_conv_params": lambda: f"{conv_param_count():,}",
    "ch10_dense_equivalent_params": lambda: f"{dense_equivalent_params():,}",
    "ch10_sharing_ratio": lambda: f"{round(dense_equivalent_params() / conv_param_count(), -3):,.0f}",
    "ch10_rnn_params": lambda: f"{rnn_param_count():,}",
    "ch10_attention_scores": lambda: tex_matrix(attention_scores()),
    "ch10_attention_weights": lambda: tex_matrix(attention_example()[0], ".3f"),
    "ch10_attention_output": lambda: tex_matrix(attention_example()[1], ".3f"),
    "ch10_dropout_draws": lambda: f"{DROPOUT_DRAWS:,}",
    "ch10_dropout_mean_inverted": lambda: f"{dropout_training_mean('inverted'):.3f}",
    "ch10_dropout_mean_classic": lambda: f"{dropout_training_mean('classic'):.3f}",
    "ch10_uat_table": uat_table,
}
