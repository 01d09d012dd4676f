"""MaxPool2D against PyTorch (golden JSON, including ties), finite differences and hand-worked cases."""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.layers import MaxPool2D

CASES = json.loads((Path(__file__).parents[2] / "golden" / "beyond.json").read_text())["max_pool"]
TOL = {"rtol": 1e-12, "atol": 1e-14}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_forward_and_input_gradient_match_torch(case):
    # The "ties" cases hold small integers, so most windows have several equal
    # maxima: agreement there means the tie rule (first maximum) matches torch.
    pool = MaxPool2D(tuple(case["kernel_size"]), stride=case["stride"])
    np.testing.assert_allclose(pool.forward(np.array(case["x"])), case["out"], **TOL)
    np.testing.assert_allclose(pool.backward(np.array(case["dout"])), case["dx"], **TOL)


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 2), ((2, 3), 1)])
def test_input_gradient_matches_finite_differences(kernel, stride, gradient_errors):
    # Continuous random values: no ties, and the gap between a window's two
    # largest values is far above the 1e-6 step, so max is differentiable here.
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 2, 7, 6))
    pool = MaxPool2D(kernel, stride=stride)
    dout = rng.standard_normal(pool.forward(x).shape)
    dx = pool.backward(dout)
    errors = gradient_errors(lambda: np.sum(pool.forward(x) * dout), {"x": (x, dx)})
    assert errors["x"] < 1e-6, errors


def test_hand_worked_2x2_pooling():
    x = np.array(
        [
            [1.0, 5.0, 2.0, 0.0],
            [3.0, 4.0, 8.0, 1.0],
            [0.0, 0.0, 6.0, 7.0],
            [9.0, 2.0, 5.0, 6.5],
        ]
    )[None, None]
    pool = MaxPool2D(2)
    np.testing.assert_array_equal(pool.forward(x)[0, 0], [[5.0, 8.0], [9.0, 7.0]])
    dx = pool.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))[0, 0]
    expected = np.zeros((4, 4))
    expected[0, 1], expected[1, 2], expected[3, 0], expected[2, 3] = 10.0, 20.0, 30.0, 40.0
    np.testing.assert_array_equal(dx, expected)


def test_tie_sends_the_whole_gradient_to_the_first_maximum_in_row_major_order():
    x = np.full((1, 1, 2, 2), 3.0)
    pool = MaxPool2D(2)
    pool.forward(x)
    np.testing.assert_array_equal(pool.backward(np.ones((1, 1, 1, 1)))[0, 0], [[1.0, 0.0], [0.0, 0.0]])


def test_overlapping_windows_add_their_gradients_at_a_shared_maximum():
    # 3x3 windows with stride 1 on a 4x4 image: the four windows all contain
    # the centre pixel (1, 1), which holds the global maximum.
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 1] = 5.0
    pool = MaxPool2D(3, stride=1)
    np.testing.assert_array_equal(pool.forward(x), np.full((1, 1, 2, 2), 5.0))
    dx = pool.backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]))
    assert dx[0, 0, 1, 1] == 10.0
    assert np.count_nonzero(dx) == 1


def test_channels_and_images_are_pooled_independently():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 2, 4, 4))
    whole = MaxPool2D(2).forward(x)
    for n in range(3):
        for c in range(2):
            alone = MaxPool2D(2).forward(x[n : n + 1, c : c + 1])
            np.testing.assert_array_equal(whole[n, c], alone[0, 0])


def test_default_stride_is_the_window_size_and_edges_that_do_not_fit_are_dropped():
    assert MaxPool2D(3).stride == 3
    assert MaxPool2D(2).forward(np.zeros((1, 1, 7, 5))).shape == (1, 1, 3, 2)


def test_has_no_parameters():
    pool = MaxPool2D(2)
    assert pool.params == {} and pool.grads == {}


def test_rejects_bad_use():
    with pytest.raises(ValueError):
        MaxPool2D(0)
    with pytest.raises(ValueError):
        MaxPool2D((2, 3))  # a non-square window needs an explicit stride
    pool = MaxPool2D(2)
    with pytest.raises(RuntimeError):
        pool.backward(np.zeros((1, 1, 2, 2)))
    with pytest.raises(ValueError):
        pool.forward(np.zeros((4, 4)))
    pool.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError):
        pool.backward(np.zeros((1, 1, 4, 1)))
