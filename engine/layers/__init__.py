"""Layers with one contract: ``params``/``grads`` dicts with equal keys,
``forward(x, training=True)`` caching what ``backward(dout)`` needs, and
``backward`` returning the gradient for the input. Shapes are column-per-sample
``(features, m)``."""

from .activation_layer import ActivationLayer
from .batch_norm import BatchNorm
from .dense import Dense
from .dropout import DROPOUT_MODES, Dropout

__all__ = ["ActivationLayer", "BatchNorm", "Dense", "Dropout", "DROPOUT_MODES"]
