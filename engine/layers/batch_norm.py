"""Batch normalisation (Ioffe & Szegedy 2015, "Batch Normalization:
Accelerating Deep Network Training by Reducing Internal Covariate Shift", ICML).

Each of the ``n`` features (rows) is normalised over the ``m`` samples of the
mini-batch (columns), then scaled and shifted by learnable ``gamma``, ``beta``:

    mu      = (1/m) sum_j x_j                     (n, 1)
    var     = (1/m) sum_j (x_j - mu)^2            (n, 1)   biased, as in the paper
    x_hat   = (x - mu) / sqrt(var + eps)          (n, m)
    y       = gamma * x_hat + beta                (n, m)

At inference the batch statistics are replaced by running averages updated at
every training step, with the semantics of ``torch.nn.BatchNorm1d``:

    running_mean <- (1 - momentum) running_mean + momentum mu
    running_var  <- (1 - momentum) running_var  + momentum var * m / (m - 1)

(the running variance uses the unbiased estimate; note PyTorch's ``momentum``
is the weight of the *new* value).
"""

from __future__ import annotations

import numpy as np

from ..checks import number_in, positive_int


class BatchNorm:
    """Batch norm over ``n`` features.

    Parameters
    ----------
    n : int >= 1
        Number of features (rows) normalised.
    momentum : float in [0, 1]
        Weight of the newest batch in the running averages (PyTorch's meaning).
    eps : float >= 0
        Added to the variance before the square root.

    Shapes
    ------
    ``gamma (n, 1)`` = 1 and ``beta (n, 1)`` = 0 (learnable); running
    averages ``running_mean``, ``running_var`` ``(n, 1)``; input and output
    ``(n, m)``. Training mode normalises with the batch's own mean and
    variance (needs m >= 2) and updates the running averages; inference mode
    uses the running averages and is a fixed affine map.
    """

    def __init__(self, n: int, *, momentum: float = 0.1, eps: float = 1e-5):
        n = positive_int(n, "n")
        self.momentum = number_in(momentum, "momentum", 0.0, 1.0)
        self.eps = number_in(eps, "eps", 0.0, float("inf"), high_open=True)
        self.params = {"gamma": np.ones((n, 1)), "beta": np.zeros((n, 1))}
        self.grads = {"gamma": np.zeros((n, 1)), "beta": np.zeros((n, 1))}
        self.running_mean = np.zeros((n, 1))
        self.running_var = np.ones((n, 1))
        self._cache: tuple | None = None

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """y = gamma (x - mu) / sqrt(var + eps) + beta, with the batch's or the running mu and var."""
        gamma, beta = self.params["gamma"], self.params["beta"]
        if training:
            m = x.shape[1]
            if m < 2:
                raise ValueError("batch norm in training mode needs at least 2 samples per batch")
            mu = x.mean(axis=1, keepdims=True)
            centred = x - mu
            var = np.mean(centred * centred, axis=1, keepdims=True)
            self.running_mean *= 1.0 - self.momentum
            self.running_mean += self.momentum * mu
            self.running_var *= 1.0 - self.momentum
            self.running_var += (self.momentum * m / (m - 1)) * var
        else:
            centred = x - self.running_mean
            var = self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = centred * inv_std
        self._cache = (training, x_hat, inv_std)
        return gamma * x_hat + beta

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Gradients of y = gamma x_hat + beta.

        dgamma = sum_j dout * x_hat, dbeta = sum_j dout. In training mode mu and
        var depend on every sample, which gives the compact form

            dx = (inv_std / m) (m g - sum_j g - x_hat sum_j g x_hat),  g = dout * gamma;

        in inference mode the map is affine: dx = gamma * inv_std * dout.
        """
        if self._cache is None:
            raise RuntimeError("BatchNorm.backward called before forward")
        training, x_hat, inv_std = self._cache
        self.grads = {
            "gamma": np.sum(dout * x_hat, axis=1, keepdims=True),
            "beta": np.sum(dout, axis=1, keepdims=True),
        }
        g = dout * self.params["gamma"]
        if not training:
            return g * inv_std
        m = dout.shape[1]
        return (inv_std / m) * (
            m * g - g.sum(axis=1, keepdims=True) - x_hat * np.sum(g * x_hat, axis=1, keepdims=True)
        )
