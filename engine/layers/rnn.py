"""A vanilla (Elman) recurrent layer and backpropagation through time.

Layout follows the dense layers: one sample per column. A sequence of ``T``
steps for a batch of ``m`` samples is ``xs (T, n_x, m)``; the hidden states
are ``hs (T, n_h, m)``. At every step the same weights are applied:

    a_t = W_xh x_t + W_hh h_{t-1} + b_h        (n_h, m)
    h_t = tanh(a_t)

with ``W_xh (n_h, n_x)``, ``W_hh (n_h, n_h)``, ``b_h (n_h, 1)`` (a column,
broadcast over the batch like a dense layer's bias) and ``h_0`` zero unless
given (Elman 1990, "Finding structure in time").

Backpropagation through time (Werbos 1990) unrolls the loop into a ``T``-layer
network that shares its weights, and walks it backwards. With ``dhs[t] =
dL/dh_t`` coming from whatever reads the hidden states, the gradient reaching
``h_t`` is that plus what flows back from step ``t+1``:

    g_t  = dhs[t] + W_hh^T da_{t+1}             (g_T = dhs[T])
    da_t = g_t * (1 - h_t**2)                   tanh' = 1 - tanh^2
    dW_xh = sum_t da_t x_t^T     dW_hh = sum_t da_t h_{t-1}^T     db_h = sum_t da_t (summed over the batch)
    dx_t = W_xh^T da_t           dh_0 = W_hh^T da_1

The factor ``W_hh^T diag(1 - h_t**2)`` is applied once per step on the way
back; its repeated product is why gradients over long spans vanish or explode
(Bengio, Simard & Frasconi 1994), the problem LSTM and GRU gates address.

Mapping to ``torch.nn.RNN`` (one layer, ``nonlinearity="tanh"``): torch keeps
two biases, ``b_ih`` and ``b_hh``, but only their sum enters ``a_t``, so the
engine folds them into one: ``b_h = b_ih + b_hh`` (as a column), and
``weight_ih_l0 = W_xh``, ``weight_hh_l0 = W_hh``. Each of torch's two bias
gradients equals ``db_h``. torch orders its input ``(T, m, n_x)``; transpose
the last two axes to get the engine's ``(T, n_x, m)``.
"""

from __future__ import annotations

import numpy as np

from ..checks import positive_int
from ..initializers import generator_from
from .fan_in_uniform import fan_in_uniform


class RNN:
    """One tanh recurrent layer mapping ``xs (T, n_x, m)`` to all hidden states ``hs (T, n_h, m)``.

    Parameters
    ----------
    n_x, n_h : int >= 1
        Input and hidden sizes.
    seed, rng : int or numpy.random.Generator
        Where the initial values are drawn from (one of them is required).

    Shapes
    ------
    ``W_xh (n_h, n_x)``, ``W_hh (n_h, n_h)``, ``b_h (n_h, 1)``, each
    initialised from ``U(-1/sqrt(n_h), +1/sqrt(n_h))`` as ``torch.nn.RNN`` does.
    After :meth:`backward`, ``grads`` holds same-shaped arrays and ``dh0``
    holds ``dL/dh_0 (n_h, m)``.
    """

    def __init__(self, n_x: int, n_h: int, *, seed: int | None = None, rng: np.random.Generator | None = None):
        self.n_x = positive_int(n_x, "n_x")
        self.n_h = positive_int(n_h, "n_h")
        generator = generator_from(seed, rng, needed_by="RNN")
        # torch scales every recurrent parameter by the hidden size, not by the
        # true fan-in (n_x + n_h); following it keeps the two comparable.
        self.params = {
            "W_xh": fan_in_uniform(generator, (self.n_h, self.n_x), self.n_h),
            "W_hh": fan_in_uniform(generator, (self.n_h, self.n_h), self.n_h),
            "b_h": fan_in_uniform(generator, (self.n_h, 1), self.n_h),
        }
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.dh0: np.ndarray | None = None
        self._cache = None

    def forward(self, xs: np.ndarray, h0: np.ndarray | None = None, *, training: bool = False) -> np.ndarray:
        """Run the recurrence over ``xs (T, n_x, m)`` from ``h0 (n_h, m)`` (zeros when None).

        Returns ``hs (T, n_h, m)`` with ``hs[t] = h_{t+1}`` in the formula's
        1-based numbering; the last state is ``hs[-1]``. Caches what backward
        needs. ``training`` is accepted for the layer contract and unused.
        """
        xs = np.asarray(xs, dtype=np.float64)
        if xs.ndim != 3 or xs.shape[1] != self.n_x:
            raise ValueError(f"RNN expects xs of shape (T, {self.n_x}, m), got {xs.shape}")
        T, _, m = xs.shape
        if h0 is None:
            h0 = np.zeros((self.n_h, m), dtype=np.float64)
        h0 = np.asarray(h0, dtype=np.float64)
        if h0.shape != (self.n_h, m):
            raise ValueError(f"RNN expects h0 of shape {(self.n_h, m)}, got {h0.shape}")
        W_xh, W_hh, b_h = self.params["W_xh"], self.params["W_hh"], self.params["b_h"]

        # The input term does not depend on the recurrence: one batched product
        # for all steps, leaving only the W_hh product inside the loop.
        input_terms = np.matmul(W_xh, xs) + b_h  # (T, n_h, m)
        hs = np.empty((T, self.n_h, m), dtype=np.float64)
        h = h0
        for t in range(T):
            h = np.tanh(input_terms[t] + W_hh @ h)
            hs[t] = h
        self._cache = (xs, h0, hs)
        return hs

    def backward(self, dhs: np.ndarray) -> np.ndarray:
        """Backpropagation through time: ``dhs = dL/dhs (T, n_h, m) -> dL/dxs (T, n_x, m)``.

        Fills ``grads["W_xh"]``, ``grads["W_hh"]``, ``grads["b_h"]`` and ``self.dh0``.
        """
        if self._cache is None:
            raise RuntimeError("RNN.backward called before forward")
        xs, h0, hs = self._cache
        dhs = np.asarray(dhs, dtype=np.float64)
        if dhs.shape != hs.shape:
            raise ValueError(f"RNN.backward expects dhs of shape {hs.shape}, got {dhs.shape}")
        W_xh, W_hh = self.params["W_xh"], self.params["W_hh"]
        T = xs.shape[0]

        das = np.empty_like(hs)  # da_t for every step, (T, n_h, m)
        dh_from_future = np.zeros_like(h0)
        for t in reversed(range(T)):
            da = (dhs[t] + dh_from_future) * (1.0 - hs[t] ** 2)
            das[t] = da
            dh_from_future = W_hh.T @ da
        self.dh0 = dh_from_future

        # h_{t-1} for every step: h0 then all states but the last.
        h_prev = np.concatenate([h0[None], hs[:-1]], axis=0)  # (T, n_h, m)
        # Sums over time and batch of outer products, written as einsum so that
        # no (T, n_h, n_x) intermediate is built.
        self.grads["W_xh"] = np.einsum("tim,tjm->ij", das, xs)
        self.grads["W_hh"] = np.einsum("tim,tjm->ij", das, h_prev)
        self.grads["b_h"] = das.sum(axis=(0, 2))[:, None]
        return np.matmul(W_xh.T, das)
