"""The activations widget: sampled curves, values at z, softmax stability, and the linear collapse."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from engine.widgets.errors import WidgetInputError
from engine.widgets.kit.linear_collapse import compose_affine

# Independent formulas, written from the definitions (not the engine's code).
FORMULAS = {
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(z, 0.0),
    "leaky_relu": lambda z: z if z > 0 else 0.1 * z,
    "linear": lambda z: z,
    "step": lambda z: 1.0 if z >= 0 else 0.0,
}


def _points(pieces):
    return [p for piece in pieces for p in piece]


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_sampled_curve_follows_the_definition(name):
    curve = dispatch("activations", "curve", {"activation": name, "alpha": 0.1, "z": 0.5})["curve"]
    points = _points(curve["f"])
    assert len(points) >= 201
    assert min(p[0] for p in points) == -5 and max(p[0] for p in points) == 5
    for z, f in points:
        if z != 0:  # at 0 a jump's pieces carry the one-sided limits
            assert f == pytest.approx(FORMULAS[name](z), abs=1e-12)
    x0, x1, y0, y1 = curve["box"]
    values = [p[1] for p in points] + [p[1] for p in _points(curve["df"])]
    assert y0 < min(values) and max(values) < y1


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
@pytest.mark.parametrize("z", [-3.7, -0.4, 0.8, 2.9])
def test_derivative_at_z_matches_a_central_difference(name, z):
    point = dispatch("activations", "point", {"activation": name, "alpha": 0.1, "z": z})["point"]
    h = 1e-6
    numeric = (FORMULAS[name](z + h) - FORMULAS[name](z - h)) / (2 * h)
    assert point["df"] == pytest.approx(numeric, abs=1e-7)
    assert point["f"] == pytest.approx(FORMULAS[name](z), abs=1e-12)


def test_sigmoid_derivative_peaks_at_a_quarter():
    result = dispatch("activations", "curve", {"activation": "sigmoid", "z": 0.0})
    assert result["point"]["df"] == pytest.approx(0.25)
    assert "0.25 at z = 0.00" in result["curve"]["description"]


def test_curves_break_where_they_jump_and_mark_the_value_taken_at_zero():
    step = dispatch("activations", "curve", {"activation": "step"})["curve"]
    assert len(step["f"]) == 2 and len(step["df"]) == 1
    assert {(d["value"], d["filled"]) for d in step["f_dots"]} == {(1.0, True), (0.0, False)}
    relu = dispatch("activations", "curve", {"activation": "relu"})["curve"]
    assert len(relu["f"]) == 1 and len(relu["df"]) == 2
    assert {(d["value"], d["filled"]) for d in relu["df_dots"]} == {(0.0, True), (1.0, False)}
    # with alpha = 1 leaky ReLU is the identity: nothing jumps
    identity = dispatch("activations", "curve", {"activation": "leaky_relu", "alpha": 1.0})["curve"]
    assert len(identity["df"]) == 1 and identity["df_dots"] == []


def test_notes_explain_flat_regions():
    assert "no gradient" in dispatch("activations", "point", {"activation": "step", "z": 2.0})["point"]["note"]
    assert "off" in dispatch("activations", "point", {"activation": "relu", "z": -1.0})["point"]["note"]
    assert "Saturated" in dispatch("activations", "point", {"activation": "sigmoid", "z": 4.9})["point"]["note"]
    assert dispatch("activations", "point", {"activation": "sigmoid", "z": 0.0})["point"]["note"] == ""


def _softmax_by_hand(logits):
    exps = [math.exp(v) for v in logits]
    return [e / sum(exps) for e in exps]


@pytest.mark.parametrize("logits", [[2.0, 1.0, 0.1], [-3.0, 0.0, 3.0, 9.5], [0.0, 0.0, 0.0]])
def test_softmax_probabilities_match_the_definition_and_sum_to_one(logits):
    s = dispatch("activations", "softmax", {"logits": logits})["softmax"]
    assert s["probs"] == pytest.approx(_softmax_by_hand(logits), abs=1e-12)
    assert s["sum"] == pytest.approx(1.0, abs=1e-12)
    assert s["argmax"] == int(np.argmax(logits))
    assert s["naive"]["status"] == "ok"


def test_temperature_divides_the_logits():
    s = dispatch("activations", "softmax", {"logits": [2.0, 1.0, 0.1], "temperature": 0.5})["softmax"]
    assert s["probs"] == pytest.approx(_softmax_by_hand([4.0, 2.0, 0.2]), abs=1e-12)
    hot = dispatch("activations", "softmax", {"logits": [2.0, 1.0, 0.1], "temperature": 5.0})["softmax"]
    assert max(hot["probs"]) < max(s["probs"])


def test_a_huge_shift_breaks_the_naive_formula_but_not_the_engine():
    base = dispatch("activations", "softmax", {"logits": [2.0, 1.0, 0.1]})["softmax"]
    up = dispatch("activations", "softmax", {"logits": [2.0, 1.0, 0.1], "shift": 1000.0})["softmax"]
    down = dispatch("activations", "softmax", {"logits": [2.0, 1.0, 0.1], "shift": -1000.0})["softmax"]
    assert up["naive"]["status"] == "overflow" and up["naive"]["largest_exponent"] == 1002.0
    assert down["naive"]["status"] == "underflow"
    for shifted in (up, down):
        assert shifted["probs"] == pytest.approx(base["probs"], abs=1e-12)
        assert shifted["sum"] == pytest.approx(1.0, abs=1e-12)
        assert max(shifted["stable_exps"]) == 1.0


@pytest.mark.parametrize(("args", "field"), [
    ({"logits": [1.0, 2.0]}, "logits"),
    ({"logits": [1.0, 2.0, 3.0, 4.0, 5.0]}, "logits"),
    ({"logits": [11.0, 0.0, 0.0]}, "logits[0]"),
    ({"logits": [0.0, "a", 0.0]}, "logits[1]"),
    ({"temperature": 0.0}, "temperature"),
    ({"shift": 1e4}, "shift"),
])
def test_softmax_refuses_bad_input_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as error:
        dispatch("activations", "softmax", args)
    assert error.value.field == field


def _stacked_by_hand(weights, biases, x):
    a = np.array(x, dtype=float).reshape(-1, 1)
    for W, b in zip(weights, biases):
        a = np.array(W) @ a + np.array(b)
    return a[:, 0]


@pytest.mark.parametrize("k", [1, 2, 3, 8])
def test_k_linear_layers_equal_the_single_folded_layer(k):
    c = dispatch("activations", "collapse", {"k": k, "seed": 4, "x": [0.7, -2.2]})["collapse"]
    assert len(c["weights"]) == len(c["biases"]) == k
    by_hand = _stacked_by_hand(c["weights"], c["biases"], [0.7, -2.2])
    assert c["output_stacked"] == pytest.approx(by_hand, abs=1e-12)
    assert c["output_single"] == pytest.approx(by_hand, abs=1e-12)
    assert c["difference"] < 1e-12
    # The folded map read off the layers themselves: columns f(e_j) - f(0), intercept f(0).
    f0 = _stacked_by_hand(c["weights"], c["biases"], [0.0, 0.0])
    columns = [_stacked_by_hand(c["weights"], c["biases"], e) - f0 for e in ([1.0, 0.0], [0.0, 1.0])]
    assert np.array(c["W"]) == pytest.approx(np.column_stack(columns), abs=1e-12)
    assert np.array(c["b"])[:, 0] == pytest.approx(f0, abs=1e-12)
    assert c["path"][-1] == pytest.approx(by_hand, abs=1e-12)


def test_more_layers_keep_the_first_ones_and_entries_are_one_decimal():
    three = dispatch("activations", "collapse", {"k": 3, "seed": 9})["collapse"]
    five = dispatch("activations", "collapse", {"k": 5, "seed": 9})["collapse"]
    assert five["weights"][:3] == three["weights"] and five["biases"][:3] == three["biases"]
    entries = np.array(five["weights"]).ravel()
    assert np.all(np.abs(entries) <= 1.0) and np.allclose(entries * 10, np.round(entries * 10))
    other = dispatch("activations", "collapse", {"k": 3, "seed": 10})["collapse"]
    assert other["weights"] != three["weights"]


def test_relu_between_the_layers_changes_the_map():
    c = dispatch("activations", "collapse", {"k": 2, "seed": 0, "x": [1.0, -0.5]})["collapse"]
    W1, b1, W2, b2 = (np.array(v) for v in (c["weights"][0], c["biases"][0], c["weights"][1], c["biases"][1]))
    hidden = np.maximum(W1 @ np.array([[1.0], [-0.5]]) + b1, 0.0)
    assert c["output_relu"] == pytest.approx((W2 @ hidden + b2)[:, 0], abs=1e-12)


def test_compose_affine_handles_layers_of_different_widths():
    rng = np.random.default_rng(1)
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(4, 3)), rng.normal(size=(1, 4))]
    biases = [rng.normal(size=(3, 1)), rng.normal(size=(4, 1)), rng.normal(size=(1, 1))]
    W, b = compose_affine(weights, biases)
    assert W.shape == (1, 2) and b.shape == (1, 1)
    x = rng.normal(size=(2, 5))
    assert W @ x + b == pytest.approx(weights[2] @ (weights[1] @ (weights[0] @ x + biases[0]) + biases[1]) + biases[2])
    with pytest.raises(ValueError):
        compose_affine([], [])


@pytest.mark.parametrize(("call", "args", "field"), [
    ("collapse", {"k": 0}, "k"),
    ("collapse", {"k": 9}, "k"),
    ("collapse", {"x": [0.0, 3.5]}, "x[1]"),
    ("collapse", {"x": [0.0]}, "x"),
    ("curve", {"activation": "softplus"}, "activation"),
    ("curve", {"alpha": -0.1}, "alpha"),
    ("point", {"z": 6.0}, "z"),
    ("point", {"z": float("nan")}, "z"),
    ("initial", {"colour": "red"}, "colour"),
])
def test_invalid_inputs_name_their_field(call, args, field):
    with pytest.raises(WidgetInputError) as error:
        dispatch("activations", call, args)
    assert error.value.field == field


def test_initial_frame_holds_all_three_parts_as_plain_json():
    frame = dispatch("activations", "initial", {"activation": "tanh", "z": -1.0, "logits": [1.0, 2.0, 3.0, 4.0], "k": 4})
    assert frame["curve"]["name"] == "tanh" and frame["point"]["z"] == -1.0
    assert len(frame["softmax"]["probs"]) == 4 and frame["collapse"]["k"] == 4
    assert json.loads(json.dumps(frame)) == frame
    assert "tanh" in frame["description"] and "Softmax" in frame["description"]
