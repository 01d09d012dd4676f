"""Logistic regression: the smooth perceptron."""

from __future__ import annotations

import numpy as np
import pytest

from engine import logistic_regression as lr
from engine.datasets import linearly_separable, logic_gate


def test_predict_proba_is_sigmoid_of_the_weighted_sum():
    w, b = np.array([2.0, -1.0]), 0.5
    X = np.array([[0.0, 1.0, -1.0], [0.0, 2.0, 1.0]])
    z = np.array([0.5, 0.5, -2.5])
    np.testing.assert_allclose(lr.predict_proba(w, b, X), 1 / (1 + np.exp(-z)))
    assert lr.predict(w, b, X).tolist() == [1.0, 1.0, 0.0]


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(3, 8)), (rng.random(8) > 0.5).astype(float)
    w, b = rng.normal(size=3), 0.3
    dw, db = lr.gradient(w, b, X, y)
    eps = 1e-6
    num_w = np.array([(lr.loss(w + eps * e, b, X, y) - lr.loss(w - eps * e, b, X, y)) / (2 * eps) for e in np.eye(3)])
    num_b = (lr.loss(w, b + eps, X, y) - lr.loss(w, b - eps, X, y)) / (2 * eps)
    np.testing.assert_allclose(dw, num_w, rtol=1e-7)
    assert db == pytest.approx(num_b, rel=1e-7)


def test_loss_at_zero_weights_is_log_2():
    X, y = logic_gate("and")
    assert lr.loss(np.zeros(2), 0.0, X, y) == pytest.approx(np.log(2))


def test_fit_learns_and_and_separable_data_with_falling_loss():
    X, y = logic_gate("and")
    result = lr.fit(X, y, lr=1.0, epochs=500)
    assert result["accuracy"][-1] == 1.0
    assert all(a >= b for a, b in zip(result["loss"], result["loss"][1:]))  # convex, small rate: monotone
    X, y = linearly_separable(n=60, seed=2)
    result = lr.fit(X, y, lr=0.5, epochs=300)
    assert result["accuracy"][-1] == 1.0 and len(result["loss"]) == 300


def test_fit_cannot_solve_xor():
    X, y = logic_gate("xor")
    result = lr.fit(X, y, lr=0.5, epochs=2000)
    assert max(result["accuracy"]) <= 0.75  # a line gets at most 3 of 4 XOR points right
