"""Conv2D against PyTorch (golden JSON), against finite differences, and on hand-worked cases."""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.layers import Conv2D

CASES = json.loads((Path(__file__).parents[2] / "golden" / "beyond.json").read_text())["conv2d"]
TOL = {"rtol": 1e-10, "atol": 1e-12}


def layer_for(case):
    cfg = case["config"]
    layer = Conv2D(cfg["in_channels"], cfg["out_channels"], tuple(cfg["kernel_size"]), stride=cfg["stride"], padding=cfg["padding"], seed=0)
    layer.params["W"] = np.array(case["W"])
    layer.params["b"] = np.array(case["b"])
    return layer


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_forward_and_gradients_match_torch(case):
    layer = layer_for(case)
    out = layer.forward(np.array(case["x"]))
    np.testing.assert_allclose(out, case["out"], **TOL)
    dx = layer.backward(np.array(case["dout"]))
    np.testing.assert_allclose(dx, case["dx"], **TOL)
    np.testing.assert_allclose(layer.grads["W"], case["dW"], **TOL)
    np.testing.assert_allclose(layer.grads["b"], case["db"], **TOL)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_gradients_match_finite_differences(case, gradient_errors):
    layer = layer_for(case)
    x, dout = np.array(case["x"]), np.array(case["dout"])
    layer.forward(x)
    dx = layer.backward(dout)
    errors = gradient_errors(
        lambda: np.sum(layer.forward(x) * dout),
        {"x": (x, dx), "W": (layer.params["W"], layer.grads["W"]), "b": (layer.params["b"], layer.grads["b"])},
    )
    assert max(errors.values()) < 1e-6, errors


def test_vertical_edge_filter_fires_only_across_the_edge():
    # Image: two dark columns then three bright ones. The filter
    # [-1, 0, 1] in every row subtracts a window's left column from its right
    # column and adds up the three rows: 3 where the window straddles the edge,
    # 0 where it sees only bright pixels.
    x = np.zeros((1, 1, 3, 5))
    x[..., 2:] = 1.0
    layer = Conv2D(1, 1, 3, seed=0)
    layer.params["W"] = np.array([[[[-1.0, 0.0, 1.0]] * 3]])
    layer.params["b"] = np.zeros(1)
    np.testing.assert_array_equal(layer.forward(x), [[[[3.0, 3.0, 0.0]]]])


def test_bias_is_added_to_every_position_of_its_channel():
    layer = Conv2D(2, 3, 2, seed=0)
    layer.params["W"] = np.zeros_like(layer.params["W"])
    layer.params["b"] = np.array([1.0, -2.0, 0.5])
    out = layer.forward(np.random.default_rng(0).standard_normal((2, 2, 4, 4)))
    assert out.shape == (2, 3, 3, 3)
    for f, bias in enumerate([1.0, -2.0, 0.5]):
        assert np.all(out[:, f] == bias)


def test_bias_gradient_sums_the_upstream_gradient_over_images_and_positions():
    layer = Conv2D(1, 2, 3, padding=1, seed=0)
    layer.forward(np.zeros((3, 1, 4, 4)))
    layer.backward(np.ones((3, 2, 4, 4)))
    np.testing.assert_array_equal(layer.grads["b"], [3 * 16, 3 * 16])


@pytest.mark.parametrize(
    "kernel, stride, padding, expected",
    [(3, 1, 0, (2, 4, 8, 10)), (3, 2, 1, (2, 4, 5, 6)), ((2, 4), 3, 0, (2, 4, 3, 3)), (5, 1, 2, (2, 4, 10, 12))],
)
def test_output_shape(kernel, stride, padding, expected):
    layer = Conv2D(3, 4, kernel, stride=stride, padding=padding, seed=0)
    x = np.zeros((2, 3, 10, 12))
    assert layer.output_shape(x.shape) == expected
    assert layer.forward(x).shape == expected


def test_parameter_shapes_and_default_init_bounds():
    layer = Conv2D(3, 8, 5, seed=1)
    assert layer.params["W"].shape == (8, 3, 5, 5)
    assert layer.params["b"].shape == (8,)
    assert layer.params["W"].dtype == np.float64
    bound = 1.0 / np.sqrt(3 * 5 * 5)
    assert np.abs(layer.params["W"]).max() <= bound
    assert np.abs(layer.params["b"]).max() <= bound
    # 600 uniform draws spread over most of the interval, not a tiny corner of it.
    assert np.abs(layer.params["W"]).max() > 0.9 * bound
    assert set(layer.grads) == set(layer.params)


def test_init_is_reproducible_from_a_seed_or_a_generator():
    a, b = Conv2D(2, 3, 3, seed=7), Conv2D(2, 3, 3, seed=7)
    np.testing.assert_array_equal(a.params["W"], b.params["W"])
    assert not np.array_equal(a.params["W"], Conv2D(2, 3, 3, seed=8).params["W"])
    c = Conv2D(2, 3, 3, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.params["W"], c.params["W"])
    with pytest.raises(ValueError):
        Conv2D(2, 3, 3)  # neither rng nor seed: unseeded randomness is refused


def test_rejects_wrong_channel_count_and_backward_before_forward():
    layer = Conv2D(3, 2, 3, seed=0)
    with pytest.raises(ValueError):
        layer.forward(np.zeros((1, 2, 5, 5)))
    with pytest.raises(RuntimeError):
        layer.backward(np.zeros((1, 2, 3, 3)))
    layer.forward(np.zeros((1, 3, 5, 5)))
    with pytest.raises(ValueError):
        layer.backward(np.zeros((1, 2, 4, 4)))


def test_rejects_invalid_hyperparameters():
    with pytest.raises(ValueError):
        Conv2D(3, 2, 0)
    with pytest.raises(ValueError):
        Conv2D(3, 2, 3, stride=0)
    with pytest.raises(ValueError):
        Conv2D(3, 2, 3, padding=-1)
