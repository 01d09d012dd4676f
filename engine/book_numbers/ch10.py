"""Numbers quoted in Chapter 10 (beyond the basics), computed by the engine.

Convolution sizes and the edge-detector example use :class:`engine.layers.Conv2D`;
the recurrent parameter count uses :class:`engine.layers.RNN`; the attention
example runs :class:`engine.layers.SelfAttention` with identity projections.
(The dropout averages moved to ch08 and the universal approximation table to
ch09, with the sections that quote them.) Keys are prefixed ``ch10_``.
"""

from __future__ import annotations

import numpy as np

from engine.layers import RNN, Conv2D, SelfAttention
from engine.network import layer_shapes

# --- convolution ------------------------------------------------------------------

IMAGE_SIZE = 32


def conv_output_size(kernel: int, padding: int = 0, stride: int = 1, n: int = IMAGE_SIZE) -> int:
    conv = Conv2D(1, 1, kernel, stride=stride, padding=padding, seed=0)
    return conv.output_shape((1, 1, n, n))[2]


EDGE_IMAGE = np.array([[0.0, 0.0, 1.0, 1.0, 1.0]] * 5)  # dark left, bright right
EDGE_KERNEL = np.array([[1.0, 0.0, -1.0]] * 3)  # left column minus right column


def tex_matrix(a, fmt: str = "g") -> str:
    """A 2-D array as a TeX ``pmatrix``."""
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
}
