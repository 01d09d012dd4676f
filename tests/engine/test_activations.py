"""Activation functions: derivatives, stability at extreme inputs, the registry."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from engine import activations as act

Z = np.linspace(-4, 4, 41).reshape(1, -1) + 0.013  # avoid the kinks at exactly 0


def centred_difference(f, z, eps=1e-6):
    return (f(z + eps) - f(z - eps)) / (2 * eps)


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_derivative_matches_finite_difference(name):
    f = act.get_activation(name)
    np.testing.assert_allclose(f.derivative(Z), centred_difference(f.forward, Z), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "step"])
def test_backward_is_the_chain_rule(name):
    rng = np.random.default_rng(3)
    z = rng.normal(size=(3, 5))
    dout = rng.normal(size=(3, 5))
    f = act.get_activation(name)
    a = f.forward(z)
    if name == "softmax":
        jac = f.derivative(z)  # (m, K, K)
        expected = np.einsum("mij,im->jm", jac, dout)
    else:
        expected = dout * f.derivative(z)
    np.testing.assert_allclose(f.backward(z, a, dout), expected, rtol=1e-12, atol=1e-15)


def test_sigmoid_is_stable_and_exact_at_huge_inputs():
    z = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any overflow RuntimeWarning fails the test
        s = act.sigmoid(z)
        d = act.sigmoid_derivative(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(d))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert d[2] == 0.25  # the maximum of the derivative


def test_sigmoid_keeps_tiny_probabilities_instead_of_rounding_to_zero():
    # e^-700 is representable; the stable form must not lose it
    assert act.sigmoid(np.array(-700.0)) == pytest.approx(np.exp(-700.0), rel=1e-12)


def test_softmax_columns_are_distributions_even_for_extreme_logits():
    z = np.array([[1e4, -1e4, 3.0], [-1e4, -1e4, 1.0], [0.0, -1e4 + 1, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = act.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(axis=0), 1.0, rtol=1e-15)
    assert s[0, 0] == 1.0
    np.testing.assert_allclose(s[:, 1], [1 / (2 + np.e), 1 / (2 + np.e), np.e / (2 + np.e)])


def test_softmax_is_unchanged_by_adding_a_constant_to_a_column():
    z = np.random.default_rng(0).normal(size=(4, 3))
    np.testing.assert_allclose(act.softmax(z), act.softmax(z + np.array([[100.0, -50.0, 7.0]])), rtol=1e-13)


def test_softmax_jacobian_of_one_column():
    z = np.array([0.5, -1.0, 2.0])
    s = act.softmax(z)
    jac = act.softmax_derivative(z)
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), rtol=1e-14)
    # each row of J sums to 0: shifting all logits changes nothing
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-16)


def test_kink_conventions_agree_with_pytorch():
    zero = np.zeros(1)
    assert act.relu_derivative(zero)[0] == 0.0
    assert act.leaky_relu_derivative(zero, alpha=0.2)[0] == 0.2
    assert act.step(zero)[0] == 1.0
    assert act.step_derivative(np.array([-1.0, 0.0, 1.0])).tolist() == [0.0, 0.0, 0.0]


def test_step_passes_no_gradient_even_a_non_finite_one():
    """dout * 0 would be NaN where dout is inf or NaN; a step layer's backward is exact zeros."""
    f = act.get_activation("step")
    z = np.array([[-1.0, 0.0, 2.0, 3.0]])
    dout = np.array([[np.inf, -np.inf, np.nan, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no "invalid value" warning on the way
        grad = f.backward(z, f.forward(z), dout)
    assert grad.dtype == np.float64 and grad.shape == dout.shape
    assert np.array_equal(grad, np.zeros_like(dout)) and not np.signbit(grad).any()


def test_derivative_maxima_quoted_by_the_book():
    z = np.linspace(-10, 10, 20001)
    assert act.sigmoid_derivative(z).max() == pytest.approx(0.25)
    assert act.tanh_derivative(z).max() == pytest.approx(1.0)
    # leaky ReLU never has a zero slope, ReLU does for every negative input
    assert act.leaky_relu_derivative(z).min() == pytest.approx(0.01)
    assert act.relu_derivative(z).min() == 0.0


def test_registry_lists_the_seven_names_and_round_trips_through_json():
    assert act.ACTIVATION_NAMES == ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
    for name in act.ACTIVATION_NAMES:
        f = act.get_activation(name)
        assert f.name == name
        g = act.activation_from_dict(json.loads(json.dumps(f.to_dict())))
        assert g == f
    leaky = act.get_activation("leaky_relu", alpha=0.3)
    assert leaky.params == {"alpha": 0.3}
    assert act.activation_from_dict(leaky.to_dict()).forward(np.array([-2.0]))[0] == pytest.approx(-0.6)


def test_registry_refuses_unknown_names_and_parameters():
    with pytest.raises(ValueError, match="unknown activation"):
        act.get_activation("swish")
    with pytest.raises(ValueError, match="alpha"):
        act.get_activation("relu", alpha=0.1)


def test_functions_return_float64_of_the_input_shape():
    z = np.arange(6, dtype=np.int64).reshape(2, 3) - 2
    for name in act.ACTIVATION_NAMES:
        out = act.get_activation(name).forward(z)
        assert out.dtype == np.float64 and out.shape == (2, 3)


@pytest.mark.parametrize("name", sorted(act.FORWARD_INTO))
def test_forward_into_writes_the_activation_into_the_given_array(name):
    z = np.concatenate([np.linspace(-40, 40, 801), [-800.0, -709.5, 0.0, -0.0, 709.5, 800.0]]).reshape(3, -1)
    out = np.full_like(z, np.nan)
    with np.errstate(over="ignore"):  # e^800: the sigmoid's 1 / (1 + inf) = 0 is the right limit
        returned = act.FORWARD_INTO[name](z, out)
    assert returned is out
    np.testing.assert_allclose(out, act.get_activation(name).forward(z), rtol=4e-16, atol=1e-300)


@pytest.mark.parametrize("name", [n for n in act.ACTIVATION_NAMES if n != "softmax"])
def test_every_elementwise_backward_is_dout_times_the_slope(name):
    f = act.get_activation(name)
    z = np.linspace(-3, 3, 13).reshape(1, -1)
    a, dout = f.forward(z), np.linspace(0.5, 2, 13).reshape(1, -1)
    slope = f.slope(z, a)
    expected = dout if slope is None else dout * slope
    np.testing.assert_array_equal(f.backward(z, a, dout), expected)
    np.testing.assert_allclose(np.ones_like(z) if slope is None else slope, f.derivative(z), rtol=1e-12, atol=1e-15)
