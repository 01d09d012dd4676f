"""Stacked linear layers collapse into one: the algebra behind "activations are needed".

Layer i maps a to W_i a + b_i. Applying k of them in turn gives

    W_k (… (W_2 (W_1 x + b_1) + b_2) …) + b_k  =  W x + b
    with  W = W_k … W_2 W_1
          b = W_k … W_2 b_1 + W_k … W_3 b_2 + … + W_k b_{k-1} + b_k,

one affine map of the same shape as a single layer. :func:`compose_affine`
builds (W, b) by folding the layers in order, which is the recursion
W <- W_i W, b <- W_i b + b_i started from the identity and zero.
"""

from __future__ import annotations

import numpy as np


def compose_affine(weights: list[np.ndarray], biases: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The single (W, b) equal to the layers ``(weights[0], biases[0])`` first, … last.

    ``weights[i]`` has shape (n_{i+1}, n_i), ``biases[i]`` shape (n_{i+1}, 1);
    returns W (n_k, n_0) and b (n_k, 1).
    """
    if not weights or len(weights) != len(biases):
        raise ValueError("need one bias per weight matrix, and at least one layer")
    n0 = np.asarray(weights[0]).shape[1]
    W = np.eye(n0)
    b = np.zeros((n0, 1))
    for W_i, b_i in zip(weights, biases):
        W_i = np.asarray(W_i, dtype=np.float64)
        W, b = W_i @ W, W_i @ b + np.asarray(b_i, dtype=np.float64).reshape(-1, 1)
    return W, b
