"""An activation function as a layer: a = f(z), no parameters."""

from __future__ import annotations

import numpy as np

from ..activations import get_activation


class ActivationLayer:
    """Applies the activation ``name`` (see :mod:`engine.activations`) to its input.

    Input and output ``(n, m)``. Caches ``z`` (input) and ``a`` (output):

        forward   a = f(z)
        backward  dz = da * f'(z)   (elementwise; softmax uses its Jacobian-vector product)

    ``params``/``grads`` are empty (the contract's learnable parameters); the
    activation's own hyperparameters, such as leaky ReLU's ``alpha``, live in
    ``self.activation.params``.
    """

    def __init__(self, name: str, **params):
        self.activation = get_activation(name, **params)
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.z: np.ndarray | None = None
        self.a: np.ndarray | None = None

    @property
    def name(self) -> str:
        return self.activation.name

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.z = x
        self.a = self.activation.forward(x)
        return self.a

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return self.activation.backward(self.z, self.a, dout)
