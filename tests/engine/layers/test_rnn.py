"""RNN and backpropagation through time against torch.nn.RNN (golden JSON) and finite differences."""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.layers import RNN

CASES = json.loads((Path(__file__).parents[2] / "golden" / "beyond.json").read_text())["rnn"]
TOL = {"rtol": 1e-10, "atol": 1e-12}


def layer_for(case):
    layer = RNN(case["n_x"], case["n_h"], seed=0)
    layer.params["W_xh"] = np.array(case["W_xh"])
    layer.params["W_hh"] = np.array(case["W_hh"])
    # torch adds two biases inside the tanh; only their sum matters.
    layer.params["b_h"] = (np.array(case["b_ih"]) + np.array(case["b_hh"]))[:, None]
    return layer


def h0_for(case):
    return None if case["h0"] is None else np.array(case["h0"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_forward_and_backpropagation_through_time_match_torch(case):
    layer = layer_for(case)
    assert len(case["xs"]) >= 4  # long enough for gradients to travel several steps back
    hs = layer.forward(np.array(case["xs"]), h0_for(case))
    np.testing.assert_allclose(hs, case["hs"], **TOL)
    dxs = layer.backward(np.array(case["dhs"]))
    np.testing.assert_allclose(dxs, case["dxs"], **TOL)
    np.testing.assert_allclose(layer.grads["W_xh"], case["dW_xh"], **TOL)
    np.testing.assert_allclose(layer.grads["W_hh"], case["dW_hh"], **TOL)
    # Each of torch's two biases receives the full gradient of their sum.
    np.testing.assert_allclose(layer.grads["b_h"][:, 0], case["db_ih"], **TOL)
    np.testing.assert_allclose(layer.grads["b_h"][:, 0], case["db_hh"], **TOL)
    np.testing.assert_allclose(layer.dh0, case["dh0"], **TOL)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_gradients_match_finite_differences(case, gradient_errors):
    layer = layer_for(case)
    xs, dhs = np.array(case["xs"]), np.array(case["dhs"])
    h0 = h0_for(case)
    if h0 is None:
        h0 = np.zeros((case["n_h"], xs.shape[2]))
    layer.forward(xs, h0)
    dxs = layer.backward(dhs)
    pairs = {"xs": (xs, dxs), "h0": (h0, layer.dh0)}
    pairs.update({name: (layer.params[name], layer.grads[name]) for name in layer.params})
    errors = gradient_errors(lambda: np.sum(layer.forward(xs, h0) * dhs), pairs)
    assert max(errors.values()) < 1e-6, errors


def test_one_step_is_the_formula():
    layer = RNN(2, 3, seed=5)
    x = np.array([[0.5, -1.0], [2.0, 0.25]])  # (n_x, m) with m = 2
    h0 = np.array([[0.1, 0.0], [-0.2, 0.3], [0.0, 0.4]])
    P = layer.params
    expected = np.tanh(P["W_xh"] @ x + P["W_hh"] @ h0 + P["b_h"])
    np.testing.assert_allclose(layer.forward(x[None], h0)[0], expected, rtol=1e-14)


def test_a_hidden_state_depends_only_on_the_past():
    layer = RNN(3, 4, seed=1)
    xs = np.random.default_rng(2).standard_normal((6, 3, 2))
    before = layer.forward(xs).copy()
    xs[3] += 1.0
    after = layer.forward(xs)
    np.testing.assert_array_equal(after[:3], before[:3])
    assert np.all(np.abs(after[3:] - before[3:]).max(axis=(1, 2)) > 0)


def test_gradient_reaches_back_only_from_later_steps():
    # A loss on h_2 alone (0-based index 2) cannot depend on x_3 or later.
    layer = RNN(2, 3, seed=3)
    xs = np.random.default_rng(4).standard_normal((5, 2, 1))
    layer.forward(xs)
    dhs = np.zeros((5, 3, 1))
    dhs[2] = 1.0
    dxs = layer.backward(dhs)
    assert np.all(dxs[3:] == 0)
    assert np.all(np.abs(dxs[:3]).sum(axis=(1, 2)) > 0)


def test_zero_h0_is_the_default():
    layer = RNN(2, 3, seed=6)
    xs = np.random.default_rng(7).standard_normal((4, 2, 5))
    np.testing.assert_array_equal(layer.forward(xs), layer.forward(xs, np.zeros((3, 5))))


def test_parameter_shapes_and_default_init_bounds():
    layer = RNN(5, 4, seed=0)
    shapes = {name: value.shape for name, value in layer.params.items()}
    assert shapes == {"W_xh": (4, 5), "W_hh": (4, 4), "b_h": (4, 1)}
    bound = 1.0 / np.sqrt(4)  # torch.nn.RNN scales all parameters by 1/sqrt(hidden size)
    assert all(np.abs(value).max() <= bound for value in layer.params.values())
    assert set(layer.grads) == set(layer.params)
    np.testing.assert_array_equal(RNN(5, 4, seed=0).params["W_hh"], layer.params["W_hh"])
    with pytest.raises(ValueError):
        RNN(5, 4)  # neither rng nor seed


def test_rejects_bad_shapes_and_backward_before_forward():
    layer = RNN(3, 2, seed=0)
    with pytest.raises(RuntimeError):
        layer.backward(np.zeros((4, 2, 1)))
    with pytest.raises(ValueError):
        layer.forward(np.zeros((4, 2, 1)))  # n_x is 3
    with pytest.raises(ValueError):
        layer.forward(np.zeros((4, 3, 1)), h0=np.zeros((2, 2)))
    layer.forward(np.zeros((4, 3, 1)))
    with pytest.raises(ValueError):
        layer.backward(np.zeros((3, 2, 1)))
