"""An activation function as a layer: a = f(z), no parameters."""

from __future__ import annotations

import numpy as np

from ..activations import get_activation


class ActivationLayer:
    """Applies the activation ``name`` (see :mod:`engine.activations`) to its input.

    Parameters
    ----------
    name : str
        One of :data:`engine.activations.ACTIVATION_NAMES`.
    **params
        The activation's hyperparameters, such as leaky ReLU's ``alpha``
        (kept in ``self.activation.params``; ``self.params`` holds only
        learnable arrays, and an activation has none).

    Shapes
    ------
    Input ``z (n, m)`` and output ``a (n, m)``; both are cached for display
    and for ``backward``.
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

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """a = f(z), elementwise (softmax: per column)."""
        self.z = x
        self.a = self.activation.forward(x)
        return self.a

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dz = da * f'(z) elementwise; softmax uses its Jacobian-vector product s * (da - sum_k s_k da_k)."""
        if self.z is None:
            raise RuntimeError("ActivationLayer.backward called before forward")
        return self.activation.backward(self.z, self.a, dout)
