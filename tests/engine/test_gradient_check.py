"""The gradient checker must pass right gradients and catch wrong ones."""

from __future__ import annotations

import numpy as np

from engine.gradient_check import elementwise_relative_error, gradient_check, relative_error
from engine.network import Network

rng = np.random.default_rng(2)
X = rng.normal(size=(3, 5))
Y = (rng.random((1, 5)) > 0.5).astype(float)


def test_correct_network_passes_and_parameters_are_restored():
    net = Network([3, 4, 1], ["tanh", "sigmoid"], seed=0)
    before = net.get_params()
    result = gradient_check(net, X, Y, "bce")
    assert result["max_relative_error"] < 1e-7
    assert net.get_params() == before
    row = result["parameters"][0]
    assert row["name"] == "W[1]" and row["analytic"].shape == row["numeric"].shape == row["elementwise"].shape == (4, 3)


def test_a_wrong_backward_is_caught():
    net = Network([3, 4, 1], ["tanh", "sigmoid"], seed=0)
    act = net.block(1).activation
    act.backward = lambda dout: dout * (1 - act.a)  # wrong: should be 1 - a^2
    result = gradient_check(net, X, Y, "bce")
    errors = {r["name"]: r["relative_error"] for r in result["parameters"]}
    assert errors["W[1]"] > 1e-2 and errors["b[1]"] > 1e-2  # below the broken layer
    assert errors["W[2]"] < 1e-7  # above it the gradient is still right
    assert result["max_relative_error"] > 1e-2


def test_relative_error_definitions():
    a = np.array([1.0, 2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == 1.0
    assert relative_error(np.array([1e-12]), np.array([3e-11])) == 0.0  # both below the noise floor
    np.testing.assert_allclose(elementwise_relative_error(np.array([1.0, 0.0]), np.array([3.0, 1e-12])), [0.5, 0.0])


def test_the_verdict_says_passed_with_its_threshold():
    net = Network([3, 4, 1], ["tanh", "sigmoid"], seed=0)
    result = gradient_check(net, X, Y, "bce")
    assert result["passed"] is True and result["threshold"] == 1e-6
    assert result["max_relative_error"] < result["threshold"]
    strict = gradient_check(net, X, Y, "bce", threshold=1e-30)  # no float64 difference is that exact
    assert strict["passed"] is False and strict["threshold"] == 1e-30


def test_the_verdict_fails_a_wrong_backward():
    net = Network([3, 4, 1], ["tanh", "sigmoid"], seed=0)
    act = net.block(1).activation
    act.backward = lambda dout: dout * (1 - act.a)
    result = gradient_check(net, X, Y, "bce")
    assert result["passed"] is False
    assert result["max_relative_error"] >= result["threshold"]
