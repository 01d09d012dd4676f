"""The backpropagation stepper against a 2-n-1 network computed by hand here, and finite differences."""

from __future__ import annotations

import copy
import json
import math
from itertools import combinations

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from engine.widgets.errors import WidgetInputError


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def by_hand(params, x, y, loss):
    """Forward, loss, deltas and gradients of the 2-n-1 sigmoid network, one example, written out."""
    W1, b1 = np.array(params[0]["W"]), np.array(params[0]["b"])[:, 0]
    W2, b2 = np.array(params[1]["W"])[0], float(params[1]["b"][0][0])
    x = np.array(x, dtype=float)
    z1 = W1 @ x + b1
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    if loss == "bce":
        L = -(y * math.log(a2) + (1 - y) * math.log(1 - a2))
        d2 = a2 - y
    else:
        L = (a2 - y) ** 2
        d2 = 2 * (a2 - y) * a2 * (1 - a2)
    d1 = W2 * d2 * a1 * (1 - a1)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "L": L, "d2": d2, "d1": d1,
            "dW2": d2 * a1, "db2": d2, "dW1": np.outer(d1, x), "db1": d1}


def loss_only(params, x, y, loss):
    return by_hand(params, x, y, loss)["L"]


def values(result) -> dict:
    return {e["key"]: e["value"] for e in result["entries"]}


@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("options", [{}, {"hidden": 3, "weights": "random", "seed": 5, "x1": -1.5, "x2": 0.4, "y": 0}])
def test_every_number_matches_the_hand_computation(loss, options):
    r = dispatch("backprop", "initial", {**options, "loss": loss})
    s = r["state"]
    h = by_hand(s["params"], s["x"], s["y"], loss)
    v = values(r)
    n = s["hidden"]
    for j in range(n):
        assert v[f"z1_{j}"] == pytest.approx(h["z1"][j], rel=1e-12)
        assert v[f"a1_{j}"] == pytest.approx(h["a1"][j], rel=1e-12)
        assert v[f"delta1_{j}"] == pytest.approx(h["d1"][j], rel=1e-10)
        assert v[f"db1_{j}"] == pytest.approx(h["db1"][j], rel=1e-10)
        assert v[f"dW2_0{j}"] == pytest.approx(h["dW2"][j], rel=1e-10)
        for k in range(2):
            assert v[f"dW1_{j}{k}"] == pytest.approx(h["dW1"][j, k], rel=1e-10, abs=1e-15)
    assert v["z2_0"] == pytest.approx(h["z2"], rel=1e-12)
    assert v["a2_0"] == pytest.approx(h["a2"], rel=1e-12)
    assert v["loss"] == pytest.approx(h["L"], rel=1e-12)
    assert v["delta2_0"] == pytest.approx(h["d2"], rel=1e-12)
    assert v["db2_0"] == pytest.approx(h["db2"], rel=1e-12)


def test_the_default_figure_is_the_chapters_worked_example():
    from engine.book_numbers import ch07

    r = dispatch("backprop", "initial", {})
    assert r["state"]["params"] == ch07.EXAMPLE_PARAMS
    assert r["state"]["x"] == ch07.EXAMPLE_X[:, 0].tolist()
    assert r["state"]["y"] == ch07.EXAMPLE_Y[0, 0]
    assert r["state"]["eta"] == ch07.EXAMPLE_LEARNING_RATE
    assert r["loss_after"] == pytest.approx(ch07.loss_after_one_step(), rel=1e-12)


