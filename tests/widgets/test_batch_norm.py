"""Batch norm: both runs are the engine's training, and the bands are the watched layer's inputs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.datasets import moons
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.training import DIVERGED_MESSAGE, train
from engine.widgets import batch_norm as figure
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch

SMALL = {"epochs": 5, "depth": 3}


def call(name, args):
    result = dispatch("batch-norm", name, args)
    json.dumps(result, allow_nan=False)
    return result


def lines(chart):
    return {line["name"]: [y for _, y in line["points"]] for line in chart["lines"]}


@pytest.mark.parametrize("batch_norm, name", [(False, "plain"), (True, "bn")])
def test_each_loss_curve_and_band_is_the_engine_network_trained(batch_norm, name):
    result = call("initial", {**SMALL, "layer": "middle"})
    X, Y = moons(n=figure.POINTS, noise=figure.NOISE, seed=0)
    net = Network([2, figure.WIDTH, figure.WIDTH, figure.WIDTH, 1], "sigmoid", output_activation="sigmoid", seed=3,
                  batch_norm=batch_norm)
    medians = []

    def median(*_):
        net.forward(X, training=False)
        medians.append(float(np.percentile(net.trace()[1]["z"], 50)))

    median()
    trained = train(net, X, Y, "bce", get_optimizer("sgd", 0.15), 5, batch_size=figure.BATCH, seed=0, on_epoch=median)
    assert lines(result["losses"])[name][1:] == pytest.approx(trained.history["loss"], rel=1e-12)
    assert lines(result["bands"])[f"{name}-50"] == pytest.approx(medians, rel=1e-12)
    assert result["layer"] == 2


def test_with_batch_norm_the_deep_sigmoid_network_learns_and_the_plain_one_stalls():
    result = call("initial", {})
    plain, bn = result["runs"]
    assert bn["loss"] < 0.5 * plain["loss"]
    assert "lower with batch norm" in result["message"]


def test_the_watched_layer_follows_the_depth():
    assert figure.watched_layer({"depth": 7, "layer": "first"}) == 1
    assert figure.watched_layer({"depth": 7, "layer": "middle"}) == 4
    assert figure.watched_layer({"depth": 7, "layer": "last"}) == 7


def test_train_answers_for_the_options_it_was_given():
    result = call("train", {"options": {**SMALL, "lr": 0.2}})
    assert result["trained"] == result["options"] and result["options"]["lr"] == 0.2


def test_a_diverging_run_is_reported(monkeypatch):
    real = figure.run
    monkeypatch.setattr(figure, "run", lambda o, bn: {**real(o, bn), "status": "diverged"} if not bn else real(o, bn))
    result = call("initial", SMALL)
    assert result["message_kind"] == "bad" and result["message"] == f"Without batch norm: {DIVERGED_MESSAGE}."
    assert "without batch norm diverged" in result["description"]


@pytest.mark.parametrize("args, field", [({"lr": 0}, "lr"), ({"depth": 11}, "depth"), ({"layer": "4"}, "layer"),
                                         ({"activation": "softmax"}, "activation")])
def test_bad_options_are_refused_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as caught:
        call("initial", args)
    assert caught.value.field == field
