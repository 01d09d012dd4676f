"""The chapter-10 CNN: its backward pass against finite differences, and its weights round-trip."""

from __future__ import annotations

import numpy as np

from engine.datasets import one_hot
from engine.gradient_check import numerical_gradient, relative_error
from engine.jobs.small_cnn import LOSS, SmallCNN


def _batch(m=5, seed=1):
    rng = np.random.default_rng(seed)
    return rng.random((64, m)), one_hot(rng.integers(0, 10, m), 10)


def test_backward_matches_finite_differences_for_every_parameter():
    X, Y = _batch()
    net = SmallCNN(filters=3, kernel=3, seed=4)

    def loss():
        net.forward(X, training=True)
        return net.loss_value(LOSS, Y)

    net.forward(X, training=True)
    net.backward_from_loss(LOSS, Y)
    for layer, name in ((net.conv, "W"), (net.conv, "b"), (net.dense, "W"), (net.dense, "b")):
        analytic = layer.grads[name].copy()
        assert relative_error(analytic, numerical_gradient(loss, layer.params[name])) < 1e-6, name


def test_probabilities_are_a_softmax_per_image():
    X, _ = _batch(7)
    p = SmallCNN(seed=0).probabilities(X)
    assert p.shape == (10, 7)
    np.testing.assert_allclose(p.sum(axis=0), 1.0, atol=1e-12)
    assert (p > 0).all()


def test_to_dict_from_dict_gives_identical_outputs_and_refuses_wrong_shapes():
    X, _ = _batch()
    net = SmallCNN(filters=4, kernel=5, seed=2)
    copy = SmallCNN.from_dict(net.to_dict())
    np.testing.assert_array_equal(copy.forward(X), net.forward(X))
    broken = net.to_dict()
    broken["dense"]["W"] = broken["dense"]["W"][:3]
    try:
        SmallCNN.from_dict(broken)
    except ValueError as exc:
        assert "dense.W" in str(exc)
    else:
        raise AssertionError("a wrong shape was accepted")


def test_feature_maps_are_the_layers_own_intermediate_values():
    net = SmallCNN(filters=2, seed=3)
    image = np.arange(64, dtype=float).reshape(8, 8) / 64
    maps = net.feature_maps(image)
    assert maps["relu"].shape == (2, 8, 8) and maps["pooled"].shape == (2, 4, 4)
    assert (maps["relu"] >= 0).all()
    # the pooled map is the maximum of each 2 x 2 window of the ReLU map
    np.testing.assert_array_equal(maps["pooled"], maps["relu"].reshape(2, 4, 2, 4, 2).max(axis=(2, 4)))


def test_flat_params_are_the_layers_own_arrays_and_grads_follow_backward():
    X, Y = _batch()
    net = SmallCNN(filters=2, seed=0)
    assert set(net.params) == {"conv.W", "conv.b", "dense.W", "dense.b"}
    assert net.params["conv.W"] is net.conv.params["W"]
    net.forward(X, training=True)
    net.backward_from_loss(LOSS, Y)
    assert net.grads["dense.W"] is net.dense.grads["W"] and net.grads["conv.b"].shape == (2,)
