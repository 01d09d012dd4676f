"""im2col / col2im: the window layout, the adjoint identity, and the output-size rule."""

import numpy as np
import pytest

from engine.layers.im2col import as_pair, col2im, conv_output_size, im2col

# (N, C, H, W, kh, kw, stride, padding): square and rectangular windows,
# overlapping and gapped strides, with and without padding.
CONFIGS = [
    (2, 3, 5, 5, 3, 3, 1, 0),
    (1, 2, 7, 6, 3, 3, 2, 1),
    (2, 1, 8, 9, 2, 3, 3, 2),
    (3, 2, 4, 4, 1, 1, 1, 0),
    (1, 1, 6, 6, 3, 3, 2, 0),
]


def windows_by_loops(x, kh, kw, stride, padding):
    """The definition of im2col written as plain loops: one column per (n, oh, ow)."""
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    OH = (H + 2 * padding - kh) // stride + 1
    OW = (W + 2 * padding - kw) // stride + 1
    columns = []
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                top, left = oh * stride, ow * stride
                columns.append(xp[n, :, top : top + kh, left : left + kw].reshape(-1))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("config", CONFIGS)
def test_im2col_columns_are_the_windows(config):
    N, C, H, W, kh, kw, stride, padding = config
    x = np.random.default_rng(0).standard_normal((N, C, H, W))
    np.testing.assert_array_equal(im2col(x, kh, kw, stride, padding), windows_by_loops(x, kh, kw, stride, padding))


@pytest.mark.parametrize("config", CONFIGS)
def test_col2im_is_the_adjoint_of_im2col(config):
    # <im2col(x), Y> = <x, col2im(Y)> for all x, Y is what makes col2im the
    # correct backward pass of im2col.
    N, C, H, W, kh, kw, stride, padding = config
    rng = np.random.default_rng(1)
    x = rng.standard_normal((N, C, H, W))
    cols = im2col(x, kh, kw, stride, padding)
    Y = rng.standard_normal(cols.shape)
    lhs = np.sum(cols * Y)
    rhs = np.sum(x * col2im(Y, x.shape, kh, kw, stride, padding))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-12)


def test_col2im_of_ones_counts_how_many_windows_cover_each_pixel():
    # 3x3 windows, stride 1, on a 4x4 image: 2x2 window positions. A corner
    # lies in one window, an edge pixel next to it in two, the four centre
    # pixels in all four.
    ones = np.ones((9, 4))
    coverage = col2im(ones, (1, 1, 4, 4), 3, 3, stride=1, padding=0)[0, 0]
    expected = np.array(
        [
            [1, 2, 2, 1],
            [2, 4, 4, 2],
            [2, 4, 4, 2],
            [1, 2, 2, 1],
        ],
        dtype=float,
    )
    np.testing.assert_array_equal(coverage, expected)


def test_col2im_leaves_pixels_outside_every_window_at_zero():
    # 6 pixels, 3-wide windows, stride 2: windows start at 0 and 2 and end at
    # index 4, so the last row and column are never read.
    coverage = col2im(np.ones((9, 4)), (1, 1, 6, 6), 3, 3, stride=2, padding=0)[0, 0]
    assert np.all(coverage[5, :] == 0) and np.all(coverage[:, 5] == 0)
    assert coverage[2, 2] == 4  # shared by all four windows


def test_padding_shows_up_as_zeros_in_the_columns():
    x = np.ones((1, 1, 2, 2))
    cols = im2col(x, 3, 3, stride=1, padding=1)  # 2x2 positions, each 3x3 window
    assert cols.shape == (9, 4)
    # Every 3x3 window on the padded 4x4 image holds the 4 ones and 5 zeros.
    np.testing.assert_array_equal(cols.sum(axis=0), [4, 4, 4, 4])


@pytest.mark.parametrize(
    "size, kernel, stride, padding, expected",
    [(7, 3, 1, 0, 5), (7, 3, 2, 1, 4), (6, 3, 2, 0, 2), (8, 2, 3, 2, 4), (3, 3, 1, 0, 1)],
)
def test_conv_output_size(size, kernel, stride, padding, expected):
    assert conv_output_size(size, kernel, stride, padding) == expected


@pytest.mark.parametrize("size, kernel, stride, padding", [(2, 3, 1, 0), (5, 0, 1, 0), (5, 3, 0, 0), (5, 3, 1, -1)])
def test_conv_output_size_rejects_impossible_settings(size, kernel, stride, padding):
    with pytest.raises(ValueError):
        conv_output_size(size, kernel, stride, padding)


def test_im2col_rejects_non_image_input():
    with pytest.raises(ValueError):
        im2col(np.zeros((3, 4, 4)), 2, 2)


def test_col2im_rejects_columns_of_the_wrong_shape():
    with pytest.raises(ValueError):
        col2im(np.zeros((9, 5)), (1, 1, 4, 4), 3, 3)


def test_as_pair():
    assert as_pair(3) == (3, 3)
    assert as_pair((2, 5)) == (2, 5)
