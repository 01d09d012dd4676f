"""The step-vs-sigmoid widget against sums, sigmoids and gradients computed here by hand."""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from engine.widgets import step_vs_sigmoid as demo
from engine.widgets.errors import WidgetInputError
from engine.training import DIVERGED_MESSAGE

AND_X = [(0, 0), (0, 1), (1, 0), (1, 1)]
AND_Y = [0, 0, 0, 1]


def call(name, args):
    result = dispatch("step-vs-sigmoid", name, args)
    json.dumps(result, allow_nan=False)
    return result


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def and_loss(w1, w2, b):
    """Mean binary cross-entropy on the AND table, from its definition."""
    total = 0.0
    for (x1, x2), y in zip(AND_X, AND_Y):
        p = sigmoid(w1 * x1 + w2 * x2 + b)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / 4


def test_the_table_puts_one_sum_through_both_functions():
    result = call("initial", {"w1": 1.0, "w2": 0.5, "b": -1.5})
    for row, (x1, x2), y in zip(result["frame"]["rows"], AND_X, AND_Y):
        z = 1.0 * x1 + 0.5 * x2 - 1.5
        assert row["z"] == pytest.approx(z) and row["y"] == y
        assert row["step"] == (1.0 if z >= 0 else 0.0)
        assert row["p"] == pytest.approx(sigmoid(z), rel=1e-12)
    # (1, 1) sits exactly on the line: step says 1, the sigmoid says one half.
    assert result["frame"]["rows"][3]["p"] == pytest.approx(0.5)
    assert result["frame"]["loss"] == pytest.approx(and_loss(1.0, 0.5, -1.5), rel=1e-12)


def test_the_contours_are_the_lines_where_the_sigmoid_takes_each_level():
    w1, w2, b = 2.0, -1.0, 0.3
    frame = call("initial", {"w1": w1, "w2": w2, "b": b})["frame"]
    levels = [c["level"] for c in frame["sigmoid"]["contours"]]
    assert levels == pytest.approx([0.1 * k for k in range(1, 10)])
    for contour in frame["sigmoid"]["contours"]:
        for x, y in contour["segment"]:
            assert sigmoid(w1 * x + w2 * y + b) == pytest.approx(contour["level"], abs=1e-9)
    middle = frame["sigmoid"]["contours"][4]
    assert middle["segment"] == frame["step"]["segment"]  # p = 0.5 is the step's boundary
    assert all(w1 * x + w2 * y + b >= -1e-9 for x, y in frame["step"]["region"])


def test_the_shading_is_the_sigmoid_at_every_cell_centre():
    w1, w2, b = -1.5, 2.5, 0.2
    heat = call("initial", {"w1": w1, "w2": w2, "b": b})["frame"]["sigmoid"]["heat"]
    n = heat["n"]
    x0, x1, y0, y1 = heat["extent"]
    shade = np.frombuffer(base64.b64decode(heat["shade"]), dtype=np.uint8).reshape(n, n)
    for j in (0, 7, n - 1):
        for i in (0, 19, n - 1):
            x = x0 + (i + 0.5) * (x1 - x0) / n
            y = y0 + (j + 0.5) * (y1 - y0) / n
            assert abs(int(shade[j, i]) - round(255 * sigmoid(w1 * x + w2 * y + b))) <= 1


def test_one_step_is_gradient_descent_on_the_cross_entropy():
    start = call("initial", {"w1": 1.0, "w2": 0.5, "b": -1.5, "eta": 2.0})
    eps = 1e-6
    w = [1.0, 0.5, -1.5]
    grad = []
    for k in range(3):
        up, down = list(w), list(w)
        up[k] += eps
        down[k] -= eps
        grad.append((and_loss(*up) - and_loss(*down)) / (2 * eps))
    after = call("step", {"state": start["state"], "steps": 1})
    assert after["state"]["w"] + [after["state"]["b"]] == pytest.approx([v - 2.0 * g for v, g in zip(w, grad)], abs=1e-8)
    assert after["state"]["epoch"] == 1
    assert after["frame"]["loss"] == pytest.approx(and_loss(*after["state"]["w"], after["state"]["b"]), rel=1e-12)


