"""Fragility: the gradient-sign attack against finite differences of the trained network's loss."""

from __future__ import annotations

import numpy as np
import pytest

from engine.widgets import fragility as demo
from engine.widgets.protocol import dispatch


def bce(net, x, y):
    p = float(net.forward(x[:, None])[0, 0])
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


@pytest.mark.parametrize("size", [4, 8])
def test_the_perturbation_is_epsilon_times_the_sign_of_the_loss_gradient(size):
    r = dispatch("fragility", "initial", {"size": size, "epsilon": 0.1, "example": 5})
    net, X_test, Y_test, _, _ = demo._trained(size, 0)
    x, y = X_test[:, 4], float(Y_test[0, 4])
    np.testing.assert_allclose(np.ravel(r["image"]), x, atol=1e-4)
    h = 1e-6
    numeric = np.array([(bce(net, x + h * e, y) - bce(net, x - h * e, y)) / (2 * h) for e in np.eye(size * size)])
    big = np.abs(numeric) > 1e-7  # where the sign is well defined
    np.testing.assert_array_equal(np.sign(np.ravel(r["perturbation"]))[big], np.sign(numeric)[big])
    assert np.allclose(np.abs(np.ravel(r["perturbation"])), 0.1)
    np.testing.assert_allclose(np.ravel(r["adversarial"]), x + np.ravel(r["perturbation"]), atol=2e-4)
    assert r["p_adv"] == pytest.approx(float(net.forward((x + 0.1 * np.sign(numeric))[:, None])[0, 0]), abs=1e-6)


def test_the_attack_raises_the_loss_and_the_smallest_flipping_epsilon_flips():
    r = dispatch("fragility", "initial", {"epsilon": 0.0})
    assert r["correct"] and not r["flipped"] and r["p_adv"] == r["p"]
    eps = r["smallest"]
    assert eps is not None and 0 < eps <= 0.5
    at = dispatch("fragility", "initial", {"epsilon": eps})
    below = dispatch("fragility", "initial", {"epsilon": round(eps - demo.SCAN_STEP, 3)})
    assert at["flipped"] and not below["flipped"]
    wrong_side = lambda q: abs(q - r["label"])  # noqa: E731  how far the probability is from the true class
    assert wrong_side(below["p_adv"]) > wrong_side(r["p"])
    assert "Flipped" in at["verdict"] and at["kind"] == "error"


def test_the_classifier_learned_the_task_and_a_wrong_image_is_said_to_be_wrong():
    for size in (4, 8):
        _, _, _, train_acc, test_acc = demo._trained(size, 0)
        assert train_acc >= 0.95 and test_acc >= 0.85
    wrong = [k for k in range(1, demo.TEST + 1) if not dispatch("fragility", "initial", {"size": 4, "example": k})["correct"]]
    assert wrong, "the 4 x 4 task should leave some test image misclassified"
    assert "already gets this image wrong" in dispatch("fragility", "initial", {"size": 4, "example": wrong[0]})["verdict"]
