"""The fully connected (dense) layer: z = W x + b.

Every layer of the engine keeps one contract (see :mod:`engine.layers`):
sizes first, then keyword options; ``params`` and ``grads`` dicts with the
same keys; ``forward(x, training=False)`` caching what ``backward`` needs;
``backward(dout)`` filling ``grads`` and returning dL/d(input).
"""

from __future__ import annotations

import numpy as np

from ..checks import positive_int
from ..initializers import generator_from, initialize


class Dense:
    """Fully connected layer from ``n_in`` to ``n_out`` units.

    Parameters
    ----------
    n_in, n_out : int >= 1
        Number of input and output units.
    init : str
        Initialiser of ``W`` (one of :data:`engine.initializers.INIT_NAMES`);
        ``b`` starts at 0.
    seed, rng : int or numpy.random.Generator
        Where the random ``W`` is drawn from (one of them; neither for ``init="zeros"``).

    Shapes
    ------
    ``W (n_out, n_in)``, ``b (n_out, 1)``; input ``x (n_in, m)`` and output
    ``z (n_out, m)``, one column per sample.
    """

    def __init__(self, n_in: int, n_out: int, *, init: str = "xavier_normal", seed: int | None = None, rng=None):
        n_in, n_out = positive_int(n_in, "n_in"), positive_int(n_out, "n_out")
        gen = generator_from(seed, rng, needed_by=None if init == "zeros" else f"Dense(init={init!r})")
        self.params = {"W": initialize(init, (n_out, n_in), gen), "b": np.zeros((n_out, 1))}
        self.grads = {"W": np.zeros((n_out, n_in)), "b": np.zeros((n_out, 1))}
        self.x: np.ndarray | None = None

    @property
    def n_in(self) -> int:
        return self.params["W"].shape[1]

    @property
    def n_out(self) -> int:
        return self.params["W"].shape[0]

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """z = W x + b   (b broadcast over the m columns); ``training`` changes nothing here."""
        self.x = x
        # np.dot rather than @: the same product, with less call overhead on the
        # tiny matrices of the book's networks (a third faster at 8 x 8).
        z = np.dot(self.params["W"], x)
        z += self.params["b"]  # in place: one array fewer per call
        return z

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dW = dz x^T (n_out, n_in),  db = sum_j dz (n_out, 1),  returns dx = W^T dz (n_in, m).

        ``dout`` = dz = dL/dz. The loss is already a mean over samples, so dz
        carries the 1/m and the sums are the gradients of that mean.
        """
        if self.x is None:
            raise RuntimeError("Dense.backward called before forward")
        self.grads = {"W": np.dot(dout, self.x.T), "b": dout.sum(axis=1, keepdims=True)}
        return np.dot(self.params["W"].T, dout)
