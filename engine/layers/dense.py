"""The fully connected (dense) layer: Z = W A + b.

Every layer of the engine keeps one contract:

- ``params`` and ``grads``: dicts name -> float64 array with the same keys;
- ``forward(x, training=True)`` caches what ``backward`` will need and
  returns the output;
- ``backward(dout)`` takes dL/d(output), fills ``grads`` and returns
  dL/d(input).
"""

from __future__ import annotations

import numpy as np

from ..initializers import as_generator, initialize


class Dense:
    """Fully connected layer from ``n_in`` to ``n_out`` units.

    Params: ``W`` (n_out, n_in), ``b`` (n_out, 1). Input ``x`` (n_in, m),
    output ``z`` (n_out, m), one column per sample:

        forward   z  = W x + b                (b broadcast over the m columns)
        backward  dW = dz x^T                 (n_out, n_in)
                  db = sum over columns of dz (n_out, 1)
                  dx = W^T dz                 (n_in, m)

    The loss is already a mean over samples, so ``dz`` carries the 1/m and
    the sums above are the gradients of that mean.
    """

    def __init__(self, n_in: int, n_out: int, init: str = "xavier_normal", rng=None):
        rng = None if init == "zeros" else as_generator(rng)
        self.params = {"W": initialize(init, (n_out, n_in), rng), "b": np.zeros((n_out, 1))}
        self.grads = {"W": np.zeros((n_out, n_in)), "b": np.zeros((n_out, 1))}
        self.x: np.ndarray | None = None

    @property
    def n_in(self) -> int:
        return self.params["W"].shape[1]

    @property
    def n_out(self) -> int:
        return self.params["W"].shape[0]

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.x = x
        # np.dot rather than @: the same product, with less call overhead on the
        # tiny matrices of the book's networks (a third faster at 8 x 8).
        z = np.dot(self.params["W"], x)
        z += self.params["b"]  # in place: one array fewer per call
        return z

    def backward(self, dout: np.ndarray) -> np.ndarray:
        self.grads = {"W": np.dot(dout, self.x.T), "b": dout.sum(axis=1, keepdims=True)}
        return np.dot(self.params["W"].T, dout)