def test_training_on_and_brings_the_loss_down_until_the_target():
    result = call("initial", {"eta": 2.0})
    while not result["done"]:
        result = call("step", {"state": result["state"], "steps": 5})
    losses = [loss for _, loss in result["frame"]["chart"]["line"]]
    assert all(b < a for a, b in zip(losses, losses[1:]))  # a small rate descends on every step
    assert result["frame"]["loss"] < demo.TARGET_LOSS and result["frame"]["errors"] == 0
    assert result["message_kind"] == "good" and "weights grow without bound" in result["message"]
    w1, w2 = result["state"]["w"]
    assert w1 > 1.0 and w2 > 0.5  # the weights grew: the sigmoid sharpened towards the step


def test_a_large_learning_rate_makes_the_loss_go_up_and_says_so():
    result = call("step", {"state": call("initial", {"eta": 20.0})["state"], "steps": 5})
    losses = [loss for _, loss in result["state"]["losses"]]
    rises = sum(b > a for a, b in zip(losses, losses[1:]))
    assert rises > 0 and result["state"]["rises"] == rises
    assert f"went up on {rises} of the 5 steps" in result["message"] and result["message_kind"] == "warn"


def test_a_rate_above_the_cap_is_refused_with_its_field():
    state = call("initial", {})["state"]
    with pytest.raises(WidgetInputError) as caught:
        call("step", {"state": {**state, "eta": 25.0}})
    assert caught.value.field == "eta" and "between 0.01 and 20" in caught.value.reason


def test_a_diverging_run_reports_instead_of_drawing_nan(monkeypatch):
    start = call("initial", {})
    monkeypatch.setattr(demo.logreg, "gradient", lambda w, b, X, y: (np.array([math.inf, 0.0]), 0.0))
    result = call("step", {"state": start["state"], "steps": 3})
    assert result["status"] == "diverged" and result["message"] == DIVERGED_MESSAGE and result["done"]
    assert result["state"]["w"] == start["state"]["w"] and result["state"]["epoch"] == 0


def test_weights_set_by_hand_start_a_fresh_loss_curve():
    trained = call("step", {"state": call("initial", {})["state"], "steps": 20})
    moved = call("evaluate", {"state": {**trained["state"], "w": [3.0, 3.0], "b": -4.5}})
    assert moved["state"]["epoch"] == 0 and len(moved["state"]["losses"]) == 1
    assert moved["frame"]["loss"] == pytest.approx(and_loss(3.0, 3.0, -4.5))


def test_the_separable_points_come_without_a_table_but_with_wrong_side_marks():
    result = call("initial", {"dataset": "separable", "w1": 1.0, "w2": 0.0, "b": 0.0})
    frame = result["frame"]
    assert frame["rows"] is None and len(frame["points"]) == demo.SEPARABLE_POINTS
    wrong = [((x >= 0) != (y == 1)) for (x, _), y in zip(frame["points"], frame["labels"])]
    assert frame["wrong"] == wrong and frame["errors"] == sum(wrong)


@pytest.mark.parametrize("options, field", [
    ({"dataset": "moons"}, "dataset"),
    ({"w1": 11}, "w1"),
    ({"b": "x"}, "b"),
    ({"eta": 0}, "eta"),
    ({"eta": 21}, "eta"),
    ({"gate": "and"}, "gate"),
])
def test_bad_options_name_their_field(options, field):
    with pytest.raises(WidgetInputError) as caught:
        call("initial", options)
    assert caught.value.field == field


@pytest.mark.parametrize("change, field", [
    ({"w": [1.0]}, "w"),
    ({"b": math.inf}, "b"),
    ({"losses": []}, "state.losses"),
    ({"losses": [[5, 0.3]]}, "epoch"),
    ({"rises": 3}, "rises"),
    ({"dataset": "xor"}, "dataset"),
])
def test_bad_states_name_their_field(change, field):
    state = call("initial", {})["state"]
    with pytest.raises(WidgetInputError) as caught:
        call("step", {"state": {**state, **change}})
    assert caught.value.field == field


def test_bad_step_counts_are_refused():
    state = call("initial", {})["state"]
    for steps in (0, 501, 2.5):
        with pytest.raises(WidgetInputError) as caught:
            call("step", {"state": state, "steps": steps})
        assert caught.value.field == "steps"
