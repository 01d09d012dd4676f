"""The playground's engine side: data, features, training, CSV messages, export/import, seeds, divergence."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from engine.widgets.errors import WidgetInputError
from engine.widgets.playground import CALLS, OPTIONS
from engine.widgets.playground import data as datamod
from engine.widgets.playground.csv_data import MAX_ROWS, parse_csv
from engine.widgets.playground.features import FEATURES, feature_matrix
from engine.widgets.playground.model_json import export_model, import_model
from engine.widgets.playground.run import Run
from engine.widgets.protocol import handle


def opts(**changes):
    return OPTIONS.validate(changes)


# --- data ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "spiral"])
def test_classification_sets_have_two_balanced_classes_on_the_square(name):
    X, y = datamod.generate(opts(dataset=name, points=400))
    assert X.shape == (2, 400) and np.abs(X).max() <= 6.0
    assert set(np.unique(y)) == {0, 1}
    assert 150 <= int((y == 1).sum()) <= 250


def test_circle_puts_class_one_inside_and_xor_by_sign():
    X, y = datamod.generate(opts(dataset="circle", points=400))
    r = np.hypot(X[0], X[1])
    assert r[y == 1].max() < r[y == 0].min()
    X, y = datamod.generate(opts(dataset="xor", points=400))
    assert np.array_equal(y == 1, np.sign(X[0]) != np.sign(X[1]))


@pytest.mark.parametrize("name", ["plane", "multigauss"])
def test_regression_sets_have_targets_in_minus_one_one(name):
    X, t = datamod.generate(opts(dataset=name))
    assert t.dtype == np.float64 and np.abs(t).max() <= 1.0 and t.std() > 0.1
    if name == "plane":
        np.testing.assert_allclose(t, (X[0] + X[1]) / 12.0)


@pytest.mark.parametrize("k", [3, 4, 5])
@pytest.mark.parametrize("name", ["gauss", "spiral"])
def test_multiclass_sets_have_k_classes(name, k):
    _, y = datamod.generate(opts(dataset=name, classes=k))
    assert set(np.unique(y)) == set(range(k))


def test_two_class_sets_stay_two_class_whatever_classes_says():
    _, y = datamod.generate(opts(dataset="circle", classes=3))
    assert set(np.unique(y)) == {0, 1} and Run(opts(dataset="xor", classes=5)).sizes[-1] == 1


def test_own_data_starts_as_an_empty_plot_that_says_what_to_do():
    frame = handle("playground", "initial", {"dataset": "custom"})["result"]
    assert frame["points"] == {"train": [], "test": []}
    after = handle("playground", "train", {"session": frame["session"], "options": {"dataset": "custom"},
                                           "epochs": 3})["result"]
    assert after["epoch"] == 0 and "paste a CSV or click on the plot" in after["message"]


def test_noise_moves_points_and_the_seed_fixes_them():
    a, _ = datamod.generate(opts(dataset="xor", noise=0))
    b, _ = datamod.generate(opts(dataset="xor", noise=50))
    assert not np.allclose(a, b)
    c, _ = datamod.generate(opts(dataset="xor", noise=50))
    np.testing.assert_array_equal(b, c)
    d, _ = datamod.generate(opts(dataset="xor", noise=50, seed=2))
    assert not np.allclose(b, d)


def test_split_follows_the_ratio():
    run = Run(opts(train_ratio=70, points=500))
    assert run.X_train.shape[1] == 350 and run.X_test.shape[1] == 150


# --- features --------------------------------------------------------------------------------

def test_features_are_the_seven_of_tensorflow_playground():
    X = np.array([[1.0, -2.0], [0.5, 3.0]])
    F = feature_matrix(X, list(FEATURES))
    expected = [[1, -2], [0.5, 3], [1, 4], [0.25, 9], [0.5, -6], [np.sin(1), np.sin(-2)], [np.sin(0.5), np.sin(3)]]
    np.testing.assert_allclose(F, expected)


def test_the_network_takes_the_features_switched_on():
    run = Run(opts(f_x1=False, f_x1sq=True, f_x2sq=True, f_sinx1=True))
    assert run.features == ["x2", "x1sq", "x2sq", "sinx1"] and run.sizes[0] == 4
    with pytest.raises(WidgetInputError) as err:
        Run(opts(f_x1=False, f_x2=False))
    assert err.value.field == "f_x1"


# --- network and training --------------------------------------------------------------------

def test_architecture_from_0_to_6_hidden_layers():
    assert Run(opts(layers=[])).sizes == [2, 1]
    assert Run(opts(layers=[8] * 6)).sizes == [2, 8, 8, 8, 8, 8, 8, 1]
    with pytest.raises(WidgetInputError):
        opts(layers=[8] * 7)
    with pytest.raises(WidgetInputError):
        opts(layers=[9])


def test_training_on_circle_reaches_a_low_test_loss():
    result = handle("playground", "initial", {})["result"]
    for _ in range(5):
        result = handle("playground", "train", {"session": result["session"], "epochs": 40})["result"]
    assert result["epoch"] == 200 and result["status"] == "ok"
    assert result["test_loss"] < 0.1 < 0.69 < handle("playground", "initial", {})["result"]["test_loss"]


@pytest.mark.parametrize("changes", [
    dict(optimizer="adam", lr=0.01), dict(optimizer="momentum"), dict(optimizer="nesterov"),
    dict(optimizer="rmsprop", lr=0.003), dict(activation="relu", init="he_uniform"),
    dict(schedule="warmup_cosine", lr=0.1), dict(regularization="l2", reg_rate=0.001),
    dict(regularization="l1", reg_rate=0.001), dict(batch_norm=True, optimizer="adam", lr=0.01),
    dict(dropout=0.1, optimizer="adam", lr=0.01),
])
def test_every_optimizer_and_option_trains_the_circle(changes):
    run = Run(opts(**changes))
    start = run.test_loss
    run.train(100)
    assert run.status == "ok" and run.test_loss < 0.6 * start


def test_multiclass_uses_softmax_and_cross_entropy():
    run = Run(opts(dataset="gauss", classes=4, optimizer="adam", lr=0.03))
    assert run.sizes[-1] == 4 and run.loss == "cce_logits"
    assert run.train_loss == pytest.approx(np.log(4), abs=0.5)
    run.train(60)
    assert run.test_loss < 0.2
    frame = CALLS["train"]({"session": CALLS["reset"]({"options": {"dataset": "gauss", "classes": 4}})["session"],
                            "epochs": 1})
    assert set(base64.b64decode(frame["winner"])) <= {0, 1, 2, 3}


def test_regression_learns_the_plane():
    run = Run(opts(dataset="plane", activation="linear", layers=[], lr=0.003))
    run.train(50)
    assert run.loss == "mse" and run.test_loss < 1e-3


def test_l1_drives_weights_to_zero_more_than_l2():
    l1 = Run(opts(layers=[8, 8], regularization="l1", reg_rate=0.03))
    l2 = Run(opts(layers=[8, 8], regularization="l2", reg_rate=0.03))
    l1.train(100), l2.train(100)
    small = [int((np.abs(r.net.params["W[1]"]) < 1e-2).sum()) for r in (l1, l2)]
    assert small[0] > small[1]


def test_early_stopping_keeps_the_best_test_loss():
    run = Run(opts(dataset="xor", noise=50, points=100, layers=[8, 8, 8], optimizer="adam", lr=0.1,
                   early_stop=True, patience=5))
    run.train(1000)
    assert run.status == "early_stopped" and run.epoch < 1000
    best = min(row[2] for row in run.history)
    assert run.test_loss == pytest.approx(best)


def test_divergence_says_lower_the_learning_rate_and_stays_finite():
    options = {"dataset": "plane", "lr": 10.0, "layers": [8, 8], "activation": "relu"}
    result = handle("playground", "initial", options)["result"]
    assert result["session"] is None  # the first frame is pure; the first train call makes the session
    result = handle("playground", "train", {"session": result["session"], "options": options, "epochs": 50})
    assert result["ok"]
    frame = result["result"]
    assert frame["status"] == "diverged" and frame["message"] == "diverged, lower the learning rate"
    assert "diverged, lower the learning rate" in frame["description"]
    json.dumps(frame, allow_nan=False)  # nothing non-finite to draw
    again = handle("playground", "train", {"session": frame["session"], "epochs": 5})["result"]
    assert again["epoch"] == frame["epoch"] and again["status"] == "diverged"


def test_same_seed_same_numbers_different_seed_different():
    def losses(seed):
        run = Run(opts(seed=seed, dropout=0.1))
        run.train(20)
        return [row[1:] for row in run.history]
    assert losses(5) == losses(5)
    assert losses(5) != losses(6)


def test_session_and_stateless_forms_give_the_same_numbers():
    start = handle("playground", "initial", {"optimizer": "adam", "lr": 0.01})["result"]
    kept = handle("playground", "train", {"session": start["session"], "options": {"optimizer": "adam", "lr": 0.01},
                                          "epochs": 7})["result"]
    kept = handle("playground", "train", {"session": kept["session"], "epochs": 8})["result"]
    # No session in this process: the caller carries the model between calls (the server fallback).
    options = {"optimizer": "adam", "lr": 0.01}
    first = handle("playground", "train", {"session": "gone", "options": options, "epochs": 7, "stateless": True})
    model = json.loads(json.dumps(first["result"]["model"]))  # through JSON, as a browser would carry it
    second = handle("playground", "train", {"session": "gone", "model": model, "epochs": 8, "stateless": True})
    assert second["result"]["epoch"] == kept["epoch"] == 15
    assert second["result"]["test_loss"] == kept["test_loss"]
    assert second["result"]["weights"] == kept["weights"]


def test_stateless_edit_and_import_return_the_model_the_server_fallback_continues():
    first = handle("playground", "train", {"session": "gone", "options": {}, "epochs": 3, "stateless": True})["result"]
    edited = handle("playground", "edit_weight", {"session": "gone", "model": first["model"], "layer": 1, "to": 0,
                                                  "from": 1, "value": 2.5, "stateless": True})["result"]
    assert edited["model"]["network"]["params"] != first["model"]["network"]["params"]
    assert import_model(edited["model"]).net.layers[0].params["W"][0, 1] == 2.5  # the edit travels with the run
    imported = handle("playground", "import", {"model": edited["model"], "stateless": True})["result"]
    assert imported["model"]["epoch"] == 3 and imported["weights"] == edited["weights"]
    assert "model" not in handle("playground", "import", {"model": edited["model"]})["result"]


def test_edit_weight_changes_the_output_and_names_bad_indices():
    start = handle("playground", "reset", {"options": {}})["result"]
    edited = handle("playground", "edit_weight", {"session": start["session"], "layer": 1, "to": 0, "from": 1,
                                                  "value": 3.5})["result"]
    assert edited["weights"][0]["W"][0][1] == 3.5 and edited["output"] != start["output"]
    bad = handle("playground", "edit_weight", {"session": start["session"], "layer": 9, "to": 0, "from": 0,
                                               "value": 1.0})
    assert bad["error"]["field"] == "layer" and bad["error"]["status"] == 422
    # A missing or non-integer index is named too (the API fuzzer found an engine fault here).
    missing = handle("playground", "edit_weight", {"session": start["session"], "value": 1.0})
    assert missing["error"]["field"] == "layer" and missing["error"]["status"] == 422
    fractional = handle("playground", "edit_weight", {"session": start["session"], "layer": 1, "to": 0.5,
                                                      "from": 0, "value": 1.0})
    assert fractional["error"]["field"] == "to" and fractional["error"]["status"] == 422


# --- the reader's data -----------------------------------------------------------------------

GOOD_CSV = "x1,x2,label\n" + "\n".join(f"{i % 7},{i % 5},{i % 2}" for i in range(40))


@pytest.mark.parametrize("text, needle", [
    ("x1,x2,label\n1,2,0\n3,abc,1\n", "row 3, column 2: 'abc' is not a number"),
    ("1,2,0\n3,4\n", "row 2: missing column (expected 3 values, got 2)"),
    ("1,2,0\n3,nan,1\n", "row 2, column 2: NaN"),
    ("1,2,0\n3,4,1\ninf,1,0\n", "row 3, column 1: infinite value"),
    ("\n".join("1,2,0" if i % 2 else "3,4,1" for i in range(MAX_ROWS + 1)), "more than 5,000 rows (5,001)"),
    ("1,2,1\n3,4,1\n5,6,1\n", "a single class (1)"),
    ("1,2,0\n3,4,7\n", "row 2, column 3: label 7 is not a class 0-4"),
    ("", "the CSV is empty"),
])
def test_each_bad_csv_gets_a_message_naming_the_row_and_the_problem(text, needle):
    with pytest.raises(WidgetInputError) as err:
        parse_csv(text)
    assert err.value.field == "csv" and needle in err.value.reason
    reply = handle("playground", "load_csv", {"options": {}, "csv": text})
    assert reply["ok"] is False and needle in reply["error"]["reason"] and reply["error"]["status"] == 422


def test_a_good_csv_trains_and_one_feature_csv_is_regression():
    frame = handle("playground", "load_csv", {"options": {}, "csv": GOOD_CSV})["result"]
    assert frame["problem"] == "classification" and frame["classes"] == 2
    assert len(frame["points"]["train"]) + len(frame["points"]["test"]) == 40
    parsed = parse_csv("x,y\n" + "\n".join(f"{i},{i * i}" for i in range(10)))
    assert parsed["kind"] == "regression" and np.abs(parsed["y"]).max() == 1.0
    assert np.abs(parsed["X"][0]).max() == pytest.approx(5.4)


def test_clicked_points_become_the_data():
    points = [[-3, -3, 0], [3, 3, 1], [-3, 3, 2], [3, -3, 0], [0, 4, 1], [4, 0, 2]]
    frame = handle("playground", "set_points", {"options": {}, "points": points})["result"]
    assert frame["classes"] == 3 and frame["sizes"][-1] == 3
    bad = handle("playground", "set_points", {"options": {}, "points": [[0, 9, 0]]})
    assert bad["error"]["field"] == "points" and "point 1" in bad["error"]["reason"]


# --- export and import -----------------------------------------------------------------------

def test_export_import_round_trip_gives_the_same_predictions_and_continues_the_same():
    run = Run(opts(dataset="spiral", classes=3, layers=[8, 6], optimizer="adam", lr=0.01, dropout=0.1))
    run.train(30)
    model = json.loads(json.dumps(export_model(run)))
    assert model["engine_version"] and model["seed"] == 1 and model["architecture"]["sizes"] == [2, 8, 6, 3]
    back = import_model(model)
    grid = np.mgrid[-6:6:9j, -6:6:9j].reshape(2, -1)
    np.testing.assert_array_equal(back.predict(grid), run.predict(grid))
    run.train(10), back.train(10)
    np.testing.assert_array_equal(back.predict(grid), run.predict(grid))
    assert back.history == run.history


def test_import_refuses_what_is_not_a_model():
    assert handle("playground", "import", {"model": {"format": "x"}})["error"]["field"] == "model"
    run = Run(opts())
    model = export_model(run)
    model["network"]["params"][0]["W"] = [[1.0]]
    reply = handle("playground", "import", {"model": model})
    assert reply["error"]["field"] == "model" and "does not match" in reply["error"]["reason"]


# --- the directive's hide list -------------------------------------------------------------------

def test_the_directive_hides_named_controls_and_refuses_unknown_names():
    from app.content.directives import DirectiveError
    from app.content.widget_directive import render_widget

    html = render_widget("playground", {"dataset": "xor", "hide": ["optimizer", "own-data"]}, "ch.md:3", {})
    assert 'data-hide="[&quot;optimizer&quot;,&quot;own-data&quot;]"' in html
    assert "hide" not in html.split('data-config="', 1)[1].split('"', 1)[0]  # the options stay options
    with pytest.raises(DirectiveError) as err:
        render_widget("playground", {"hide": ["warp-drive"]}, "ch.md:9", {})
    assert "ch.md:9" in str(err.value) and "warp-drive" in str(err.value)


def test_neuron_thumbnails_encoded_together_equal_each_encoded_alone():
    import importlib

    frame = importlib.import_module("engine.widgets.playground.frame")
    values = np.array([[np.nan, -2.0, -1.0, -0.5, 0.0], [0.25, 1.0, 3.0, np.inf, -np.inf], [0.1, 0.2, 0.3, 0.4, 0.5]])
    assert frame.rows_to_bytes(values) == [frame.to_bytes(row) for row in values]
    assert base64.b64decode(frame.to_bytes(values[0])) == bytes([128, 0, 0, 64, 128])  # NaN is drawn as 0
    # and the figure's thumbnails are the per-neuron encoding of each neuron's output on the grid
    result = CALLS["train"]({"session": None, "options": {"layers": [3, 2], "f_x1x2": True}, "epochs": 2})
    from engine.widgets.playground import _sessions
    run = _sessions[result["session"]]
    G = frame.feature_matrix(frame._GRIDS[frame.THUMB_GRID], run.features)
    run.net.forward(G, training=False)
    hidden = [[frame.to_bytes(a) for a in row["a"]] for row in run.net.trace()[:-1]]
    inputs = [frame.to_bytes(row / max(np.abs(row).max(), 1e-12)) for row in G]
    assert result["neurons"] == [inputs, *hidden]
