"""The chapter-10 convolutional network: conv -> ReLU -> max-pool -> dense.

    image x (1, 8, 8)
      Z1 = conv(x; W1 (F, 1, k, k), b1), padding k // 2    -> (F, 8, 8)
      A1 = ReLU(Z1)
      P  = maxpool 2x2 (A1)                                 -> (F, 4, 4)
      z  = W2 flatten(P) + b2,  W2 (10, 16 F)               -> 10 logits
      p  = softmax(z)

It keeps the training loop's model contract (see :mod:`engine.training`):
``forward(X, training)`` takes one sample per *column*, ``X (64, m)``, like
every other network of the book, and reshapes it to images ``(m, 1, 8, 8)`` for
the convolution; ``backward_from_loss`` and ``loss_value`` use the softmax
cross-entropy on the logits; ``layers`` hold ``params``/``grads``.

The model also offers ``params``/``grads`` as flat dicts (``"conv.W"``, ...)
holding the layers' own arrays, the form the layer contract's optimisers step on.
The convolution and pooling layers are imported here and nowhere else in the
job demos.
"""

from __future__ import annotations

import numpy as np

from engine.layers import ActivationLayer, Dense
from engine.losses import get_loss, log_softmax

try:  # their home under the one layer contract (engine/layers) ...
    from engine.layers import Conv2D, MaxPool2D
except ImportError:  # ... and where they lived before it
    from engine.conv2d import Conv2D
    from engine.max_pool import MaxPool2D

SIDE = 8
N_CLASSES = 10
LOSS = "cce_logits"


class Flatten:
    """The seam between images and columns: ``(N, F, H, W) <-> (F*H*W, N)``. No parameters."""

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._shape: tuple[int, ...] | None = None

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self._shape = x.shape
        return x.reshape(x.shape[0], -1).T

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout.T.reshape(self._shape)


class SmallCNN:
    """``filters`` convolution filters of ``kernel x kernel`` pixels, then one dense layer to 10 classes."""

    def __init__(self, filters: int = 8, kernel: int = 3, seed: int = 0):
        if kernel % 2 != 1:
            raise ValueError("the kernel size must be odd, so that padding keeps the 8x8 size")
        rng = np.random.default_rng(seed)
        self.filters, self.kernel = int(filters), int(kernel)
        self.conv = Conv2D(1, self.filters, self.kernel, padding=self.kernel // 2, rng=rng)
        self.relu = ActivationLayer("relu")
        self.pool = MaxPool2D(2)
        self.flatten = Flatten()
        self.dense = Dense(self.filters * (SIDE // 2) ** 2, N_CLASSES, init="xavier_normal", rng=rng)
        self.layers = [self.conv, self.relu, self.pool, self.flatten, self.dense]
        self.output: np.ndarray | None = None
        # The layers' own arrays under flat names: an optimiser updating these updates the layers.
        self.params = {f"{name}.{k}": v for name, layer in self._named() for k, v in layer.params.items()}

    def _named(self):
        return (("conv", self.conv), ("dense", self.dense))

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """The gradients of the last backward pass, under the names of :attr:`params`."""
        return {f"{name}.{k}": v for name, layer in self._named() for k, v in layer.grads.items()}

    def forward(self, X, training: bool = False) -> np.ndarray:
        """Logits ``(10, m)`` for images given as columns ``X (64, m)`` (row-major pixels)."""
        x = np.asarray(X, dtype=np.float64)
        if x.ndim == 1:
            x = x[:, None]
        if x.shape[0] != SIDE * SIDE:
            raise ValueError(f"input has {x.shape[0]} rows, the network expects {SIDE * SIDE} pixels")
        x = x.T.reshape(-1, 1, SIDE, SIDE)
        for layer in self.layers:
            x = layer.forward(x, training=training)
        self.output = x
        return x

    def loss_value(self, loss_name: str, Y) -> float:
        return get_loss(_checked(loss_name)).value(self.output, Y)

    def backward_from_loss(self, loss_name: str, Y) -> float:
        loss = get_loss(_checked(loss_name))
        grad = loss.gradient(self.output, Y)  # (softmax(z) - y) / m
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return loss.value(self.output, Y)

    def probabilities(self, X) -> np.ndarray:
        """softmax of the logits, ``(10, m)``."""
        return np.exp(log_softmax(self.forward(X, training=False)))

    def feature_maps(self, image) -> dict[str, np.ndarray]:
        """What one image ``(8, 8)`` becomes: the convolution ``(F, 8, 8)`` after ReLU and the pooled ``(F, 4, 4)``."""
        x = np.asarray(image, dtype=np.float64).reshape(1, 1, SIDE, SIDE)
        relu = self.relu.forward(self.conv.forward(x, training=False), training=False)
        pooled = self.pool.forward(relu, training=False)
        return {"relu": relu[0], "pooled": pooled[0]}

    def to_dict(self) -> dict:
        """Architecture and weights as JSON-able data; :meth:`from_dict` rebuilds the network."""
        return {
            "filters": self.filters,
            "kernel": self.kernel,
            "conv": {"W": self.conv.params["W"].tolist(), "b": self.conv.params["b"].tolist()},
            "dense": {"W": self.dense.params["W"].tolist(), "b": self.dense.params["b"].tolist()},
        }

    @classmethod
    def from_dict(cls, d: dict) -> "SmallCNN":
        """Inverse of :meth:`to_dict`; shapes are checked, so foreign weights fail with a clear message."""
        net = cls(int(d["filters"]), int(d["kernel"]), seed=0)
        for layer, key in ((net.conv, "conv"), (net.dense, "dense")):
            for name, target in layer.params.items():
                value = np.asarray(d[key][name], dtype=np.float64)
                if value.shape != target.shape:
                    raise ValueError(f"{key}.{name}: shape {value.shape}, expected {target.shape}")
                target[...] = value
        return net


def _checked(loss_name: str) -> str:
    if loss_name != LOSS:
        raise ValueError(f"SmallCNN is trained with {LOSS!r}, not {loss_name!r}")
    return loss_name
