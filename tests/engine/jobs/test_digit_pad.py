"""From the pad's 32x32 ink to the data set's 8x8 block counts."""

from __future__ import annotations

import numpy as np
import pytest

from engine.jobs.digit_pad import pad_to_pixels


def test_a_full_height_bar_becomes_block_counts_over_16():
    pad = np.zeros((32, 32))
    pad[0:32, 12:16] = 1.0  # 4 pixels wide, already full height: kept as drawn, centred
    pixels = pad_to_pixels(pad)
    assert pixels.shape == (8, 8)
    assert set(np.unique(pixels)) <= {k / 16 for k in range(17)}
    assert pixels.sum() == pytest.approx(32 * 4 / 16)  # ink preserved: 128 pixels = 8 full blocks


def test_a_small_digit_is_scaled_to_the_frame_and_centred():
    small = np.zeros((32, 32))
    small[2:10, 2:6] = 1.0  # a little mark in the corner
    pixels = pad_to_pixels(small)
    rows = np.nonzero(pixels.sum(axis=1))[0]
    cols = np.nonzero(pixels.sum(axis=0))[0]
    assert rows.min() == 0 and rows.max() == 7  # full height, as in the data set
    assert cols.min() + cols.max() == 7  # centred left to right


def test_faint_ink_below_one_half_does_not_count_and_an_empty_pad_is_refused():
    faint = np.full((32, 32), 0.49)
    with pytest.raises(ValueError, match="empty"):
        pad_to_pixels(faint)
    with pytest.raises(ValueError, match="32 x 32"):
        pad_to_pixels(np.ones((8, 8)))
