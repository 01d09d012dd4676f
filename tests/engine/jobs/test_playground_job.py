"""The playground as a server job: its parameters, its progress, and the same numbers as the figure's train call."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine import jobs
from engine.jobs import playground as job
from engine.widgets.errors import WidgetInputError
from engine.widgets.playground import CALLS
from engine.widgets.playground.table import OPTIONS as FIGURE_OPTIONS

SMALL = {"dataset": "xor", "points": 200, "layers": [3], "lr": 0.1, "seed": 7}


def _same(a, b, path="frame"):
    """Equal structures; floats to 1e-12 (the worker and the server agree to that)."""
    if isinstance(a, float) or isinstance(b, float):
        assert abs(a - b) <= 1e-12, (path, a, b)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), (path, sorted(a.keys() ^ b.keys()))
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def test_the_demo_is_registered_and_its_params_are_the_figures_options_plus_epochs():
    params = jobs.validate("playground", {"dataset": "spiral", "epochs": 30})
    assert params["dataset"] == "spiral" and params["epochs"] == 30 and params["model"] is None
    assert {o["name"] for o in job.OPTIONS.to_json()} == {*FIGURE_OPTIONS.names, "epochs", "every"}
    assert "model" in job.OPTIONS.json_schema()["properties"]


@pytest.mark.parametrize("params, field", [
    ({"epochs": 0}, "epochs"),
    ({"epochs": job.MAX_EPOCHS + 1}, "epochs"),
    ({"every": "often"}, "every"),
    ({"lr": 0.05}, "lr"),
    ({"depth": 3}, "depth"),
    ({"model": {"format": "something else"}}, "model"),
    ({"f_x1": False, "f_x2": False}, "f_x1"),
])
def test_bad_params_are_refused_naming_the_field(params, field):
    with pytest.raises(WidgetInputError) as info:
        jobs.validate("playground", params)
    assert info.value.field == field


def test_a_model_that_is_not_the_run_the_options_describe_is_refused():
    model = CALLS["export"]({"options": SMALL})
    with pytest.raises(WidgetInputError) as info:
        jobs.validate("playground", {**SMALL, "seed": 8, "model": model})
    assert info.value.field == "model" and "options differ" in info.value.reason


def test_progress_comes_every_few_epochs_with_losses_and_a_frame():
    events = []
    result = job.run({**SMALL, "epochs": 25, "every": 10}, events.append)
    assert [e["epoch"] for e in events] == [10, 20, 25]
    assert all(e["epochs"] == 25 and e["stage"] == "training" for e in events)
    # each report's curve holds exactly the epochs since the one before, and its loss is the last row's
    assert [[row[0] for row in e["frame"]["curve"]] for e in events] == [
        list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]
    for e in events:
        assert e["loss"] == e["frame"]["train_loss"] and e["test_loss"] == e["frame"]["test_loss"]
        assert e["frame"]["output"] and e["frame"]["weights"] and e["frame"]["neurons"]
    assert events[-1]["loss"] == result["train_loss"] and result["epoch"] == 25
    assert [e["model"]["epoch"] for e in events] == [10, 20, 25]
    assert events[1]["model"]["history"] == result["model"]["history"][10:20]  # full precision, this report's rows
    assert [row[0] for row in result["curve"]] == list(range(1, 26))
    json.dumps(result, allow_nan=False)  # what the worker process sends


def test_the_job_gives_the_same_numbers_as_the_figures_train_call():
    options = FIGURE_OPTIONS.validate({**SMALL, "optimizer": "adam", "dropout": 0.1})
    result = job.run({**options, "epochs": 40, "every": 7})
    direct = CALLS["train"]({"options": options, "epochs": 40, "stateless": True})
    assert direct.pop("full") is True
    for key in ("options", "classes_apply", "problem", "classes", "features", "points", "start_loss"):
        direct.pop(key)  # what a full frame adds; the page has it from its first frame
    assert direct.pop("session") is not None and result.pop("session") is None
    _same(result, direct)


def test_continuing_from_a_model_equals_training_straight_through():
    options = FIGURE_OPTIONS.validate(SMALL)
    first = job.run({**options, "epochs": 15})
    second = job.run({**options, "epochs": 10, "model": first["model"]}, lambda e: None)
    straight = job.run({**options, "epochs": 25})
    assert second["epoch"] == 25 and [row[0] for row in second["curve"]] == list(range(16, 26))
    _same(second["model"]["network"], straight["model"]["network"])
    assert second["train_loss"] == straight["train_loss"] and second["test_loss"] == straight["test_loss"]
    # a reader who pauses after a report continues from that report's model: the same run again
    reports = []
    job.run({**options, "epochs": 25, "every": 5}, reports.append)
    resumed = job.run({**options, "epochs": 15, "model": reports[1]["model"]})
    assert resumed["epoch"] == 25 and resumed["train_loss"] == straight["train_loss"]


def test_a_diverging_run_stops_early_and_says_so():
    events = []
    result = job.run({"dataset": "plane", "lr": 10, "layers": [8, 8], "activation": "relu", "epochs": 200, "every": 5},
                     events.append)
    assert result["status"] == "diverged" and "lower the learning rate" in result["message"]
    assert result["epoch"] < 200 and events[-1]["status"] == "diverged"
    assert np.isfinite(result["train_loss"])
