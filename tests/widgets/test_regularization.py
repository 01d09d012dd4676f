"""Regularization: the curves are the engine's training with L2, dropout and early stopping as chosen."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.network import Network
from engine.optimizers import get_optimizer
from engine.training import DIVERGED_MESSAGE, train
from engine.widgets import regularization as figure
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch


def call(name, args):
    result = dispatch("regularization", name, args)
    json.dumps(result, allow_nan=False)
    return result


def lines(chart):
    return {line["name"]: [10**y for _, y in line["points"]] for line in chart["lines"]}


@pytest.mark.parametrize("options", [{"l2": 0.01, "epochs": 50}, {"dropout": 0.2, "epochs": 50},
                                     {"early_stopping": True, "patience": 10, "epochs": 100}])
def test_the_curves_are_the_engine_s_training_with_the_chosen_regularizers(options):
    result = call("initial", options)
    o = figure.OPTIONS.validate(options)
    X, Y, X_val, Y_val = figure.data()
    net = Network(figure.SIZES, "tanh", output_activation="linear", seed=0, dropout=o["dropout"])
    expected = train(net, X, Y, "mse", get_optimizer("adam", o["lr"]), o["epochs"], seed=0, X_val=X_val, Y_val=Y_val,
                     l2=o["l2"], early_stopping_patience=o["patience"] if o["early_stopping"] else None)
    shown = lines(result["chart"])
    assert shown["train"] == pytest.approx(expected.history["loss"], rel=1e-9)
    assert shown["val"] == pytest.approx(expected.history["val_loss"], rel=1e-9)
    assert result["best_epoch"] == int(np.argmin(expected.history["val_loss"])) + 1
    assert result["chart"]["marks"][0]["x"] == result["best_epoch"]


def test_without_regularization_the_network_overfits_and_the_figure_says_so():
    result = call("initial", {})
    val = lines(result["chart"])["val"]
    assert result["best_epoch"] < len(val) and val[-1] > 1.2 * min(val)
    assert result["message_kind"] == "warn" and result["message"].startswith("Overfitting")


def test_early_stopping_keeps_the_best_epoch_s_weights():
    result = call("initial", {"early_stopping": True})
    assert result["status"] == "early_stopped" and result["epochs_run"] == result["best_epoch"] + 50
    val = lines(result["chart"])["val"]
    assert result["final_val"] == pytest.approx(val[result["best_epoch"] - 1], rel=1e-9)
    assert f"kept the weights of epoch {result['best_epoch']}" in result["message"]
    assert result["chart"]["marks"][0]["label"].startswith("early stopping kept this epoch")


def test_l2_narrows_the_gap_between_training_and_validation():
    plain, l2 = call("initial", {}), call("initial", {"l2": 0.01})
    assert l2["final_val"] - l2["final_train"] < plain["final_val"] - plain["final_train"]


def test_a_diverging_run_says_so_and_draws_no_nan():
    result = call("initial", {"lr": 0.1})
    assert result["status"] == "diverged" and result["message_kind"] == "bad"
    assert result["message"] == DIVERGED_MESSAGE[0].upper() + DIVERGED_MESSAGE[1:] + "."


@pytest.mark.parametrize("args, field", [({"l2": -0.1}, "l2"), ({"dropout": 0.9}, "dropout"),
                                         ({"early_stopping": "yes"}, "early_stopping"), ({"epochs": 10}, "epochs")])
def test_bad_options_are_refused_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as caught:
        call("initial", args)
    assert caught.value.field == field
