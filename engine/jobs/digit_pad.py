"""A digit drawn on the page's pad, turned into the 8x8 form the digits data set uses.

The data set's images were made this way (Alpaydin and Kaynak, 1998): each
handwritten digit was scanned to a 32x32 black-and-white bitmap, size-normalised
and centred, then divided into non-overlapping 4x4 blocks, and every block
became the count of its black pixels (0..16). The pad sends its ink as a 32x32
grid of coverage values in [0, 1]; here the ink is thresholded at one half,
cropped to its bounding box, scaled (keeping its aspect ratio) to the height of
the frame -- at most :data:`MAX_WIDTH` pixels wide, as the data set's digits
are -- centred, and counted per block. The result is divided by 16, the scale
the network was trained on.
"""

from __future__ import annotations

import numpy as np

PAD = 32
BLOCK = 4
MAX_WIDTH = 28  # the data set's digits leave the outer columns nearly empty


def normalise(ink: np.ndarray) -> np.ndarray:
    """Crop a 32x32 binary bitmap to its ink, rescale it (nearest pixel) to fit the frame, centre it."""
    rows, cols = np.nonzero(ink)
    crop = ink[rows.min(): rows.max() + 1, cols.min(): cols.max() + 1]
    h, w = crop.shape
    scale = min(PAD / h, MAX_WIDTH / w)
    H, W = max(1, min(PAD, round(h * scale))), max(1, min(PAD, round(w * scale)))
    # nearest source pixel of every target pixel's centre
    src_r = np.minimum((np.arange(H) + 0.5) * h / H, h - 1).astype(int)
    src_c = np.minimum((np.arange(W) + 0.5) * w / W, w - 1).astype(int)
    out = np.zeros((PAD, PAD), dtype=bool)
    top, left = (PAD - H) // 2, (PAD - W) // 2
    out[top: top + H, left: left + W] = crop[np.ix_(src_r, src_c)]
    return out


def pad_to_pixels(coverage) -> np.ndarray:
    """``(32, 32)`` ink coverage in [0, 1] -> ``(8, 8)`` pixel values in [0, 1] (block counts / 16).

    Raises ValueError when nothing is drawn.
    """
    grid = np.asarray(coverage, dtype=np.float64)
    if grid.shape != (PAD, PAD):
        raise ValueError(f"the pad must be {PAD} x {PAD}, got {grid.shape}")
    ink = grid >= 0.5
    if not ink.any():
        raise ValueError("the pad is empty: draw a digit first")
    bitmap = normalise(ink)
    n = PAD // BLOCK
    return bitmap.reshape(n, BLOCK, n, BLOCK).sum(axis=(1, 3)) / (BLOCK * BLOCK)
