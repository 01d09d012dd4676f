"""Single-head scaled dot-product self-attention (Vaswani et al. 2017, "Attention Is All You Need").

Layout: one token per *row*. A sequence is ``X (T, d_model)``, and

    Q = X W_q   (T, d_k)      K = X W_k   (T, d_k)      V = X W_v   (T, d_v)
    S = Q K^T / sqrt(d_k)     (T, T)   score of query token i against key token j
    A = softmax(S) row-wise   (T, T)   row i: how token i spreads its attention; sums to 1
    Y = A V                   (T, d_v)

with ``W_q (d_model, d_k)``, ``W_k (d_model, d_k)``, ``W_v (d_model, d_v)``
and no biases, as in the paper's equation. Rows rather than the dense layers'
columns because this is how the paper, and every implementation since, writes
attention: ``Q K^T`` puts queries on rows and keys on columns, so the weight
matrix ``A`` reads like a table (row = the token that looks, column = the
token looked at) and is what the book's heat map draws, untransposed.

Dividing by ``sqrt(d_k)`` keeps the scores' variance near 1 when the entries
of ``q`` and ``k`` have unit variance, so the softmax does not saturate.

With ``causal=True``, token ``i`` may only attend to tokens ``j <= i``: the
scores above the diagonal are set to ``-inf`` before the softmax, which makes
their weights exactly 0 (a decoder must not look at the future).

With ``scaled=False`` the scores are ``Q K^T`` without the division (for the
book's figure that shows what the scaling prevents); the backward pass then
drops the same factor.

Backward, with ``G = dL/dY``:

    dV = A^T G                 dA = G V^T
    dS = A * (dA - rowsum(dA * A))          softmax's Jacobian, row by row
    dQ = dS K / sqrt(d_k)      dK = dS^T Q / sqrt(d_k)
    dW_q = X^T dQ   dW_k = X^T dK   dW_v = X^T dV
    dX = dQ W_q^T + dK W_k^T + dV W_v^T      X feeds all three projections
"""

from __future__ import annotations

import numpy as np

from ..activations import softmax, softmax_backward
from ..checks import positive_int
from ..initializers import generator_from
from .fan_in_uniform import fan_in_uniform


def causal_mask(T: int) -> np.ndarray:
    """Boolean ``(T, T)``, True above the diagonal: the pairs ``j > i`` a causal query may not see."""
    return np.triu(np.ones((T, T), dtype=bool), k=1)


class SelfAttention:
    """One attention head over a sequence ``X (T, d_model)``, returning ``Y (T, d_v)``.

    Parameters
    ----------
    d_model, d_k : int >= 1
        Token width and query/key width.
    d_v : int >= 1, optional
        Value width; defaults to ``d_k``.
    causal : bool
        Mask the future: token i attends to tokens j <= i only.
    scaled : bool
        Divide the scores by sqrt(d_k) (the paper's choice, the default).
    seed, rng : int or numpy.random.Generator
        Where the initial values are drawn from (one of them is required).

    Shapes
    ------
    ``W_q``, ``W_k`` ``(d_model, d_k)`` and ``W_v (d_model, d_v)``,
    initialised from ``U(-1/sqrt(d_model), +1/sqrt(d_model))`` like a
    bias-free ``torch.nn.Linear``. After :meth:`forward`,
    ``attention_weights`` is the ``(T, T)`` matrix ``A`` (for the heat-map
    widget); after :meth:`backward`, ``grads`` holds same-shaped arrays.
    """

    def __init__(
        self,
        d_model: int,
        d_k: int,
        d_v: int | None = None,
        *,
        causal: bool = False,
        scaled: bool = True,
        seed: int | None = None,
        rng: np.random.Generator | None = None,
    ):
        self.d_model = positive_int(d_model, "d_model")
        self.d_k = positive_int(d_k, "d_k")
        self.d_v = positive_int(d_v, "d_v") if d_v is not None else self.d_k
        self.causal = bool(causal)
        self.scaled = bool(scaled)
        generator = generator_from(seed, rng, needed_by="SelfAttention")
        self.params = {
            "W_q": fan_in_uniform(generator, (self.d_model, self.d_k), self.d_model),
            "W_k": fan_in_uniform(generator, (self.d_model, self.d_k), self.d_model),
            "W_v": fan_in_uniform(generator, (self.d_model, self.d_v), self.d_model),
        }
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.attention_weights: np.ndarray | None = None
        self._cache = None

    def forward(self, X: np.ndarray, *, training: bool = False) -> np.ndarray:
        """``X (T, d_model) -> Y = softmax(Q K^T / sqrt(d_k)) V (T, d_v)``; caches Q, K, V and A.

        ``training`` is accepted for the layer contract and unused.
        """
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.d_model:
            raise ValueError(f"SelfAttention expects X of shape (T, {self.d_model}), got {X.shape}")
        Q = X @ self.params["W_q"]
        K = X @ self.params["W_k"]
        V = X @ self.params["W_v"]
        scores = (Q @ K.T) * self._scale()
        if self.causal:
            scores = np.where(causal_mask(X.shape[0]), -np.inf, scores)
        # engine.activations.softmax normalises columns (one sample per column);
        # here each query is a row, so apply it to the transpose. Its max-shift
        # keeps large scores finite, and -inf scores get weight exactly 0.
        A = softmax(scores.T).T
        self.attention_weights = A
        self._cache = (X, Q, K, V, A)
        return A @ V

    def _scale(self) -> float:
        return 1.0 / np.sqrt(self.d_k) if self.scaled else 1.0

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """``dout = dL/dY (T, d_v) -> dL/dX (T, d_model)``; fills ``grads["W_q"]``, ``["W_k"]``, ``["W_v"]``."""
        if self._cache is None:
            raise RuntimeError("SelfAttention.backward called before forward")
        X, Q, K, V, A = self._cache
        dout = np.asarray(dout, dtype=np.float64)
        if dout.shape != (X.shape[0], self.d_v):
            raise ValueError(f"SelfAttention.backward expects dout of shape {(X.shape[0], self.d_v)}, got {dout.shape}")
        dV = A.T @ dout
        dA = dout @ V.T
        # Masked entries have A == 0, so dS is 0 there too: no gradient leaks
        # through a connection the mask removed.
        dS = softmax_backward(A.T, dA.T).T
        scale = self._scale()
        dQ = (dS @ K) * scale
        dK = (dS.T @ Q) * scale
        self.grads["W_q"] = X.T @ dQ
        self.grads["W_k"] = X.T @ dK
        self.grads["W_v"] = X.T @ dV
        return dQ @ self.params["W_q"].T + dK @ self.params["W_k"].T + dV @ self.params["W_v"].T
