"""L2 weight decay: penalty (lambda/2) sum W^2 with gradient lambda W, weights only."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers import ActivationLayer, BatchNorm, Dense
from engine.regularization import add_l2, l2_gradient, l2_penalty, penalised_weights


def test_penalty_value_and_gradient(gradient_errors):
    W1 = np.array([[1.0, -2.0]])
    W2 = np.array([[3.0], [0.5]])
    assert l2_penalty([W1, W2], 0.1) == pytest.approx(0.05 * (1 + 4 + 9 + 0.25))
    # gradient by centred differences of the penalty itself
    errors = gradient_errors(lambda: l2_penalty([W1], 0.1), {"W": (W1, l2_gradient(W1, 0.1))})
    assert errors["W"] < 1e-9

def test_add_l2_touches_weights_only_and_returns_the_penalty():
    rng = np.random.default_rng(0)
    dense, bn = Dense(2, 3, rng=rng), BatchNorm(3)
    layers = [dense, bn, ActivationLayer("relu")]
    x = rng.normal(size=(2, 4))
    out = bn.forward(dense.forward(x))
    bn_dx = bn.backward(np.ones_like(out))
    dense.backward(bn_dx)
    before = {id(l): {k: g.copy() for k, g in l.grads.items()} for l in layers}
    penalty = add_l2(layers, 0.5)
    assert penalty == pytest.approx(0.25 * np.sum(dense.params["W"] ** 2))
    np.testing.assert_allclose(dense.grads["W"], before[id(dense)]["W"] + 0.5 * dense.params["W"])
    np.testing.assert_array_equal(dense.grads["b"], before[id(dense)]["b"])
    np.testing.assert_array_equal(bn.grads["gamma"], before[id(bn)]["gamma"])
    assert [w is dense.params["W"] for w in penalised_weights(layers)] == [True]
    assert add_l2(layers, 0.0) == 0.0


def test_l1_gradient_matches_finite_differences_away_from_zero():
    from engine.regularization import l1_gradient, l1_penalty

    rng = np.random.default_rng(3)
    w = rng.normal(size=(3, 4))
    w[np.abs(w) < 0.05] = 0.3  # |w| is not differentiable at 0: keep away from it
    lam, h = 0.7, 1e-6
    numeric = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (l1_penalty([up], lam) - l1_penalty([down], lam)) / (2 * h)
    np.testing.assert_allclose(l1_gradient(w, lam), numeric, rtol=1e-6, atol=1e-8)
    assert l1_penalty([w], lam) == pytest.approx(lam * np.abs(w).sum())


def test_add_l1_penalises_weights_only():
    from engine.layers import Dense
    from engine.regularization import add_l1

    layer = Dense(2, 3, init="xavier_normal", rng=np.random.default_rng(0))
    layer.params["b"][...] = 0.5
    layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}
    penalty = add_l1([layer], 0.1)
    np.testing.assert_allclose(layer.grads["W"], 0.1 * np.sign(layer.params["W"]))
    np.testing.assert_array_equal(layer.grads["b"], 0.0)
    assert penalty == pytest.approx(0.1 * np.abs(layer.params["W"]).sum())
