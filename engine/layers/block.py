"""The book's layer l as one block: Dense, [BatchNorm], activation, [Dropout].

    z_lin[l] = W[l] a[l-1] + b[l]          (n[l], m)
    z[l]     = BN(z_lin[l])                 with batch norm, else z[l] = z_lin[l]
    a[l]     = f[l](z[l])                   (n[l], m)
    out[l]   = dropout(a[l])                in training, with dropout; else a[l]

and backward, from dL/d(out[l]) down to dL/d(a[l-1]):

    delta[l]  = dL/dz[l] = dropout'(dL/d out[l]) * f[l]'(z[l])
    dW[l]     = dL/dz_lin[l] a[l-1]^T,   db[l] = sum over columns of dL/dz_lin[l]
    dL/da[l-1] = W[l]^T dL/dz_lin[l]

(dL/dz_lin[l] = delta[l] without batch norm, or batch norm's backward of it).
A block keeps the layer contract itself: ``params``/``grads`` dicts with the
same keys ("W", "b", and "gamma", "beta" with batch norm),
``forward(x, training=False)`` and ``backward(dout)`` returning the input
gradient.
"""

from __future__ import annotations

import numpy as np

from ..activations import activation_from_dict
from ..initializers import default_init, generator_from
from .activation_layer import ActivationLayer
from .batch_norm import BatchNorm
from .dense import Dense
from .dropout import Dropout


class Block:
    """Layer l of a fully connected network, from ``n_in`` = n[l-1] to ``n_out`` = n[l] units.

    Parameters
    ----------
    n_in, n_out : int >= 1
        Sizes of the layer's input a[l-1] and output a[l].
    activation : str or {"name", "params"} dict
        f[l], e.g. "relu" or {"name": "leaky_relu", "params": {"alpha": 0.2}}.
    init : str, optional
        Initialiser of W[l]; None picks He for ReLU-like f[l], Xavier otherwise.
    seed, rng : int or numpy.random.Generator
        Where W[l] and the dropout masks are drawn from (not needed for
        ``init="zeros"`` without dropout).
    batch_norm : bool;  batch_norm_momentum, batch_norm_eps : float
        Insert a :class:`BatchNorm` between the Dense part and f[l].
    dropout : float in [0, 1);  dropout_mode : "inverted" or "classic"
        Put a :class:`Dropout` after f[l] when ``dropout`` > 0.

    Attributes
    ----------
    dense, batch_norm (or None), activation, dropout (or None): the parts;
    ``layers`` lists them in order. ``delta`` is dL/dz[l] of the last backward.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        activation: str | dict = "linear",
        *,
        init: str | None = None,
        seed: int | None = None,
        rng: np.random.Generator | None = None,
        batch_norm: bool = False,
        batch_norm_momentum: float = 0.1,
        batch_norm_eps: float = 1e-5,
        dropout: float = 0.0,
        dropout_mode: str = "inverted",
    ):
        spec = activation if isinstance(activation, dict) else {"name": activation}
        act = activation_from_dict(spec)
        init = init or default_init(act.name)
        needs_rng = init != "zeros" or dropout > 0
        gen = generator_from(seed, rng, needed_by="Block" if needs_rng else None)
        self.dense = Dense(n_in, n_out, init=init, rng=gen if init != "zeros" else None)
        self.batch_norm = BatchNorm(n_out, momentum=batch_norm_momentum, eps=batch_norm_eps) if batch_norm else None
        self.activation = ActivationLayer(act.name, **act.params)
        self.dropout = Dropout(dropout, mode=dropout_mode, rng=gen) if dropout > 0 else None
        self.layers = [p for p in (self.dense, self.batch_norm, self.activation, self.dropout) if p is not None]
        self.delta: np.ndarray | None = None

    @property
    def params(self) -> dict[str, np.ndarray]:
        """{"W", "b"} (+ {"gamma", "beta"} with batch norm): the parts' own arrays, updated in place."""
        if self.batch_norm is None:
            return dict(self.dense.params)
        return {**self.dense.params, **self.batch_norm.params}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """The gradients of the last backward, with the keys of :attr:`params`."""
        if self.batch_norm is None:
            return dict(self.dense.grads)
        return {**self.dense.grads, **self.batch_norm.grads}

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """a[l-1] (n_in, m) -> out[l] (n_out, m) through every part in order."""
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dL/d out[l] (n_out, m) -> dL/da[l-1] (n_in, m); sets ``delta`` and fills every part's grads."""
        if self.dropout is not None:
            dout = self.dropout.backward(dout)
        return self.backward_from_delta(self.activation.backward(dout))

    def backward_from_delta(self, delta: np.ndarray) -> np.ndarray:
        """Start below f[l] from delta[l] = dL/dz[l] (the a - y shortcut of the output layer)."""
        self.delta = delta
        if self.batch_norm is not None:
            delta = self.batch_norm.backward(delta)
        return self.dense.backward(delta)