def test_gradients_agree_with_finite_differences_of_the_hand_written_loss():
    r = dispatch("backprop", "initial", {"hidden": 3, "weights": "random", "seed": 11, "loss": "mse", "x1": 0.7, "x2": -2.0})
    s = r["state"]
    v = values(r)
    eps = 1e-6
    for l, key, name in ((0, "W", "dW1_"), (0, "b", "db1_"), (1, "W", "dW2_"), (1, "b", "db2_")):
        rows = s["params"][l][key]
        for i in range(len(rows)):
            for k in range(len(rows[i])):
                up, down = copy.deepcopy(s["params"]), copy.deepcopy(s["params"])
                up[l][key][i][k] += eps
                down[l][key][i][k] -= eps
                numeric = (loss_only(up, s["x"], s["y"], "mse") - loss_only(down, s["x"], s["y"], "mse")) / (2 * eps)
                entry = f"{name}{i}{k}" if key == "W" else f"{name}{i}"
                assert v[entry] == pytest.approx(numeric, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("options", [{}, {"hidden": 3, "weights": "random", "loss": "mse", "y": 0}])
def test_check_gradients_reports_every_parameter_far_below_one_in_a_million(options):
    r = dispatch("backprop", "initial", options)
    c = dispatch("backprop", "check", {"state": r["state"]})
    n = r["state"]["hidden"]
    assert len(c["rows"]) == 2 * n + n + n + 1
    assert c["passed"] and c["max_entry_error"] < 1e-6 and c["max_relative_error"] < 1e-6
    v = values(r)
    backprop = {row["label"]: row["backprop"] for row in c["rows"]}
    assert backprop["∂L/∂W[2]₁₁"] == pytest.approx(v["dW2_00"], rel=1e-12)
    assert backprop["∂L/∂b[1]₁"] == pytest.approx(v["db1_0"], rel=1e-12)
    for row in c["rows"]:
        assert row["numeric"] == pytest.approx(row["backprop"], rel=1e-6, abs=1e-10)
    json.dumps(c, allow_nan=False)


def test_update_stage_and_apply_take_one_gradient_step():
    r = dispatch("backprop", "initial", {"eta": 0.3})
    s = r["state"]
    h = by_hand(s["params"], s["x"], s["y"], "bce")
    v = values(r)
    W1 = np.array(s["params"][0]["W"]) - 0.3 * h["dW1"]
    W2 = np.array(s["params"][1]["W"])[0] - 0.3 * h["dW2"]
    b1 = np.array(s["params"][0]["b"])[:, 0] - 0.3 * h["db1"]
    assert v["newW1_01"] == pytest.approx(W1[0, 1], rel=1e-12)
    assert v["newW2_01"] == pytest.approx(W2[1], rel=1e-12)
    assert v["newb1_1"] == pytest.approx(b1[1], rel=1e-12)
    stepped = dispatch("backprop", "apply", {"state": s})
    assert stepped["state"]["round"] == 1
    assert np.allclose(stepped["state"]["params"][0]["W"], W1, rtol=1e-12)
    assert stepped["loss"] == pytest.approx(v["loss_after"], rel=1e-12)
    assert stepped["loss"] < r["loss"]  # a small step downhill lowers the loss


def test_stages_run_forward_then_output_error_before_hidden_errors():
    r = dispatch("backprop", "initial", {"hidden": 3, "weights": "random"})
    assert len(r["stages"]) == 9
    stage_of = {e["key"]: e["stage"] for e in r["entries"]}
    assert stage_of["z1_0"] < stage_of["z2_0"] < stage_of["loss"] < stage_of["delta2_0"] < stage_of["delta1_0"]
    assert stage_of["dW2_00"] < stage_of["delta1_2"] < stage_of["dW1_21"] < stage_of["newW1_21"]
    # Every weight, delta and gradient of the 2-3-1 network is there exactly once.
    keys = [e["key"] for e in r["entries"]]
    assert len(keys) == len(set(keys))
    assert {f"dW1_{j}{k}" for j in range(3) for k in range(2)} <= set(keys)
    assert {f"db1_{j}" for j in range(3)} | {"db2_0", "delta2_0"} <= set(keys)


def test_every_number_has_a_place_on_the_drawing_and_labels_do_not_pile_up():
    for hidden in (2, 3):
        r = dispatch("backprop", "initial", {"hidden": hidden, "weights": "random"})
        d = r["diagram"]
        places = {n["id"] for n in d["nodes"]} | {e["id"] for e in d["edges"]} | set(d["anchors"])
        assert {e["anchor"] for e in r["entries"]} <= places
        x0, x1, y0, y1 = d["box"]
        labels = [e["label_at"] for e in d["edges"]]
        for x, y in labels + [[n["x"], n["y"]] for n in d["nodes"]]:
            assert x0 < x < x1 and y0 < y < y1
        # Two lines of text per edge label need about 0.45 units of height.
        for p, q in combinations(labels, 2):
            assert math.dist(p, q) > 0.45
        nodes = [[n["x"], n["y"]] for n in d["nodes"]]
        for p, q in combinations(nodes, 2):
            assert math.dist(p, q) > 4 * d["radius"]


def test_a_runaway_update_reports_divergence_instead_of_numbers():
    r = dispatch("backprop", "initial", {"x1": 1.0, "x2": 0.0})
    state = copy.deepcopy(r["state"])
    # z[1] = 1 for both units; W[2] = (9999, 0) and b[2] cancel to z[2] = 0, so dL/dW[2]_11 = -0.5 a: the step pushes past 1e4.
    a = 1 / (1 + math.exp(-1))
    state["params"] = [{"W": [[1.0, 0.0], [1.0, 0.0]], "b": [[0.0], [0.0]]}, {"W": [[9999.0, 0.0]], "b": [[-9999.0 * a]]}]
    state["eta"] = 5.0
    for call in ("evaluate", "apply"):
        with pytest.raises(WidgetInputError) as info:
            dispatch("backprop", call, {"state": state})
        assert info.value.field == "eta" and "diverged" in info.value.reason
    state["eta"] = 0.1  # the same weights with a small step stay inside the limit
    stepped = dispatch("backprop", "apply", {"state": state})["state"]["params"]
    assert abs(stepped[1]["W"][0][0]) < 1e4


@pytest.mark.parametrize(
    "options, field",
    [
        ({"hidden": 4}, "hidden"),
        ({"hidden": 3}, "weights"),  # the chapter's example has two hidden units
        ({"weights": "zeros"}, "weights"),
        ({"x1": 6}, "x1"),
        ({"x2": float("inf")}, "x2"),
        ({"y": 2}, "y"),
        ({"loss": "hinge"}, "loss"),
        ({"eta": 0}, "eta"),
        ({"eta": 9}, "eta"),
        ({"seed": -3}, "seed"),
        ({"depth": 3}, "depth"),
    ],
)
def test_invalid_options_name_their_field(options, field):
    with pytest.raises(WidgetInputError) as info:
        dispatch("backprop", "initial", options)
    assert info.value.field == field


def test_invalid_states_name_their_field():
    good = dispatch("backprop", "initial", {})["state"]
    cases = [
        ({"state": None}, "state"),
        ({"state": {**good, "params": good["params"][:1]}}, "state.params"),
        ({"state": {**good, "params": [{"W": [[1, 2]], "b": [[0], [0]]}, good["params"][1]]}}, "state.params[1].W"),
        ({"state": {**good, "params": [good["params"][0], {"W": [[1.0, float("nan")]], "b": [[0]]}]}}, "state.params[2].W[0][1]"),
        ({"state": {**good, "x": [1.0]}}, "x"),
        ({"state": {**good, "round": -1}}, "round"),
    ]
    for call in ("evaluate", "apply", "check"):
        for args, field in cases:
            with pytest.raises(WidgetInputError) as info:
                dispatch("backprop", call, args)
            assert info.value.field == field, (call, args)


def test_results_are_json_and_describe_the_figure():
    r = dispatch("backprop", "initial", {})
    json.dumps(r, allow_nan=False)
    assert "2-2-1" in r["description"] and "0.7668" in r["description"]
    assert r["stages"][4]["text"].endswith("= −0.5355.")
