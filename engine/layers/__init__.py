"""Every layer of the engine, with one contract.

- Constructor: sizes first (positional), then keyword-only options; layers
  that draw random numbers take ``seed=<int>`` or ``rng=<Generator>``.
- ``params`` and ``grads``: dicts name -> float64 array with the same keys
  (empty for layers without learnable parameters).
- ``forward(x, training=False)``: returns the output and caches what
  ``backward`` needs. ``training=True`` only changes batch norm (batch
  statistics) and dropout (random masks); the default is inference, so a
  forward pass without the flag is a pure function of its input.
- ``backward(dout)``: takes dL/d(output), fills ``grads`` and returns
  dL/d(input).

Fully connected layers store one sample per *column* ``(features, m)``, so the
book's ``z = W x + b`` reads as written; images are ``(N, C, H, W)`` and
attention sequences ``(T, d_model)`` (see each module for why).
"""

from .activation_layer import ActivationLayer
from .attention import SelfAttention, causal_mask
from .batch_norm import BatchNorm
from .block import Block
from .conv2d import Conv2D
from .dense import Dense
from .dropout import DROPOUT_MODES, Dropout
from .max_pool import MaxPool2D
from .rnn import RNN

__all__ = [
    "ActivationLayer",
    "BatchNorm",
    "Block",
    "Conv2D",
    "DROPOUT_MODES",
    "Dense",
    "Dropout",
    "MaxPool2D",
    "RNN",
    "SelfAttention",
    "causal_mask",
]
