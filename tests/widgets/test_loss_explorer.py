"""The loss-explorer widget against formulas written out here and against finite differences."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from engine.widgets.errors import WidgetInputError
from engine.widgets.kit.geometry import nice_ticks


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def mse(z: float, y: int) -> float:
    return (sigmoid(z) - y) ** 2


def bce(z: float, y: int) -> float:
    p = sigmoid(z)
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


def central_difference(f, z: float, h: float = 1e-6) -> float:
    return (f(z + h) - f(z - h)) / (2 * h)


@pytest.mark.parametrize("label", [0, 1])
@pytest.mark.parametrize("z", [-6.5, -2.0, 0.0, 0.3, 4.0])
def test_point_values_match_the_formulas_and_finite_differences(label, z):
    p = dispatch("loss-explorer", "evaluate", {"label": label, "z": z})["point"]
    y_hat = sigmoid(z)
    assert p["y_hat"] == pytest.approx(y_hat, rel=1e-12)
    assert p["sigmoid_slope"] == pytest.approx(y_hat * (1 - y_hat), rel=1e-12)
    assert p["mse"] == pytest.approx(mse(z, label), rel=1e-12)
    assert p["bce"] == pytest.approx(bce(z, label), rel=1e-10)
    # The chapter's convention: no 1/2 in MSE, so the 2 stays in the gradient.
    assert p["mse_dz"] == pytest.approx(2 * (y_hat - label) * y_hat * (1 - y_hat), rel=1e-12)
    assert p["bce_dz"] == pytest.approx(y_hat - label, rel=1e-12)
    # Independent oracle: the derivative of the loss as a function of z.
    assert p["mse_dz"] == pytest.approx(central_difference(lambda t: mse(t, label), z), rel=1e-6, abs=1e-10)
    assert p["bce_dz"] == pytest.approx(central_difference(lambda t: bce(t, label), z), rel=1e-6, abs=1e-10)
    assert p["gradient_ratio"] == pytest.approx(1 / (2 * y_hat * (1 - y_hat)), rel=1e-9)


def test_the_chapter_exercise_values_at_prediction_one_tenth():
    # Exercise 5 of chapter 6: y = 1, y_hat = 0.1 gives -0.9 (BCE) and 2(0.1 - 1)(0.1)(0.9) = -0.162 (MSE).
    r = dispatch("loss-explorer", "evaluate", {"label": 1, "y_hat": 0.1})
    assert r["point"]["y_hat"] == pytest.approx(0.1, abs=1e-12)
    assert r["point"]["bce_dz"] == pytest.approx(-0.9, abs=1e-12)
    assert r["point"]["mse_dz"] == pytest.approx(-0.162, abs=1e-12)
    assert r["state"]["z"] == pytest.approx(math.log(0.1 / 0.9), abs=1e-12)


def test_mse_gradient_vanishes_where_the_prediction_is_confidently_wrong_but_bce_does_not():
    for label, z in ((1, -7.0), (0, 7.0)):
        r = dispatch("loss-explorer", "evaluate", {"label": label, "z": z})
        p = r["point"]
        assert abs(p["mse_dz"]) < 2e-3
        assert abs(p["bce_dz"]) > 0.99
        assert r["regime"] == "confidently-wrong"
        assert "Confidently wrong" in r["message"]
    # Confidently right: both small, and the figure says so.
    r = dispatch("loss-explorer", "evaluate", {"label": 1, "z": 6.0})
    assert abs(r["point"]["bce_dz"]) < 0.003 and r["regime"] == "right"


@pytest.mark.parametrize("label", ["0", "1"])
def test_curves_sample_both_losses_and_gradients_for_each_label(label):
    r = dispatch("loss-explorer", "initial", {})
    z = np.array(r["curves"]["z"])
    y_hat = np.array(r["curves"]["y_hat"])
    c = r["curves"]["by_label"][label]
    y = int(label)
    assert z[0] == -7.0 and z[-1] == 7.0 and np.all(np.diff(z) > 0)
    assert np.allclose(y_hat, 1 / (1 + np.exp(-z)), atol=1e-6)
    assert np.allclose(c["mse"], [mse(t, y) for t in z], atol=1e-6)
    assert np.allclose(c["bce"], [bce(t, y) for t in z], atol=1e-6)
    assert np.allclose(c["mse_dz"], 2 * (y_hat - y) * y_hat * (1 - y_hat), atol=2e-6)
    assert np.allclose(c["bce_dz"], y_hat - y, atol=2e-6)
    # The panels hold their curves: every sample inside the data box.
    for key, panel in (("bce", "loss"), ("mse", "loss"), ("mse_dz", "gradient"), ("bce_dz", "gradient")):
        x0, x1, y0, y1 = r["panels"][label][panel]["box"]
        assert y0 <= min(c[key]) and max(c[key]) <= y1


def test_a_drag_to_the_edge_of_the_plot_stays_finite():
    for y_hat, z in ((0.0, -7.0), (1.0, 7.0)):
        r = dispatch("loss-explorer", "evaluate", {"label": 1, "y_hat": y_hat})
        assert r["state"]["z"] == pytest.approx(z, abs=1e-9)
        json.dumps(r, allow_nan=False)


def test_initial_frame_is_json_and_finite_and_describes_itself():
    r = dispatch("loss-explorer", "initial", {"label": 0, "z": 2.5})
    json.dumps(r, allow_nan=False)
    assert r["state"] == {"label": 0, "z": 2.5}
    assert "true label y = 0" in r["description"] and "z = 2.50" in r["description"]


@pytest.mark.parametrize(
    "call, args, field",
    [
        ("initial", {"label": 2}, "label"),
        ("initial", {"label": True}, "label"),
        ("initial", {"label": "1"}, "label"),
        ("initial", {"z": 7.5}, "z"),
        ("initial", {"z": float("nan")}, "z"),
        ("initial", {"z": "0"}, "z"),
        ("initial", {"colour": "red"}, "colour"),
        ("evaluate", {"label": 1, "y_hat": 1.5}, "y_hat"),
        ("evaluate", {"label": 1, "y_hat": -0.1}, "y_hat"),
        ("evaluate", {"label": 1, "z": 0, "extra": 1}, "extra"),
    ],
)
def test_invalid_inputs_name_their_field(call, args, field):
    with pytest.raises(WidgetInputError) as info:
        dispatch("loss-explorer", call, args)
    assert info.value.field == field


def test_nice_ticks_are_round_steps_inside_the_range():
    assert nice_ticks(0.0, 8.0, 4) == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert nice_ticks(-1.08, 0.12, 4) == [-1.0, -0.5, 0.0]
    assert nice_ticks(0.0, 1.0) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]  # no 0.6000000000000001
    with pytest.raises(ValueError):
        nice_ticks(1.0, 1.0)
