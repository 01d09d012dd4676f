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

from ..initializers import as_generator

DROPOUT_MODES = ("inverted", "classic")


class Dropout:
    """Drops each entry of its ``(n, m)`` input with probability ``p`` in training.

    training:  mask_ij ~ Bernoulli(1 - p);  y = x * mask * scale, scale = 1/(1-p) (inverted) or 1 (classic)
    test:      y = x (inverted)  or  y = (1 - p) x (classic)
    backward:  dx = dout * (the same factor that multiplied x)
    The last mask is kept in ``self.mask`` (1.0 kept, 0.0 dropped) for display.
    """

    def __init__(self, p: float, rng=None, mode: str = "inverted"):
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability must be in [0, 1), got {p}")
        if mode not in DROPOUT_MODES:
            raise ValueError(f"dropout mode must be one of {', '.join(DROPOUT_MODES)}, got {mode!r}")
        self.p = float(p)
        self.mode = mode
        self.rng = as_generator(rng)
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.mask: np.ndarray | None = None
        self._factor: np.ndarray | float = 1.0

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        if training:
            self.mask = (self.rng.random(x.shape) >= self.p).astype(np.float64)
            self._factor = self.mask / (1.0 - self.p) if self.mode == "inverted" else self.mask
        else:
            self._factor = 1.0 if self.mode == "inverted" else 1.0 - self.p
        return x * self._factor

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self._factor
