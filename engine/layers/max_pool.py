"""2-D max pooling: keep the largest value of every window, channel by channel.

Layout ``(N, C, H, W)``, as for :class:`engine.layers.Conv2D`. With a
``kh x kw`` window and stride ``s`` (default: the window size, so windows
tile the image without overlap),

    out[n, c, p, q] = max_{i < kh, j < kw} x[n, c, p*s + i, q*s + j]
    OH = (H - kh) // s + 1,   OW = (W - kw) // s + 1

Pixels past the last full window are ignored, as in ``torch.nn.MaxPool2d``
without padding or ``ceil_mode``.

Backward: the max is locally a copy of one input, so the whole upstream
gradient of a window flows to the position that held its maximum and none to
the others. When a window holds several equal maxima, the first in row-major
order wins (``numpy.argmax`` returns the first; PyTorch's CPU kernel does the
same). When windows overlap (``stride < kernel``), a pixel that is the maximum
of several windows receives the sum of their gradients.
"""

from __future__ import annotations

import numpy as np

from ..checks import positive_int
from .im2col import as_pair, col2im, conv_output_size, im2col


class MaxPool2D:
    """Max pooling over windows of ``kernel_size``.

    Parameters
    ----------
    kernel_size : int >= 1 or (kh, kw)
        Window height and width.
    stride : int >= 1, optional
        Step between windows on both axes; default the window size (no overlap).

    Shapes
    ------
    Input ``(N, C, H, W)``, output ``(N, C, OH, OW)``. No parameters:
    ``params`` and ``grads`` are empty dicts, kept for the layer contract.
    """

    def __init__(self, kernel_size: int | tuple[int, int], *, stride: int | None = None):
        kh, kw = as_pair(kernel_size)
        self.kernel_size = (positive_int(kh, "kernel_size"), positive_int(kw, "kernel_size"))
        if stride is None and kh != kw:
            raise ValueError("stride: a non-square window needs an explicit int stride")
        # Like torch, the default stride equals the window: non-overlapping pooling.
        self.stride = positive_int(stride if stride is not None else kh, "stride")
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._cache = None

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """``x (N, C, H, W) -> out (N, C, OH, OW)``; caches where each maximum was."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 4:
            raise ValueError(f"MaxPool2D expects (N, C, H, W), got shape {x.shape}")
        N, C, H, W = x.shape
        kh, kw = self.kernel_size
        OH = conv_output_size(H, kh, self.stride, 0)
        OW = conv_output_size(W, kw, self.stride, 0)
        # Treat every channel as its own one-channel image, so that each column
        # of `cols` is exactly one pooling window: (kh*kw, N*C*OH*OW).
        cols = im2col(x.reshape(N * C, 1, H, W), kh, kw, self.stride, 0)
        argmax = np.argmax(cols, axis=0)  # first maximum on ties
        out = cols[argmax, np.arange(cols.shape[1])]
        self._cache = (x.shape, (N, C, OH, OW), argmax)
        return out.reshape(N, C, OH, OW)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """``dL/dout (N, C, OH, OW) -> dL/dx (N, C, H, W)``, routing each gradient to its window's argmax."""
        if self._cache is None:
            raise RuntimeError("MaxPool2D.backward called before forward")
        x_shape, out_shape, argmax = self._cache
        N, C, H, W = x_shape
        kh, kw = self.kernel_size
        dout = np.asarray(dout, dtype=np.float64)
        if dout.shape != out_shape:
            raise ValueError(f"MaxPool2D.backward expects dout of shape {out_shape}, got {dout.shape}")
        dcols = np.zeros((kh * kw, argmax.size), dtype=np.float64)
        dcols[argmax, np.arange(argmax.size)] = dout.reshape(-1)
        dx = col2im(dcols, (N * C, 1, H, W), kh, kw, self.stride, 0)
        return dx.reshape(x_shape)
