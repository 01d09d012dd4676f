"""im2col and col2im: turn a sliding-window operation into one matrix product.

A convolution (or a pooling) looks at every ``kh x kw`` window of a padded
image. ``im2col`` copies each window into one column of a matrix, so that a
convolution with ``F`` filters becomes a single product

    out_col (F, N*OH*OW) = W_col (F, C*kh*kw) @ cols (C*kh*kw, N*OH*OW)

which NumPy runs in optimized BLAS instead of nested Python loops. The price
is memory: every input pixel is copied once per window that covers it.

Layout (shared by both functions and by the layers that use them):

* images ``x`` are ``(N, C, H, W)``;
* a row of ``cols`` is indexed by ``(c, i, j)`` in C order, i.e. row
  ``c*kh*kw + i*kw + j`` holds channel ``c`` at window offset ``(i, j)``; this
  is exactly the order of ``W.reshape(F, C*kh*kw)`` for filters ``W (F, C, kh, kw)``;
* a column of ``cols`` is indexed by ``(n, oh, ow)`` in C order: image ``n``,
  window at output position ``(oh, ow)``, whose top-left corner is at
  ``(oh*stride, ow*stride)`` in the zero-padded image.

``col2im`` is the adjoint (transpose) of ``im2col``, not its inverse: a pixel
covered by several windows receives the *sum* of their entries. That sum is
exactly what backpropagation needs, since the pixel influenced each window.
"""

from __future__ import annotations

import numpy as np


def as_pair(value: int | tuple[int, int]) -> tuple[int, int]:
    """A window size as ``(kh, kw)``: ``3 -> (3, 3)``; a pair stays a pair (of ints)."""
    if isinstance(value, (tuple, list)):
        height, width = value
        return int(height), int(width)
    return int(value), int(value)


def conv_output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """Number of window positions along one axis: ``(size + 2*padding - kernel) // stride + 1``.

    Raises ``ValueError`` when the kernel does not fit even once, or when a
    hyper-parameter is out of range (kernel and stride >= 1, padding >= 0).
    """
    if kernel < 1 or stride < 1 or padding < 0:
        raise ValueError(
            f"need kernel >= 1, stride >= 1 and padding >= 0, got kernel={kernel}, stride={stride}, padding={padding}"
        )
    padded = size + 2 * padding
    if padded < kernel:
        raise ValueError(f"kernel {kernel} is larger than the padded input {padded}")
    return (padded - kernel) // stride + 1


def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Windows of ``x (N, C, H, W)`` as columns: returns ``(C*kh*kw, N*OH*OW)``.

    ``OH = (H + 2*padding - kh) // stride + 1`` and likewise ``OW``. Padding
    is with zeros. See the module docstring for the row and column order.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"im2col expects (N, C, H, W), got shape {x.shape}")
    N, C, H, W = x.shape
    OH = conv_output_size(H, kh, stride, padding)
    OW = conv_output_size(W, kw, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding))) if padding else x

    # Loop over the kh*kw window offsets (small) rather than the OH*OW window
    # positions (large): for a fixed offset (i, j), the pixels it sees in all
    # windows form one strided slice of the padded image.
    cols = np.empty((C, kh, kw, N, OH, OW), dtype=np.float64)
    for i in range(kh):
        rows = slice(i, i + stride * OH, stride)
        for j in range(kw):
            cols[:, i, j] = xp[:, :, rows, j : j + stride * OW : stride].transpose(1, 0, 2, 3)
    return cols.reshape(C * kh * kw, N * OH * OW)


def col2im(
    cols: np.ndarray, x_shape: tuple[int, int, int, int], kh: int, kw: int, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """Adjoint of :func:`im2col`: scatter-add columns ``(C*kh*kw, N*OH*OW)`` back to ``x_shape (N, C, H, W)``.

    For every ``x`` and ``Y`` of matching shapes,
    ``sum(im2col(x) * Y) == sum(x * col2im(Y, x.shape, ...))``; entries that
    fall on the zero padding are dropped.
    """
    N, C, H, W = x_shape
    OH = conv_output_size(H, kh, stride, padding)
    OW = conv_output_size(W, kw, stride, padding)
    cols = np.asarray(cols, dtype=np.float64)
    if cols.shape != (C * kh * kw, N * OH * OW):
        raise ValueError(f"col2im expects cols of shape {(C * kh * kw, N * OH * OW)}, got {cols.shape}")
    windows = cols.reshape(C, kh, kw, N, OH, OW)

    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding), dtype=np.float64)
    for i in range(kh):
        rows = slice(i, i + stride * OH, stride)
        for j in range(kw):
            # Within one offset (i, j) the strided slice hits distinct pixels,
            # so += accumulates correctly; overlaps come from different offsets.
            xp[:, :, rows, j : j + stride * OW : stride] += windows[:, i, j].transpose(1, 0, 2, 3)
    return xp[:, :, padding : padding + H, padding : padding + W]
