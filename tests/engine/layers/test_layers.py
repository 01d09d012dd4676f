"""Layers: the shared contract, finite-difference gradients, batch-norm and dropout behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from engine.activations import ACTIVATION_NAMES
from engine.layers import ActivationLayer, BatchNorm, Dense, Dropout

rng = np.random.default_rng(5)


def layer_gradient_errors(gradient_errors, layer, x, training=True) -> dict[str, float]:
    """Relative errors of backward for the input and every parameter, against centred
    differences of sum(dout * forward(x)) (the conftest's finite-difference oracle)."""
    dout = rng.normal(size=layer.forward(x, training=training).shape)
    layer.forward(x, training=training)
    dx = layer.backward(dout)
    pairs = {"x": (x, dx), **{k: (layer.params[k], layer.grads[k].copy()) for k in layer.params}}
    return gradient_errors(lambda: float(np.sum(dout * layer.forward(x, training=training))), pairs)


def test_dense_gradients(gradient_errors):
    errors = layer_gradient_errors(gradient_errors, Dense(4, 3, rng=rng), rng.normal(size=(4, 6)))
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("name", [n for n in ACTIVATION_NAMES if n != "step"])
def test_activation_layer_gradients(name, gradient_errors):
    x = rng.normal(size=(3, 5)) + 0.01  # keep away from relu's kink at exactly 0
    errors = layer_gradient_errors(gradient_errors, ActivationLayer(name), x)
    assert errors["x"] < 1e-6


def test_batch_norm_gradients_in_training_mode(gradient_errors):
    bn = BatchNorm(3)
    bn.params["gamma"][...] = rng.normal(1, 0.3, (3, 1))
    bn.params["beta"][...] = rng.normal(0, 0.3, (3, 1))
    errors = layer_gradient_errors(gradient_errors, bn, rng.normal(2, 1.5, (3, 6)), training=True)
    assert max(errors.values()) < 1e-6, errors


def test_batch_norm_gradients_in_inference_mode(gradient_errors):
    bn = BatchNorm(3)
    bn.running_mean[...] = rng.normal(size=(3, 1))
    bn.running_var[...] = rng.uniform(0.5, 2, (3, 1))
    bn.params["gamma"][...] = rng.normal(1, 0.3, (3, 1))
    errors = layer_gradient_errors(gradient_errors, bn, rng.normal(size=(3, 4)), training=False)
    assert max(errors.values()) < 1e-6, errors


def test_every_layer_keeps_the_contract():
    layers = [Dense(3, 2, seed=0), ActivationLayer("tanh"), BatchNorm(3), Dropout(0.5, seed=0)]
    for layer in layers:
        x = rng.normal(size=(layer.n_in if isinstance(layer, Dense) else 3, 4))
        y = layer.forward(x, training=True)
        dx = layer.backward(np.ones_like(y))
        assert dx.shape == x.shape
        assert set(layer.grads) == set(layer.params)
        for k in layer.params:
            assert layer.grads[k].shape == layer.params[k].shape


def test_dense_shapes_and_init():
    layer = Dense(4, 3, init="he_normal", rng=np.random.default_rng(0))
    assert layer.params["W"].shape == (3, 4) and layer.params["b"].shape == (3, 1)
    assert not layer.params["b"].any()
    assert layer.forward(np.zeros((4, 7))).shape == (3, 7)
    with pytest.raises(ValueError):
        Dense(4, 3)  # a random init without a generator or seed


def test_batch_norm_normalises_each_feature_over_the_batch():
    bn = BatchNorm(2)
    x = np.array([[1.0, 2.0, 3.0, 6.0], [10.0, 10.0, 10.0, 10.0]])
    y = bn.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=1), 0.0, atol=1e-12)
    assert y[0].var() == pytest.approx(1.0, rel=1e-4)  # eps = 1e-5 keeps it just under 1
    np.testing.assert_allclose(y[1], 0.0)  # a constant feature maps to beta
    # running stats moved 10 % of the way (momentum 0.1), variance unbiased (m - 1 = 3)
    np.testing.assert_allclose(bn.running_mean.ravel(), [0.3, 1.0])
    np.testing.assert_allclose(bn.running_var.ravel(), [0.9 + 0.1 * np.var(x[0], ddof=1), 0.9])


def test_batch_norm_inference_uses_running_statistics_not_the_batch():
    bn = BatchNorm(1, eps=0.0)
    bn.running_mean[...] = 2.0
    bn.running_var[...] = 4.0
    y = bn.forward(np.array([[2.0, 4.0]]), training=False)
    np.testing.assert_allclose(y, [[0.0, 1.0]])
    with pytest.raises(ValueError, match="at least 2"):
        bn.forward(np.array([[1.0]]), training=True)


@pytest.mark.parametrize("mode", ["inverted", "classic"])
def test_dropout_keeps_the_expected_activation_equal_in_training_and_test(mode):
    p = 0.3
    drop = Dropout(p, mode=mode, rng=np.random.default_rng(0))
    x = np.full((200, 500), 2.0)
    train_out = drop.forward(x, training=True)
    test_out = drop.forward(x, training=False)
    assert np.mean(train_out == 0) == pytest.approx(p, abs=0.01)
    assert train_out.mean() == pytest.approx(test_out.mean(), rel=0.01)
    if mode == "inverted":
        np.testing.assert_array_equal(test_out, x)  # identity at test time
        np.testing.assert_allclose(np.unique(train_out), [0.0, 2.0 / (1 - p)], rtol=1e-15)
    else:
        np.testing.assert_allclose(test_out, (1 - p) * x)  # the book's scaling at test time
        assert set(np.unique(train_out)) == {0.0, 2.0}


@pytest.mark.parametrize("mode", ["inverted", "classic"])
def test_dropout_backward_uses_the_same_mask(mode):
    drop = Dropout(0.5, mode=mode, seed=1)
    x = rng.normal(size=(4, 6))
    y = drop.forward(x, training=True)
    dout = rng.normal(size=(4, 6))
    dx = drop.backward(dout)
    # the layer is linear in x, so dx = dout * (y / x) entry by entry
    np.testing.assert_allclose(dx, dout * y / x, rtol=1e-12)
    assert np.array_equal(dx == 0, drop.mask == 0)


def test_dropout_is_seeded_and_validates():
    a = Dropout(0.5, seed=3).forward(np.ones((5, 5)), training=True)
    b = Dropout(0.5, seed=3).forward(np.ones((5, 5)), training=True)
    assert np.array_equal(a, b)
    with pytest.raises(ValueError):
        Dropout(1.0, seed=0)
    with pytest.raises(ValueError):
        Dropout(0.5, mode="gaussian", seed=0)
