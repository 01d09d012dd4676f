"""The perceptron figure's engine side: geometry, the learning rule, validation."""

from __future__ import annotations

import numpy as np
import pytest

from engine import datasets
from engine.widgets.protocol import dispatch
from engine.widgets.errors import WidgetInputError
from engine.widgets.kit.geometry import boundary_segment, positive_region
from engine.perceptron import Perceptron

BOX = (-0.5, 1.5, -0.5, 1.5)


def _area(polygon):
    x, y = np.array(polygon).T
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


@pytest.mark.parametrize("w, b", [([1.0, 1.0], -1.5), ([0.5, -0.5], 0.1), ([0.0, 2.0], -0.25), ([-3.0, 0.2], 0.4)])
def test_regions_split_the_box_along_the_line(w, b):
    one, zero = positive_region(w, b, BOX), positive_region([-w[0], -w[1]], -b, BOX)
    assert _area(one) + _area(zero) == pytest.approx(4.0)
    for x, y in one:
        assert w[0] * x + w[1] * y + b >= -1e-12
    for x, y in zero:
        assert w[0] * x + w[1] * y + b <= 1e-12
    # a Monte-Carlo estimate of the positive area agrees with the polygon's
    rng = np.random.default_rng(0)
    pts = rng.uniform(-0.5, 1.5, size=(20000, 2))
    fraction = np.mean(pts @ np.array(w) + b >= 0)
    assert _area(one) / 4.0 == pytest.approx(fraction, abs=0.02)
    segment = boundary_segment(w, b, BOX)
    assert segment is not None and len(segment) == 2
    for x, y in segment:
        assert abs(w[0] * x + w[1] * y + b) < 1e-9
        assert min(abs(x - BOX[0]), abs(x - BOX[1]), abs(y - BOX[2]), abs(y - BOX[3])) < 1e-9


def test_a_line_outside_the_box_or_zero_weights_draw_no_segment():
    assert boundary_segment([1.0, 1.0], 10.0, BOX) is None
    assert positive_region([1.0, 1.0], 10.0, BOX) != [] and _area(positive_region([1.0, 1.0], 10.0, BOX)) == pytest.approx(4.0)
    assert boundary_segment([0.0, 0.0], 1.0, BOX) is None


@pytest.mark.parametrize("dataset", ["and", "or", "separable"])
def test_stepping_follows_the_engine_perceptron(dataset):
    result = dispatch("perceptron", "initial", {"dataset": dataset, "w1": 0.3, "w2": -0.2, "b": 0.05, "eta": 0.2})
    X, y = (datasets.logic_gate(dataset) if dataset != "separable" else datasets.linearly_separable(n=30, seed=0))
    reference = Perceptron(np.array([0.3, -0.2]), 0.05, 0.2)
    for _ in range(400):
        if result["converged"]:
            break
        result = dispatch("perceptron", "step", {"state": result["state"], "steps": 1})
        reference.step(X, y)
    assert result["converged"] and reference.converged
    assert result["state"]["w"] == pytest.approx(reference.w.tolist(), abs=1e-15)
    assert result["state"]["b"] == pytest.approx(reference.b, abs=1e-15)
    assert result["state"]["history"] == reference.history
    assert result["frame"]["errors"] == 0


def test_update_record_holds_the_rule_with_its_numbers():
    first = dispatch("perceptron", "initial", {"dataset": "and", "w1": 0.5, "w2": 0.5, "b": 0.0, "eta": 0.1})
    u = dispatch("perceptron", "step", {"state": first["state"]})["update"]
    # sample (0, 0) with y = 0: z = 0 → y_hat = 1 (step(0) = 1), error −1: b drops by η
    assert (u["x"], u["y"], u["z"], u["y_hat"], u["error"]) == ([0.0, 0.0], 0.0, 0.0, 1.0, -1.0)
    assert u["w_after"] == [0.5, 0.5] and u["b_after"] == pytest.approx(-0.1)


def test_xor_is_not_offered_and_bad_state_is_refused():
    with pytest.raises(WidgetInputError) as info:
        dispatch("perceptron", "initial", {"dataset": "xor"})
    assert info.value.field == "dataset"
    state = dispatch("perceptron", "initial", {})["state"]
    for broken, field in [({**state, "w": [1.0]}, "w"), ({**state, "eta": 50}, "eta"),
                          ({**state, "points": {"x1": [0.0], "x2": [0.0], "y": [2.0]}}, "y[0]")]:
        with pytest.raises(WidgetInputError) as info:
            dispatch("perceptron", "step", {"state": broken})
        assert info.value.field == field
    with pytest.raises(WidgetInputError) as info:
        dispatch("perceptron", "step", {"state": state, "steps": 0})
    assert info.value.field == "steps"
