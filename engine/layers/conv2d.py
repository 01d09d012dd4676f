"""A 2-D convolution layer (strictly: cross-correlation, as in every framework).

Layout: images are ``(N, C, H, W)`` -- sample, channel, row, column.

This differs on purpose from the dense layers, which store one sample per
*column* ``(n, m)`` so that the book's ``z = W x + b`` reads as written. An
image is not a vector: its rows and columns carry spatial meaning that the
filters slide over, so it keeps its own two axes, and channels come before
them because that is the layout of PyTorch, of most datasets stored for it,
and of the book's reference values. A network that feeds a convolution into
a dense layer flattens ``(N, F, OH, OW)`` to ``(F*OH*OW, N)`` at the seam.

With filters ``W (F, C, kh, kw)`` and biases ``b (F,)``, output channel ``f``
at position ``(p, q)`` of image ``n`` is

    out[n, f, p, q] = b[f] + sum_{c, i, j} W[f, c, i, j] * xp[n, c, p*s + i, q*s + j]

where ``xp`` is ``x`` zero-padded by ``padding`` on every side and ``s`` is
the stride; ``OH = (H + 2*padding - kh) // s + 1`` (likewise ``OW``). The same
small filter is reused at every position ("parameter sharing"), which is why
a convolution has ``F*C*kh*kw + F`` parameters however large the image.

Computed with im2col (see :mod:`engine.layers.im2col`): ``out_col = W_col @ cols + b``.
Backward, with ``G = dL/dout`` rearranged to ``G_col (F, N*OH*OW)``:

    dW = G_col @ cols.T        db = G_col summed over its columns
    dx = col2im(W_col.T @ G_col)
"""

from __future__ import annotations

import numpy as np

from ..checks import non_negative_int, positive_int
from ..initializers import generator_from
from .fan_in_uniform import fan_in_uniform
from .im2col import as_pair, col2im, conv_output_size, im2col


class Conv2D:
    """Convolution of ``(N, C, H, W)`` images with ``F`` learnable ``(C, kh, kw)`` filters.

    Parameters
    ----------
    in_channels, out_channels : int >= 1
        ``C`` and ``F``.
    kernel_size : int >= 1 or (kh, kw)
        Filter height and width.
    stride : int >= 1;  padding : int >= 0
        Applied to both spatial axes.
    seed, rng : int or numpy.random.Generator
        Where the initial values are drawn from (one of them is required).

    Shapes
    ------
    ``W (F, C, kh, kw)`` and ``b (F,)``, initialised from
    ``U(-1/sqrt(C*kh*kw), +1/sqrt(C*kh*kw))`` like ``torch.nn.Conv2d``;
    ``grads`` holds arrays of the same shapes after :meth:`backward`.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        *,
        stride: int = 1,
        padding: int = 0,
        seed: int | None = None,
        rng: np.random.Generator | None = None,
    ):
        self.in_channels = positive_int(in_channels, "in_channels")
        self.out_channels = positive_int(out_channels, "out_channels")
        kh, kw = as_pair(kernel_size)
        self.kernel_size = (positive_int(kh, "kernel_size"), positive_int(kw, "kernel_size"))
        self.stride = positive_int(stride, "stride")
        self.padding = non_negative_int(padding, "padding")
        generator = generator_from(seed, rng, needed_by="Conv2D")
        fan_in = self.in_channels * kh * kw
        self.params = {
            "W": fan_in_uniform(generator, (self.out_channels, self.in_channels, kh, kw), fan_in),
            "b": fan_in_uniform(generator, (self.out_channels,), fan_in),
        }
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self._cache = None

    def output_shape(self, x_shape: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """``(N, F, OH, OW)`` for an input of shape ``(N, C, H, W)``."""
        N, _, H, W = x_shape
        kh, kw = self.kernel_size
        return (
            N,
            self.out_channels,
            conv_output_size(H, kh, self.stride, self.padding),
            conv_output_size(W, kw, self.stride, self.padding),
        )

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """``x (N, C, H, W) -> out (N, F, OH, OW)``; caches the im2col matrix for backward.

        ``training`` is accepted for the common layer contract; a convolution
        behaves the same in training and evaluation.
        """
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"Conv2D expects (N, {self.in_channels}, H, W), got shape {x.shape}")
        kh, kw = self.kernel_size
        out_shape = self.output_shape(x.shape)
        cols = im2col(x, kh, kw, self.stride, self.padding)  # (C*kh*kw, N*OH*OW)
        W_col = self.params["W"].reshape(self.out_channels, -1)  # (F, C*kh*kw)
        out_col = W_col @ cols + self.params["b"][:, None]  # (F, N*OH*OW)
        N, F, OH, OW = out_shape
        self._cache = (x.shape, cols)
        # Columns are ordered (n, oh, ow): bring the sample axis back to the front.
        return out_col.reshape(F, N, OH, OW).transpose(1, 0, 2, 3)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """``dout = dL/dout (N, F, OH, OW) -> dL/dx (N, C, H, W)``; fills ``grads["W"]``, ``grads["b"]``."""
        if self._cache is None:
            raise RuntimeError("Conv2D.backward called before forward")
        x_shape, cols = self._cache
        dout = np.asarray(dout, dtype=np.float64)
        expected = self.output_shape(x_shape)
        if dout.shape != expected:
            raise ValueError(f"Conv2D.backward expects dout of shape {expected}, got {dout.shape}")
        kh, kw = self.kernel_size
        dout_col = dout.transpose(1, 0, 2, 3).reshape(self.out_channels, -1)  # (F, N*OH*OW)
        W_col = self.params["W"].reshape(self.out_channels, -1)
        self.grads["W"] = (dout_col @ cols.T).reshape(self.params["W"].shape)
        self.grads["b"] = dout_col.sum(axis=1)
        dcols = W_col.T @ dout_col  # (C*kh*kw, N*OH*OW)
        return col2im(dcols, x_shape, kh, kw, self.stride, self.padding)
