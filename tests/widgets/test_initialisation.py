"""Initialisation: the histograms and spreads are the engine network's activations, and zeros are symmetric."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.network import Network
from engine.widgets import initialisation as figure
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch


def call(args):
    result = dispatch("initialisation", "initial", args)
    json.dumps(result, allow_nan=False)
    return result


def engine_activations(init, activation, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((100, figure.SAMPLES))
    rng.random((1, figure.SAMPLES))
    net = Network([100] * (figure.LAYERS + 1) + [1], activation, output_activation="sigmoid", init=init, seed=seed)
    net.forward(X)
    return [row["a"] for row in net.trace()[: figure.LAYERS]]


@pytest.mark.parametrize("init, activation", [("xavier_normal", "tanh"), ("he_normal", "relu"), ("normal", "tanh")])
def test_each_layer_s_numbers_are_the_engine_network_s_activations(init, activation):
    layers = call({"init": init, "activation": activation})["layers"]
    for shown, a in zip(layers, engine_activations(init, activation)):
        assert shown["std"] == pytest.approx(a.std(), rel=1e-12)
        lo, hi = shown["range"]
        counts, _ = np.histogram(np.clip(a, lo, hi), bins=figure.BINS, range=(lo, hi))
        assert shown["fractions"] == pytest.approx(counts / a.size)
        assert sum(shown["fractions"]) == pytest.approx(1.0)


def test_he_keeps_relu_alive_where_small_weights_let_it_die():
    he = call({"init": "he_normal", "activation": "relu"})["layers"]
    small = call({"init": "normal", "activation": "relu"})["layers"]
    assert 0.3 < he[-1]["std"] / he[0]["std"] < 3
    assert small[-1]["std"] < 1e-6 * small[0]["std"]
    # σ = 0.01 over 100 inputs: each layer scales the spread by about 0.01·√100 / √2 for ReLU
    assert small[1]["std"] / small[0]["std"] == pytest.approx(0.1 / math.sqrt(2), rel=0.35)


def test_small_weights_say_the_signal_dies_out():
    result = call({"init": "normal", "activation": "tanh"})
    assert result["message_kind"] == "warn" and result["message"].startswith("The signal dies out")


def test_zeros_make_every_unit_of_a_layer_the_same_and_say_so():
    result = call({"init": "zeros", "activation": "tanh"})
    assert all(l["distinct_units"] == 1 and l["distinct_gradients"] == 1 for l in result["layers"])
    assert result["message_kind"] == "bad" and "1 distinct unit of 100" in result["message"]
    xavier = call({"init": "xavier_normal", "activation": "tanh"})["layers"]
    assert all(l["distinct_units"] == 100 and l["distinct_gradients"] == 100 for l in xavier)


def test_distinct_rows_counts_rows_not_values():
    A = np.array([[1.0, 2.0], [1.0, 2.0], [2.0, 1.0], [0.0, 0.0]])
    assert figure.distinct_rows(A) == 3


@pytest.mark.parametrize("args, field", [({"init": "ones"}, "init"), ({"activation": "sigmoid"}, "activation"),
                                         ({"seed": -1}, "seed")])
def test_bad_options_are_refused_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as caught:
        call(args)
    assert caught.value.field == field


def test_small_weights_shrink_the_spread_by_about_a_hundredth_of_root_n_per_layer():
    for units in (20, 150):
        layers = call({"init": "normal", "activation": "tanh", "units": units})["layers"]
        # tanh is the identity near 0, so the spread falls by σ√n = 0.01√n per layer
        assert layers[2]["std"] / layers[1]["std"] == pytest.approx(0.01 * math.sqrt(units), rel=0.2)
        assert layers[-1]["distinct_units"] == units


def plain_frame(options):
    """The figure's numbers computed the plain way, as the figure did before its fast path: one
    np.histogram, np.mean and a freshly drawn projection direction per layer, nothing remembered."""
    o = figure.OPTIONS.validate(options)
    rng = np.random.default_rng(o["seed"])
    X = rng.standard_normal((o["units"], figure.SAMPLES))
    Y = (rng.random((1, figure.SAMPLES)) < 0.5).astype(float)
    net = Network([o["units"]] * (figure.LAYERS + 1) + [1], o["activation"], output_activation="sigmoid",
                  init=o["init"], seed=o["seed"])
    net.forward(X, training=True)
    net.backward_from_loss("bce", Y)

    def distinct(A):
        scale = float(np.max(np.abs(A))) or 1.0
        direction = np.random.default_rng(12345).standard_normal(A.shape[1])
        return int(np.unique(np.round((A / scale) @ direction / np.sqrt(A.shape[1]), 9)).size)

    layers = []
    for row in net.trace()[: figure.LAYERS]:
        a, dW = row["a"], row["dW"]
        lo, hi = (-1.0, 1.0) if o["activation"] == "tanh" else (0.0, max(float(a.max()), 1e-12))
        counts, _ = np.histogram(np.clip(a, lo, hi), bins=figure.BINS, range=(lo, hi))
        layers.append({"std": float(a.std()), "mean": float(a.mean()), "zero_fraction": float(np.mean(a == 0.0)),
                       "saturated_fraction": float(np.mean(np.abs(a) > figure.SATURATED)) if o["activation"] == "tanh" else 0.0,
                       "distinct_units": distinct(a), "distinct_gradients": distinct(dW) if np.any(dW) else 1,
                       "grad_norm": float(np.linalg.norm(dW)), "range": [lo, hi], "fractions": (counts / a.size).tolist()})
    return layers


@pytest.mark.parametrize("init", ["zeros", "normal", "xavier_normal", "he_normal"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("units, seed", [(20, 3), (100, 0)])
def test_the_fast_layer_numbers_equal_the_plain_computation(init, activation, units, seed):
    shown = call({"init": init, "activation": activation, "units": units, "seed": seed})["layers"]
    for got, want in zip(shown, plain_frame({"init": init, "activation": activation, "units": units, "seed": seed})):
        for key, value in want.items():
            assert got[key] == pytest.approx(value, rel=1e-12, abs=0.0), key
        assert got["fractions"] == want["fractions"]  # the same counts in the same bins, exactly


def test_bin_counts_are_numpy_s_histogram_on_the_edges_too():
    rng = np.random.default_rng(5)
    for lo, hi in [(-1.0, 1.0), (0.0, 3.7), (0.0, 1e-12)]:
        edges = np.linspace(lo, hi, figure.BINS + 1)
        values = np.concatenate([rng.uniform(lo, hi, 5000), edges, np.nextafter(edges, np.inf).clip(lo, hi),
                                 np.nextafter(edges, -np.inf).clip(lo, hi), [0.0, lo, hi]])
        expected, _ = np.histogram(values, bins=figure.BINS, range=(lo, hi))
        assert figure.bin_counts(values, lo, hi).tolist() == expected.tolist()


def test_remembered_frames_are_fresh_copies():
    first = call({"units": 30})
    first["layers"][0]["fractions"][0] = 99.0  # a caller editing its reply
    first["layers"][0]["std"] = -1.0
    first["options"]["units"] = 40
    again = call({"units": 30})
    assert again["layers"][0]["fractions"][0] != 99.0 and again["layers"][0]["std"] > 0
    assert again["options"]["units"] == 30
    assert again["layers"][0]["std"] == pytest.approx(plain_frame({"units": 30})[0]["std"], rel=1e-12)
