"""Dropout (Srivastava et al. 2014, "Dropout: A Simple Way to Prevent Neural
Networks from Overfitting", JMLR): during training each activation is zeroed
with probability ``p``, independently per entry and per step.

The expected output must be the same at training and test time, or the next
layer would see activations of a different size once dropout is switched
off. Two equivalent ways keep it so:

- ``"classic"`` (the original paper, and the book's text): training keeps the
  surviving activations as they are, whose mean is then (1 - p) x; at test
  time *every* activation is kept and scaled by (1 - p) to match.
- ``"inverted"`` (what PyTorch and most libraries do): training divides the
  survivors by (1 - p), so their mean is already x, and test time is the
  identity. The network needs no change at deployment.

Both have the same expectations; they differ only in where the factor goes.
"""

from __future__ import annotations

import numpy as np

from ..checks import number_in
from ..initializers import generator_from

DROPOUT_MODES = ("inverted", "classic")


class Dropout:
    """Drops each entry of its input with probability ``p`` in training.

    Parameters
    ----------
    p : float in [0, 1)
        Probability that an entry is dropped.
    mode : "inverted" or "classic"
        Where the factor 1 - p goes (see the module docstring).
    seed, rng : int or numpy.random.Generator
        Where the masks are drawn from (one of them is required).

    Shapes
    ------
    Input and output ``(n, m)``; the last mask is kept in ``self.mask``
    (1.0 kept, 0.0 dropped) for display.
    """

    def __init__(self, p: float, *, mode: str = "inverted", seed: int | None = None, rng=None):
        self.p = number_in(p, "p (the dropout probability)", 0.0, 1.0, high_open=True)
        if mode not in DROPOUT_MODES:
            raise ValueError(f"mode must be one of {', '.join(DROPOUT_MODES)}, got {mode!r}")
        self.mode = mode
        self.rng = generator_from(seed, rng, needed_by="Dropout")
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.mask: np.ndarray | None = None
        self._factor: np.ndarray | float | None = None

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """training: mask ~ Bernoulli(1 - p) per entry, y = x * mask * s with s = 1/(1-p) (inverted) or 1 (classic);
        inference: y = x (inverted) or y = (1 - p) x (classic)."""
        if training:
            self.mask = (self.rng.random(x.shape) >= self.p).astype(np.float64)
            self._factor = self.mask / (1.0 - self.p) if self.mode == "inverted" else self.mask
        else:
            self._factor = 1.0 if self.mode == "inverted" else 1.0 - self.p
        return x * self._factor

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dx = dout * (the same factor that multiplied x in the last forward)."""
        if self._factor is None:
            raise RuntimeError("Dropout.backward called before forward")
        return dout * self._factor
