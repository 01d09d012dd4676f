"""The vanishing-gradients widget against a forward/backward pass written out here in plain NumPy."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.widgets import vanishing_gradients as demo
from engine.widgets.protocol import dispatch
from engine.widgets.errors import WidgetInputError
from engine.widgets.kit.geometry import decade_ticks

STD = {"small": lambda n_in, n_out: 0.01, "large": lambda n_in, n_out: 1.0,
       "xavier": lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)), "he": lambda n_in, n_out: math.sqrt(2 / n_in)}
ACT = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a, z: a * (1 - a)),
    "tanh": (np.tanh, lambda a, z: 1 - a * a),
    "relu": (lambda z: np.maximum(z, 0), lambda a, z: (z > 0).astype(float)),
}


def reference_norms(activation, init, depth, width=16, seed=7):
    """||dL/dW[l]||_F and ||delta[l]||_F by hand: same seeds and draw order as the widget documents."""
    data = np.random.default_rng(seed)
    X = data.standard_normal((width, 64))
    Y = (data.random((1, 64)) < 0.5).astype(float)
    sizes = [width] + [width] * depth + [1]
    draw = np.random.default_rng(seed + 1)
    Ws = [draw.normal(0.0, STD[init](n_in, n_out), size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    f, df = ACT[activation]
    A, Z = [X], []
    for l, W in enumerate(Ws):
        z = W @ A[-1]
        Z.append(z)
        with np.errstate(over="ignore"):  # exp(-z) overflows to inf for very negative z: sigmoid 0, as it should
            A.append(1 / (1 + np.exp(-z)) if l == len(Ws) - 1 else f(z))
    delta = (A[-1] - Y) / 64  # sigmoid output + mean binary cross-entropy
    dW, deltas = [None] * len(Ws), [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        deltas[l] = delta
        dW[l] = delta @ A[l].T
        if l:
            delta = (Ws[l].T @ delta) * df(A[l], Z[l - 1])
    return [np.linalg.norm(g) for g in dW], [np.linalg.norm(d) for d in deltas]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("init", ["small", "xavier", "he", "large"])
def test_bars_are_the_log_norms_of_a_hand_written_backward_pass(activation, init):
    weights, deltas = reference_norms(activation, init, depth=6)
    for measure, expected in (("weights", weights), ("delta", deltas)):
        r = dispatch("vanishing-gradients", "evaluate", {"activation": activation, "init": init, "depth": 6, "measure": measure})
        assert [b["layer"] for b in r["bars"]] == list(range(1, 8))
        got = [b["log10_norm"] for b in r["bars"]]
        assert got == pytest.approx([math.log10(v) for v in expected], abs=1e-9)


def test_the_default_figure_shows_sigmoid_gradients_vanishing_along_the_quarter_line():
    r = dispatch("vanishing-gradients", "initial", {})
    assert r["state"] == {"activation": "sigmoid", "init": "xavier", "depth": 10, "width": 16, "seed": 7, "measure": "weights"}
    bars = [b["log10_norm"] for b in r["bars"]]
    assert len(bars) == 11
    assert bars[0] - bars[-1] < -3 and r["regime"] == "vanishing"
    # The reference falls by log10(0.25) per layer from the output bar: 0.25^10 at layer 1.
    ref = r["reference"]
    assert ref[-1] == pytest.approx(bars[-1])
    assert ref[0] - ref[-1] == pytest.approx(10 * math.log10(0.25), abs=1e-12)
    assert np.allclose(np.diff(ref), -math.log10(0.25))
    # The axis holds every bar and the whole reference line.
    _, _, lo, hi = r["box"]
    assert lo <= min(bars + ref) and max(bars + ref) <= hi
    assert all(lo <= t["value"] <= hi for t in r["y_ticks"])


def test_no_sigmoid_reference_for_tanh_and_relu():
    for activation in ("tanh", "relu"):
        assert dispatch("vanishing-gradients", "evaluate", {"activation": activation})["reference"] is None


def test_relu_with_he_keeps_the_gradient_within_an_order_of_magnitude():
    r = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "init": "he", "depth": 10})
    bars = [b["log10_norm"] for b in r["bars"]]
    assert max(bars) - min(bars) < 1.0
    assert r["regime"] == "stable" and r["message"].startswith("Stable")


def test_large_weights_with_relu_explode_towards_the_input():
    r = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "init": "large", "depth": 10, "measure": "delta"})
    assert r["summary"]["ratio_log10"] > 3
    assert r["regime"] == "exploding" and r["message"].startswith("Exploding")


def test_depth_sets_the_number_of_bars_and_the_ticks():
    for depth in (1, 3, 30):
        r = dispatch("vanishing-gradients", "evaluate", {"depth": depth})
        assert len(r["bars"]) == depth + 1
        assert r["x_ticks"][0] == 1 and r["x_ticks"][-1] == depth + 1


def test_overflowing_weights_are_reported_as_exploded_not_nan(monkeypatch):
    # Weights of 1e200 overflow a ReLU network's activations to inf, and inf * 0 to NaN.
    monkeypatch.setattr(demo, "_draw_weights", lambda init, shape, rng: np.full(shape, 1e200))
    monkeypatch.setattr(demo, "measure_network", demo.measure_network.__wrapped__)  # no cached real weights
    r = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "depth": 4})
    assert any(b["status"] == "exploded" for b in r["bars"])
    assert all(b["log10_norm"] is None for b in r["bars"] if b["status"] == "exploded")
    assert r["regime"] == "exploded" and r["message"].startswith("Exploded")
    assert "exploded" in r["description"]
    json.dumps(r, allow_nan=False)


def test_a_switched_off_relu_layer_is_reported_as_zero_gradient(monkeypatch):
    # All-zero weights in layer 2: every z is 0 there, ReLU'(0) = 0, so nothing passes in either direction.
    calls = []

    def draw(init, shape, rng):
        calls.append(shape)
        return np.zeros(shape) if len(calls) == 2 else rng.normal(0, 0.5, size=shape)

    monkeypatch.setattr(demo, "_draw_weights", draw)
    monkeypatch.setattr(demo, "measure_network", demo.measure_network.__wrapped__)  # no cached real weights
    r = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "depth": 3})
    assert {b["status"] for b in r["bars"]} == {"zero"}
    assert r["regime"] == "dead" and "switched off" in r["message"]
    json.dumps(r, allow_nan=False)


def test_log10_norm_survives_entries_whose_squares_under_or_overflow():
    for scale in (1e-200, 1e200):
        status, value = demo.log10_norm(np.full((16, 16), scale))
        assert status == "ok"
        assert value == pytest.approx(math.log10(scale) + math.log10(16), abs=1e-12)
    assert demo.log10_norm(np.zeros((3, 3))) == ("zero", None)
    assert demo.log10_norm(np.array([1.0, np.nan])) == ("exploded", None)
    assert demo.log10_norm(np.array([1.0, np.inf])) == ("exploded", None)


def test_scientific_text_reaches_beyond_the_float_range():
    assert demo.scientific(math.log10(3.2e-5)) == "3.2e-05"
    assert demo.scientific(-400.0) == "1.0e-400"
    assert demo.scientific(math.log10(9.99)) == "1.0e+01"


@pytest.mark.parametrize(
    "args, field",
    [
        ({"activation": "softmax"}, "activation"),
        ({"init": "zeros"}, "init"),
        ({"depth": 0}, "depth"),
        ({"depth": 31}, "depth"),
        ({"depth": 2.5}, "depth"),
        ({"width": 1}, "width"),
        ({"seed": -1}, "seed"),
        ({"measure": "bias"}, "measure"),
        ({"layers": 3}, "layers"),
    ],
)
def test_invalid_inputs_name_their_field(args, field):
    for call in ("initial", "evaluate"):
        with pytest.raises(WidgetInputError) as info:
            dispatch("vanishing-gradients", call, args)
        assert info.value.field == field


def test_decade_ticks_label_powers_of_ten_and_thin_out_on_long_axes():
    assert decade_ticks(-3.5, 1.2) == [{"value": -3.0, "label": "10⁻³"}, {"value": -2.0, "label": "10⁻²"},
                                       {"value": -1.0, "label": "10⁻¹"}, {"value": 0.0, "label": "1"},
                                       {"value": 1.0, "label": "10"}]
    long = decade_ticks(-63, 0)
    assert len(long) <= 7 and long[-1] == {"value": 0.0, "label": "1"}
    assert all(t["value"] % 10 == 0 for t in long)
    with pytest.raises(ValueError):
        decade_ticks(2, 1)
