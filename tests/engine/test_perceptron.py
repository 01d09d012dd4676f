"""The lead's perceptron (engine/perceptron.py): the book's claims about it."""

from __future__ import annotations

import numpy as np
import pytest

from engine import perceptron as pc
from engine.datasets import logic_gate


@pytest.mark.parametrize("gate", ["and", "or", "nand", "not"])
def test_converges_on_linearly_separable_gates(gate):
    X, y = logic_gate(gate)
    p = pc.Perceptron(w=np.zeros(X.shape[0]), b=0.0, eta=0.1)
    assert p.fit(X, y, max_epochs=100)
    assert pc.count_errors(p.w, p.b, X, y) == 0
    assert p.history[-1] == 0 and all(e > 0 for e in p.history[:-1])


def test_never_reaches_zero_errors_on_xor():
    X, y = logic_gate("xor")
    p = pc.Perceptron(w=np.zeros(2), b=0.0, eta=0.1)
    assert not p.fit(X, y, max_epochs=500)
    assert len(p.history) == 500 and min(p.history) > 0
    assert pc.count_errors(p.w, p.b, X, y) > 0


def test_learning_rule_moves_only_on_mistakes():
    w, b = np.array([0.5, -0.5]), 0.0
    # a correctly classified sample: nothing changes
    w2, b2, y_hat, z = pc.learning_rule(w, b, np.array([1.0, 0.0]), 1.0, eta=0.1)
    assert y_hat == 1.0 and z == 0.5 and np.array_equal(w2, w) and b2 == b
    # a missed positive: w += eta x, b += eta
    w3, b3, y_hat, _ = pc.learning_rule(w, b, np.array([0.0, 1.0]), 1.0, eta=0.1)
    assert y_hat == 0.0 and np.allclose(w3, [0.5, -0.4]) and b3 == pytest.approx(0.1)


def test_step_is_one_at_zero_and_step_records_every_number():
    assert pc.step(np.array([-1e-9, 0.0, 2.0])).tolist() == [0.0, 1.0, 1.0]
    X, y = logic_gate("or")
    p = pc.Perceptron(w=np.zeros(2), b=-0.05, eta=0.1)
    u = p.step(X, y)  # sample (0, 0), label 0, z = -0.05: correct
    assert (u.index, u.y, u.y_hat, u.error) == (0, 0.0, 0.0, 0.0)
    u = p.step(X, y)  # sample (0, 1), label 1, z = -0.05: a miss
    assert u.error == 1.0 and u.w_after == pytest.approx([0.0, 0.1]) and u.b_after == pytest.approx(0.05)
    assert p.position == 2
