"""Losses: gradients against finite differences, stability, the a - y shortcut."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from engine import losses
from engine.activations import sigmoid, softmax, softmax_backward

rng = np.random.default_rng(11)
M = 5


CASES = {
    "mse": (rng.normal(size=(2, M)), rng.normal(size=(2, M))),
    "bce": (rng.uniform(0.05, 0.95, (1, M)), (rng.random((1, M)) > 0.5).astype(float)),
    "bce_logits": (rng.normal(0, 2, (3, M)), (rng.random((3, M)) > 0.5).astype(float)),
    "cce_logits": (rng.normal(0, 2, (4, M)), np.eye(4)[:, rng.integers(0, 4, M)]),
}


@pytest.mark.parametrize("name", losses.LOSS_NAMES)
def test_gradient_matches_finite_difference(name, gradient_errors):
    out, y = (a.copy() for a in CASES[name])
    loss = losses.get_loss(name)
    errors = gradient_errors(lambda: loss.value(out, y), {"out": (out, loss.gradient(out, y))})
    assert errors["out"] < 1e-6


def test_losses_are_means_over_columns():
    # duplicating every sample leaves a mean unchanged
    for name in losses.LOSS_NAMES:
        out, y = CASES[name]
        loss = losses.get_loss(name)
        assert loss.value(np.hstack([out, out]), np.hstack([y, y])) == pytest.approx(loss.value(out, y), rel=1e-13)


def test_known_values():
    assert losses.mse([[1.0, 3.0]], [[0.0, 0.0]]) == pytest.approx(5.0)  # (1 + 9) / 2
    assert losses.binary_cross_entropy([[0.5, 0.5]], [[1.0, 0.0]]) == pytest.approx(np.log(2))
    assert losses.binary_cross_entropy_with_logits([[0.0]], [[1.0]]) == pytest.approx(np.log(2))
    assert losses.categorical_cross_entropy_with_logits(np.zeros((4, 1)), np.eye(4)[:, :1]) == pytest.approx(np.log(4))


def test_bce_grows_without_bound_for_confident_mistakes():
    y = np.array([[1.0]])
    values = [losses.binary_cross_entropy([[p]], y) for p in (0.5, 0.1, 0.01, 0.001)]
    assert values == sorted(values) and values[-1] == pytest.approx(-np.log(0.001))


def test_logit_losses_are_finite_and_right_at_plus_minus_1e4():
    z = np.array([[1e4, -1e4, 1e4, -1e4]])
    y = np.array([[1.0, 0.0, 0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = losses.binary_cross_entropy_with_logits(z, y)
        grad = losses.binary_cross_entropy_with_logits_gradient(z, y)
    # two right answers cost 0, two confident wrong ones cost 1e4 each
    assert value == pytest.approx(2e4 / 4)
    np.testing.assert_allclose(grad, [[0.0, 0.0, 0.25, -0.25]])

    zc = np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 0.0]])
    yc = np.array([[1.0, 1.0], [0.0, 0.0], [0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = losses.categorical_cross_entropy_with_logits(zc, yc)
        grad = losses.categorical_cross_entropy_with_logits_gradient(zc, yc)
    assert value == pytest.approx(2e4 / 2)
    assert np.all(np.isfinite(grad))


def test_probability_bce_stays_finite_at_exactly_zero_and_one():
    p = np.array([[0.0, 1.0]])
    y = np.array([[1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(losses.binary_cross_entropy(p, y))
        assert np.all(np.isfinite(losses.binary_cross_entropy_gradient(p, y)))


def test_sigmoid_bce_shortcut_equals_the_full_chain_rule():
    z, y = CASES["bce_logits"]
    p = sigmoid(z)
    chain = losses.binary_cross_entropy_gradient(p, y) * p * (1 - p)
    np.testing.assert_allclose(losses.binary_cross_entropy_with_logits_gradient(z, y), chain, rtol=1e-10)
    np.testing.assert_allclose(losses.binary_cross_entropy_with_logits_gradient(z, y), (p - y) / M, rtol=1e-12)
    assert losses.binary_cross_entropy_with_logits(z, y) == pytest.approx(losses.binary_cross_entropy(p, y), rel=1e-12)


def test_softmax_cce_shortcut_equals_the_full_chain_rule():
    z, y = CASES["cce_logits"]
    s = softmax(z)
    dL_ds = -y / s / M  # derivative of -(1/m) sum y log s
    np.testing.assert_allclose(softmax_backward(s, dL_ds), (s - y) / M, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(losses.categorical_cross_entropy_with_logits_gradient(z, y), (s - y) / M, rtol=1e-12)


def test_registry_and_shape_checks():
    assert losses.LOSS_NAMES == ["mse", "bce", "bce_logits", "cce_logits"]
    assert losses.get_loss("cce_logits").pairs_with == "softmax"
    assert losses.get_loss("bce").pairs_with == "sigmoid" and not losses.get_loss("bce").takes_logits
    with pytest.raises(ValueError, match="unknown loss"):
        losses.get_loss("hinge")
    with pytest.raises(ValueError, match="differ"):
        losses.mse(np.zeros((1, 3)), np.zeros((1, 4)))


@pytest.mark.parametrize(
    "function, argument",
    [
        (losses.mse, "a"),
        (losses.mse_gradient, "a"),
        (losses.binary_cross_entropy, "p"),
        (losses.binary_cross_entropy_gradient, "p"),
        (losses.binary_cross_entropy_with_logits, "z"),
        (losses.binary_cross_entropy_with_logits_gradient, "z"),
        (losses.categorical_cross_entropy_with_logits, "z"),
        (losses.categorical_cross_entropy_with_logits_gradient, "z"),
    ],
)
def test_a_mean_over_zero_samples_is_refused_naming_the_argument(function, argument):
    # A mean over 0 samples is 0/0: numpy would warn and return nan, which would then train silently.
    empty = np.zeros((2, 0))
    with pytest.raises(ValueError, match=f"^{argument} has no samples"):
        function(empty, empty)
    with pytest.raises(ValueError, match=f"^{argument} has no samples"):
        function(np.array([]), np.array([]))


def test_loss_for_decides_the_a_minus_y_shortcut_once_for_both_training_paths():
    from engine.activations import ACTIVATION_NAMES
    from engine.flat_mlp import FlatMLP, covers
    from engine.network import Network
    from engine.optimizers import get_optimizer

    pairs = {(out, name) for out in ACTIVATION_NAMES for name in losses.LOSS_NAMES if losses.loss_for(out, name)[1]}
    assert pairs == {("sigmoid", "bce"), ("sigmoid", "bce_logits"), ("softmax", "cce_logits")}
    assert losses.loss_for("sigmoid", "bce")[0].name == "bce_logits"  # evaluated on z[L], exact where a rounds
    assert losses.loss_for("tanh", "bce") == (losses.get_loss("bce"), False)
    with pytest.raises(ValueError, match="unknown loss"):
        losses.loss_for("sigmoid", "hinge")
    for out in ("sigmoid", "softmax", "tanh", "linear"):
        for name in losses.LOSS_NAMES:
            net = Network([2, 3, 2], ["tanh", out], seed=0)
            y = np.eye(2)[:, [0, 1, 1]]
            net.forward(np.ones((2, 3)))
            _, _, _, general = net._loss_inputs(name, y)
            assert general == losses.loss_for(out, name)[1], (out, name)
            if covers(net, name):
                assert FlatMLP(net, name, get_optimizer("sgd", 0.1)).shortcut == general, (out, name)

