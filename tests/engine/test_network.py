"""The network: shapes and counts, whole-network gradient checks, parameters as lists, XOR."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.datasets import logic_gate, one_hot
from engine.gradient_check import gradient_check
from engine.initializers import initialize
from engine.losses import binary_cross_entropy_gradient
from engine.network import Network, layer_shapes
from engine.optimizers import get_optimizer
from engine.training import train

rng = np.random.default_rng(21)


def test_the_books_4_8_6_1_network_has_101_parameters():
    # 8*4 + 8 = 40, 6*8 + 6 = 54, 1*6 + 1 = 7
    assert layer_shapes([4, 8, 6, 1]) == [
        {"layer": 1, "W": [8, 4], "b": [8, 1], "params": 40},
        {"layer": 2, "W": [6, 8], "b": [6, 1], "params": 54},
        {"layer": 3, "W": [1, 6], "b": [1, 1], "params": 7},
    ]
    assert Network([4, 8, 6, 1], "relu", output_activation="sigmoid").param_count() == 101
    # batch norm adds gamma and beta per hidden unit: 2 * (8 + 6)
    assert Network([4, 8, 6, 1], "relu", output_activation="sigmoid", batch_norm=True).param_count() == 129


def test_activation_forms():
    net = Network([2, 3, 3, 1], "tanh", output_activation="sigmoid")
    assert [net.block(l).activation.name for l in (1, 2, 3)] == ["tanh", "tanh", "sigmoid"]
    same = Network([2, 3, 1], "relu")
    assert [same.block(l).activation.name for l in (1, 2)] == ["relu", "relu"]
    leaky = Network([2, 3, 1], [{"name": "leaky_relu", "params": {"alpha": 0.2}}, "linear"])
    assert leaky.block(1).activation.activation.params == {"alpha": 0.2}
    with pytest.raises(ValueError, match="need 2 activations"):
        Network([2, 3, 1], ["relu"])
    with pytest.raises(ValueError, match="output_activation"):
        Network([2, 3, 1], ["relu", "relu"], output_activation="sigmoid")


def test_default_init_is_he_for_relu_and_xavier_otherwise_drawn_from_the_seed():
    net = Network([3, 4, 2], ["relu", "sigmoid"], seed=42)
    g = np.random.default_rng(42)
    np.testing.assert_array_equal(net.block(1).dense.params["W"], initialize("he_normal", (4, 3), g))
    np.testing.assert_array_equal(net.block(2).dense.params["W"], initialize("xavier_normal", (2, 4), g))
    assert not net.block(1).dense.params["b"].any()
    same = Network([3, 4, 2], ["relu", "sigmoid"], seed=42)
    assert same.get_params() == net.get_params()
    assert Network([3, 4, 2], ["relu", "sigmoid"], seed=43).get_params() != net.get_params()


def test_forward_matches_the_layer_equations_and_trace_exposes_them():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    X = rng.normal(size=(2, 5))
    W1, b1 = net.block(1).dense.params["W"], net.block(1).dense.params["b"]
    W2, b2 = net.block(2).dense.params["W"], net.block(2).dense.params["b"]
    a1 = np.tanh(W1 @ X + b1)
    expected = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
    np.testing.assert_allclose(net.forward(X), expected, rtol=1e-14)
    trace = net.trace()
    assert [row["layer"] for row in trace] == [1, 2]
    np.testing.assert_allclose(trace[0]["a"], a1, rtol=1e-14)
    assert trace[0]["delta"] is None and trace[0]["dW"] is None  # no backward yet
    net.backward_from_loss("bce", (rng.random((1, 5)) > 0.5).astype(float))
    for row, n_prev in zip(net.trace(), (2, 3)):
        assert row["delta"].shape == row["z"].shape
        assert row["dW"].shape == (row["z"].shape[0], n_prev)


def test_backward_fills_one_delta_per_layer_and_the_recurrence_holds():
    net = Network([3, 4, 2], ["tanh", "linear"], seed=2)
    X = rng.normal(size=(3, 6))
    net.forward(X)
    dA = rng.normal(size=(2, 6))
    dX = net.backward(dA)
    deltas = net.deltas
    assert len(deltas) == 2
    np.testing.assert_allclose(deltas[1], dA)  # linear output: delta[L] = dA[L]
    a1 = net.trace()[0]["a"]
    np.testing.assert_allclose(deltas[0], (net.block(2).dense.params["W"].T @ deltas[1]) * (1 - a1**2), rtol=1e-13)
    np.testing.assert_allclose(net.gradients()[0]["W"], deltas[0] @ X.T, rtol=1e-13)
    np.testing.assert_allclose(dX, net.block(1).dense.params["W"].T @ deltas[0], rtol=1e-13)  # dL/dX = W[1]^T delta[1]
    assert net.input_grad is dX


def test_sigmoid_bce_shortcut_gives_the_same_gradients_as_the_long_way():
    net = Network([2, 4, 1], ["tanh", "sigmoid"], seed=3)
    X, Y = rng.normal(size=(2, 7)), (rng.random((1, 7)) > 0.5).astype(float)
    A = net.forward(X)
    net.backward_from_loss("bce", Y)
    short = [{k: v.copy() for k, v in g.items()} for g in net.gradients()]
    np.testing.assert_allclose(net.deltas[-1], (A - Y) / 7, rtol=1e-15)
    net.forward(X)
    net.backward(binary_cross_entropy_gradient(A, Y))  # dL/dA through sigmoid'
    for s, g in zip(short, net.gradients()):
        np.testing.assert_allclose(s["W"], g["W"], rtol=1e-9)


NETWORK_CASES = [
    # sizes, activations, loss, options
    ([2, 3, 1], ["sigmoid", "sigmoid"], "bce", {}),
    ([3, 5, 4, 1], ["tanh", "relu", "sigmoid"], "bce_logits", {}),
    ([3, 4, 1], ["leaky_relu", "linear"], "bce_logits", {}),  # linear output: the loss gets logits
    ([3, 5, 4], ["relu", "softmax"], "cce_logits", {}),
    ([3, 5, 4], ["tanh", "linear"], "cce_logits", {}),
    ([2, 6, 5, 2], ["tanh", "leaky_relu", "linear"], "mse", {}),
    ([2, 4, 1], ["tanh", "sigmoid"], "mse", {}),  # no shortcut: the gradient goes through sigmoid'
    ([3, 5, 4, 3], ["relu", "tanh", "softmax"], "cce_logits", {"batch_norm": True}),
]


@pytest.mark.parametrize("sizes, acts, loss, options", NETWORK_CASES)
@pytest.mark.parametrize("training", [False, True])
def test_whole_network_gradient_check(sizes, acts, loss, options, training):
    net = Network(sizes, acts, seed=4, **options)
    m = 6
    X = rng.normal(size=(sizes[0], m))
    if loss == "cce_logits":
        Y = one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    elif loss == "mse":
        Y = rng.normal(size=(sizes[-1], m))
    else:
        Y = (rng.random((sizes[-1], m)) > 0.5).astype(float)
    result = gradient_check(net, X, Y, loss, training=training)
    assert result["max_relative_error"] < 1e-6, [(r["name"], r["relative_error"]) for r in result["parameters"]]
    assert result["passed"]
    assert [r["name"] for r in result["parameters"]] == list(net.params)


def test_parameters_round_trip_through_plain_lists_and_json():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=5, batch_norm=True)
    net.forward(rng.normal(size=(2, 4)), training=True)  # moves the running statistics
    params = json.loads(json.dumps(net.get_params()))
    assert set(params[0]) == {"W", "b", "gamma", "beta", "running_mean", "running_var"}
    assert isinstance(params[0]["W"][0][0], float)
    other = Network([2, 3, 1], ["tanh", "sigmoid"], seed=6, batch_norm=True)
    W_before = other.block(1).dense.params["W"]
    other.set_params(params)
    assert other.block(1).dense.params["W"] is W_before  # copied in place: optimisers keep valid references
    X = rng.normal(size=(2, 5))
    np.testing.assert_array_equal(other.forward(X), net.forward(X))
    clone = Network.from_dict(json.loads(json.dumps(net.to_dict())))
    np.testing.assert_array_equal(clone.forward(X), net.forward(X))
    with pytest.raises(ValueError, match="shape"):
        other.set_params([{"W": [[1.0, 2.0]]}, {}])
    with pytest.raises(ValueError, match="no parameter"):
        other.set_params([{"V": [[1.0]]}, {}])


def test_input_and_target_shapes_are_checked():
    net = Network([2, 3, 1], ["tanh", "sigmoid"])
    assert net.forward(np.array([0.5, -0.5])).shape == (1, 1)  # one sample as a 1-D vector
    with pytest.raises(ValueError, match="rows"):
        net.forward(np.zeros((3, 4)))
    net.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="targets"):
        net.backward_from_loss("bce", np.zeros((1, 5)))


def test_a_2_2_1_network_learns_xor_completely():
    X, y = logic_gate("xor")
    net = Network([2, 2, 1], ["tanh", "sigmoid"], seed=0)
    result = train(net, X, y, "bce", get_optimizer("sgd", 1.0), epochs=2000)
    assert result.status == "ok"
    assert result.history["accuracy"][-1] == 1.0
    predictions = (net.forward(X) >= 0.5).astype(float)
    np.testing.assert_array_equal(predictions, y)
    assert result.history["loss"][-1] < 0.01


# --- the network keeps the layer contract ---------------------------------------------------


def test_params_and_grads_are_dicts_named_as_in_the_book():
    net = Network([2, 3, 2, 1], ["tanh", "relu", "sigmoid"], seed=7, batch_norm=True)
    assert list(net.params) == ["W[1]", "b[1]", "gamma[1]", "beta[1]", "W[2]", "b[2]", "gamma[2]", "beta[2]", "W[3]", "b[3]"]
    assert net.params["W[2]"] is net.block(2).dense.params["W"]
    X, Y = rng.normal(size=(2, 5)), (rng.random((1, 5)) > 0.5).astype(float)
    net.forward(X, training=True)
    net.backward_from_loss("bce", Y)
    assert list(net.grads) == list(net.params)
    assert all(net.grads[k].shape == p.shape for k, p in net.params.items())
    # an optimiser steps on exactly these dicts: W[1] moves by -lr dW[1]
    before, dW1 = net.params["W[1]"].copy(), net.grads["W[1]"].copy()
    get_optimizer("sgd", 0.1).step(net.params, net.grads)
    np.testing.assert_allclose(net.params["W[1]"], before - 0.1 * dW1, rtol=1e-15)


INPUT_GRADIENT_CASES = [
    # sizes, activations, loss, options, training
    ([3, 4, 1], ["tanh", "sigmoid"], "bce", {}, False),  # the a - y shortcut
    ([3, 5, 4], ["relu", "softmax"], "cce_logits", {}, False),  # the a - y shortcut for softmax
    ([2, 4, 3, 2], ["tanh", "leaky_relu", "linear"], "mse", {}, False),  # the long way through f'
    ([3, 4, 1], ["tanh", "sigmoid"], "mse", {}, False),
    ([3, 5, 4, 3], ["relu", "tanh", "softmax"], "cce_logits", {"batch_norm": True}, True),
    ([3, 5, 1], ["tanh", "sigmoid"], "bce", {"batch_norm": True}, False),
]


@pytest.mark.parametrize("sizes, acts, loss, options, training", INPUT_GRADIENT_CASES)
def test_backward_returns_the_input_gradient_checked_by_finite_differences(sizes, acts, loss, options, training, gradient_errors):
    net = Network(sizes, acts, seed=9, **options)
    m = 5
    X = rng.normal(size=(sizes[0], m)) + 0.01
    if loss == "cce_logits":
        Y = one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    elif loss == "mse":
        Y = rng.normal(size=(sizes[-1], m))
    else:
        Y = (rng.random((sizes[-1], m)) > 0.5).astype(float)

    def loss_at_X() -> float:
        net.forward(X, training=training)
        return net.loss_value(loss, Y)

    net.forward(X, training=training)
    net.backward_from_loss(loss, Y)
    from_loss = net.input_grad.copy()
    errors = gradient_errors(loss_at_X, {"X": (X, from_loss)})
    assert errors["X"] < 1e-6, errors
    # backward(dA) returns the same dL/dX when handed dL/dA[L] directly
    dout = rng.normal(size=(sizes[-1], m))
    net.forward(X, training=training)
    dX = net.backward(dout)
    errors = gradient_errors(lambda: float(np.sum(dout * net.forward(X, training=training))), {"X": (X, dX)})
    assert errors["X"] < 1e-6, errors


def test_batch_norm_momentum_and_eps_are_set_through_the_network():
    net = Network([2, 3, 3, 1], "tanh", output_activation="sigmoid", seed=1,
                  batch_norm=True, batch_norm_momentum=0.5, batch_norm_eps=0.25)
    norms = [block.batch_norm for block in net.blocks[:-1]]
    assert [(bn.momentum, bn.eps) for bn in norms] == [(0.5, 0.25), (0.5, 0.25)]
    assert net.blocks[-1].batch_norm is None  # the output layer is not normalised
    X = rng.normal(size=(2, 4))
    net.forward(X, training=True)
    z_lin = net.block(1).dense.params["W"] @ X + net.block(1).dense.params["b"]
    bn = net.block(1).batch_norm
    np.testing.assert_allclose(bn.running_mean, 0.5 * z_lin.mean(axis=1, keepdims=True), rtol=1e-13)  # moved halfway
    x_hat = (z_lin - z_lin.mean(axis=1, keepdims=True)) / np.sqrt(z_lin.var(axis=1, keepdims=True) + 0.25)
    np.testing.assert_allclose(net.trace()[0]["z"], x_hat, rtol=1e-12)  # eps = 0.25 in the denominator
    clone = Network.from_dict(net.to_dict())
    assert [(b.batch_norm.momentum, b.batch_norm.eps) for b in clone.blocks[:-1]] == [(0.5, 0.25), (0.5, 0.25)]


@pytest.mark.parametrize("X, argument", [(np.zeros((2, 0)), "X has no samples"), (np.zeros((3, 4)), "rows")])
def test_forward_refuses_empty_or_misshapen_input(X, argument):
    with pytest.raises(ValueError, match=argument):
        Network([2, 3, 1], "tanh").forward(X)
