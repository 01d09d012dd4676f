"""The logic-gates widget against independent computations.

The oracles here are written out in the test, not taken from the engine:
the perceptron rule as a plain Python loop, the 2-2-1 network's forward pass
and cross-entropy in NumPy, and its gradient by central differences.
"""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from engine.widgets.logic_gates import network_mode
from engine.widgets.errors import WidgetInputError
from engine.training import DIVERGED_MESSAGE

TRUTH = {  # (x1, x2) -> y, or x -> y for NOT
    "and": {(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1},
    "or": {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 1},
    "nand": {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 0},
    "xor": {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0},
    "not": {(0,): 1, (1,): 0},
}


def call(name, args):
    result = dispatch("logic-gates", name, args)
    json.dumps(result, allow_nan=False)  # the page receives only finite JSON
    return result


def train_until_done(result, steps=1, limit=10_000):
    for _ in range(limit):
        if result["done"]:
            return result
        result = call("step", {"state": result["state"], "steps": steps})
    raise AssertionError("training never finished")


def reference_perceptron(gate, w, b, eta, epochs):
    """Rosenblatt's rule, rows in table order: errors per epoch and the weights at each epoch start."""
    rows = list(TRUTH[gate].items())
    history, starts = [], [(*w, b)]
    for _ in range(epochs):
        errors = 0
        for x, y in rows:
            y_hat = 1 if sum(wi * xi for wi, xi in zip(w, x)) + b >= 0 else 0
            if y_hat != y:
                errors += 1
                w = [wi + eta * (y - y_hat) * xi for wi, xi in zip(w, x)]
                b = b + eta * (y - y_hat)
        history.append(errors)
        starts.append((*w, b))
        if errors == 0:
            break
    return history, starts, w, b


@pytest.mark.parametrize("gate", ["and", "or", "nand", "not"])
def test_the_perceptron_learns_every_separable_gate_like_the_reference_rule(gate):
    start = {"w1": 0.5, "w2": -0.5, "b": 0.1}
    result = train_until_done(call("initial", {"gate": gate, **start, "eta": 0.5}))
    assert result["converged"] and result["loop"] is None
    w0 = [0.5] if gate == "not" else [0.5, -0.5]
    history, _, w, b = reference_perceptron(gate, w0, 0.1, 0.5, 100)
    assert result["state"]["history"] == history
    assert result["state"]["w"] == pytest.approx(w) and result["state"]["b"] == pytest.approx(b)
    for row in result["frame"]["rows"]:
        assert row["prediction"] == TRUTH[gate][tuple(int(v) for v in row["x"])]
        assert not row["wrong"]
    assert f"Learned {gate.upper()} in {len(history)} epoch" in result["message"]


def test_on_xor_the_rule_loops_and_the_figure_proves_it():
    result = train_until_done(call("initial", {"gate": "xor", "w1": 0.5, "w2": -0.5, "b": 0.1, "eta": 0.5}))
    loop = result["loop"]
    assert loop is not None and not result["converged"]
    history, starts, _, _ = reference_perceptron("xor", [0.5, -0.5], 0.1, 0.5, result["state"]["epoch"])
    assert result["state"]["history"] == history
    # The epochs the figure names really start from the same weights, and none earlier repeat.
    assert starts[loop["from_epoch"] - 1] == pytest.approx(starts[loop["to_epoch"] - 1])
    assert len({tuple(round(v, 9) for v in s) for s in starts[: loop["to_epoch"] - 1]}) == loop["to_epoch"] - 1
    assert "not linearly separable" in result["message"] and "loop" in result["message"]
    assert result["frame"]["chart"]["highlight"] == list(range(loop["from_epoch"] - 1, result["state"]["epoch"]))
    # Keep stepping to the cap: the error count never reaches zero.
    while result["state"]["epoch"] < 100:
        result = call("step", {"state": result["state"], "steps": 400})
    assert min(result["state"]["history"]) > 0
    assert result["done"]


def test_a_loop_with_a_learning_rate_that_is_not_exact_in_binary_is_still_found():
    result = train_until_done(call("initial", {"gate": "xor", "w1": 0.3, "w2": 0.2, "b": -0.1, "eta": 0.1}))
    assert result["loop"] is not None and result["state"]["epoch"] < 100


def test_the_drawn_line_and_regions_match_the_weights():
    result = call("initial", {"gate": "or", "w1": 1.2, "w2": 0.7, "b": -0.4})
    frame = result["frame"]
    (ax, ay), (bx, by) = frame["segment"]
    for x, y in ((ax, ay), (bx, by)):
        assert 1.2 * x + 0.7 * y - 0.4 == pytest.approx(0, abs=1e-9)
    assert all(1.2 * x + 0.7 * y - 0.4 >= -1e-9 for x, y in frame["region"])
    assert all(1.2 * x + 0.7 * y - 0.4 <= 1e-9 for x, y in frame["region_zero"])
    assert [r["z"] for r in frame["rows"]] == pytest.approx([1.2 * a + 0.7 * c - 0.4 for a, c in [(0, 0), (0, 1), (1, 0), (1, 1)]])


def test_not_is_drawn_on_a_number_line_with_its_threshold_point():
    result = call("initial", {"gate": "not", "w1": -2.0, "b": 0.5})
    frame = result["frame"]
    assert frame["one_d"] and frame["threshold"] == pytest.approx(0.25)
    assert frame["points"] == [[0.0, 0.0], [1.0, 0.0]]
    assert all(x == pytest.approx(0.25) for x, _ in frame["segment"])  # a vertical tick at x = -b / w
    assert [r["prediction"] for r in frame["rows"]] == [1.0, 0.0] and frame["errors"] == 0
    assert "threshold at x = 0.250" in result["description"]


def test_moving_a_weight_by_hand_starts_a_new_run():
    trained = call("step", {"state": call("initial", {"gate": "and"})["state"], "steps": 6})
    assert trained["state"]["epoch"] == 1
    moved = call("evaluate", {"state": {**trained["state"], "w": [1.0, 1.0], "b": -1.5}})
    assert moved["state"]["epoch"] == 0 and moved["state"]["history"] == []
    assert moved["frame"]["errors"] == 0


# --- the hidden layer ------------------------------------------------------------------------


def reference_network(params, activation, X):
    """p (m,) and h (2, m) of the 2-2-1 network, written out in NumPy."""
    W1, b1 = np.array(params["W1"]), np.array(params["b1"])[:, None]
    W2, b2 = np.array(params["W2"]), params["b2"]
    z1 = W1 @ X + b1
    h = np.tanh(z1) if activation == "tanh" else 1 / (1 + np.exp(-z1))
    return 1 / (1 + np.exp(-(W2 @ h + b2))), h


def reference_loss(params, activation):
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    y = np.array([0, 1, 1, 0], dtype=float)
    p, _ = reference_network(params, activation, X)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_one_network_step_is_one_gradient_descent_step_on_the_cross_entropy():
    first = call("initial", {"gate": "xor", "hidden": True, "activation": "tanh", "seed": 3, "eta": 0.7})
    params = first["state"]["params"]
    flat = [*np.ravel(params["W1"]), *params["b1"], *params["W2"], params["b2"]]

    def unflat(v):
        return {"W1": [v[0:2], v[2:4]], "b1": v[4:6], "W2": v[6:8], "b2": v[8]}

    eps = 1e-6
    grad = []
    for k in range(9):
        up, down = list(flat), list(flat)
        up[k] += eps
        down[k] -= eps
        grad.append((reference_loss(unflat(up), "tanh") - reference_loss(unflat(down), "tanh")) / (2 * eps))
    expected = unflat([v - 0.7 * g for v, g in zip(flat, grad)])
    after = call("step", {"state": first["state"], "steps": 1})["state"]["params"]
    assert np.ravel(after["W1"]) == pytest.approx(np.ravel(expected["W1"]), abs=1e-8)
    assert after["b1"] == pytest.approx(expected["b1"], abs=1e-8)
    assert after["W2"] == pytest.approx(expected["W2"], abs=1e-8)
    assert after["b2"] == pytest.approx(expected["b2"], abs=1e-8)
    assert first["frame"]["loss"] == pytest.approx(reference_loss(params, "tanh"), rel=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_the_hidden_layer_solves_xor(activation):
    result = train_until_done(call("initial", {"gate": "xor", "hidden": True, "activation": activation, "eta": 1.0}),
                              steps=100)
    assert result["solved"], result["message"]
    params = result["state"]["params"]
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    p, h = reference_network(params, activation, X)
    assert [r["p"] for r in result["frame"]["rows"]] == pytest.approx(p.ravel().tolist(), rel=1e-9)
    assert np.ravel([r["h"] for r in result["frame"]["rows"]]) == pytest.approx(h.T.ravel(), rel=1e-9)
    assert ((p.ravel() >= 0.5) == np.array([0, 1, 1, 0], bool)).all()
    assert result["frame"]["loss"] == pytest.approx(reference_loss(params, activation), rel=1e-9) and result["frame"]["loss"] < 0.05
    curve = result["frame"]["chart"]["line"]
    assert curve[0][0] == 0 and curve[-1][0] == result["state"]["epoch"] and curve[-1][1] < curve[0][1]
    assert "Solved XOR" in result["message"]


def test_the_probability_map_boundary_and_hidden_lines_follow_the_network():
    result = train_until_done(call("initial", {"gate": "xor", "hidden": True, "eta": 1.0}), steps=100)
    params, frame = result["state"]["params"], result["frame"]
    heat = frame["heat"]
    n = heat["n"]
    x0, x1, y0, y1 = heat["extent"]
    xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    gx, gy = np.meshgrid(xs, ys)
    p, _ = reference_network(params, "tanh", np.vstack([gx.ravel(), gy.ravel()]))
    shade = np.frombuffer(base64.b64decode(heat["shade"]), dtype=np.uint8).astype(int)
    assert shade.size == n * n and np.abs(shade - np.rint(255 * p.ravel())).max() <= 1
    segments = heat["contours"][0]["segments"]
    assert heat["contours"][0]["level"] == 0.5 and len(segments) > 10
    ends = np.array([pt for seg in segments for pt in seg]).T
    p_on_curve, _ = reference_network(params, "tanh", ends)
    assert np.abs(p_on_curve - 0.5).max() < 0.1  # linear interpolation inside 0.05-wide cells
    W1, b1 = np.array(params["W1"]), np.array(params["b1"])
    for j, segment in enumerate(frame["hidden_lines"]):
        for x, y in segment:
            assert W1[j] @ [x, y] + b1[j] == pytest.approx(0, abs=1e-9)


def test_an_unlucky_start_is_reported_as_stuck():
    result = train_until_done(call("initial", {"gate": "xor", "hidden": True, "seed": 1, "eta": 1.0}), steps=100)
    assert result["stuck"] and not result["solved"]
    assert result["frame"]["errors"] > 0 and "New start" in result["message"]
    assert result["state"]["epoch"] >= network_mode.STUCK_AFTER


def test_a_long_run_keeps_a_bounded_evenly_thinned_loss_curve():
    result = call("initial", {"gate": "xor", "hidden": True, "activation": "sigmoid", "seed": 1})
    for _ in range(6):
        result = call("step", {"state": result["state"], "steps": 500})
    losses, stride = result["state"]["losses"], result["state"]["stride"]
    assert len(losses) <= network_mode.MAX_LOSS_POINTS and stride > 1
    assert all(epoch % stride == 0 for epoch, _ in losses)
    assert [e for e, _ in losses] == sorted({e for e, _ in losses})


def test_a_diverging_network_run_reports_instead_of_drawing_nan(monkeypatch):
    class Exploding:
        """An optimiser whose step blows the weights up, as a far too large rate would."""

        def __init__(self, lr):
            self.lr = lr

        def step(self, params, grads):
            for p in params:
                p *= math.inf

    start = call("initial", {"gate": "xor", "hidden": True})
    monkeypatch.setattr(network_mode, "SGD", Exploding)
    result = call("step", {"state": start["state"], "steps": 10})
    assert result["diverged"] and result["message"] == DIVERGED_MESSAGE and result["done"]
    assert result["state"]["params"] == start["state"]["params"]  # the last finite weights stay on screen
    assert result["state"]["epoch"] == 0


# --- refused inputs --------------------------------------------------------------------------


@pytest.mark.parametrize("options, field", [
    ({"gate": "xnor"}, "gate"),
    ({"eta": 5}, "eta"),
    ({"eta": 0}, "eta"),
    ({"hidden": "yes"}, "hidden"),
    ({"gate": "not", "hidden": True}, "hidden"),
    ({"activation": "relu", "hidden": True}, "activation"),
    ({"w1": 7}, "w1"),
    ({"colour": "red"}, "colour"),
    ({"seed": -1}, "seed"),
])
def test_bad_options_name_their_field(options, field):
    with pytest.raises(WidgetInputError) as caught:
        call("initial", options)
    assert caught.value.field == field


def _bad_states():
    perceptron = call("initial", {"gate": "and"})["state"]
    network = call("initial", {"gate": "xor", "hidden": True})["state"]
    return [
        ({"state": "nope"}, "state"),
        ({"state": {**perceptron, "mode": "forest"}}, "mode"),
        ({"state": {**perceptron, "w": [1.0]}}, "w"),
        ({"state": {**perceptron, "eta": 9.0}}, "eta"),
        ({"state": {**perceptron, "history": [1, 2]}}, "state.history"),
        ({"state": {**perceptron, "epoch_starts": []}}, "state.epoch_starts"),
        ({"state": perceptron, "steps": 0}, "steps"),
        ({"state": {**network, "params": {**network["params"], "W1": [[1, 2]]}}}, "state.params.W1"),
        ({"state": {**network, "params": {**network["params"], "b2": float("nan")}}}, "b2"),
        ({"state": {**network, "losses": [[0, -1.0]]}}, "loss"),
        ({"state": {**network, "gate": "not"}}, "gate"),
        ({"state": network, "steps": 501}, "steps"),
    ]


@pytest.mark.parametrize("index", range(12))
def test_bad_states_name_their_field(index):
    args, field = _bad_states()[index]
    with pytest.raises(WidgetInputError) as caught:
        call("step", args)
    assert caught.value.field == field
