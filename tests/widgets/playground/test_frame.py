"""The frame's grids come from one forward pass over both grids; the Play loop's timing is opt-in."""

from __future__ import annotations

import base64
import importlib

import numpy as np
import pytest

from engine.widgets.playground import CALLS, _sessions

frame = importlib.import_module("engine.widgets.playground.frame")


@pytest.mark.parametrize("options", [
    {"layers": [8] * 6},                                     # the largest network, two classes
    {"layers": [4, 3], "dataset": "spiral", "classes": 3, "f_sinx1": True, "batch_norm": True},  # winner + confidence
    {"layers": [], "dataset": "plane"},                      # regression, no hidden layer
])
def test_one_pass_over_both_grids_draws_what_separate_passes_draw(options):
    result = CALLS["train"]({"session": None, "options": options, "epochs": 3})
    run = _sessions[result["session"]]
    assert (run.regression, run.classes > 2) == (options.get("dataset") == "plane", options.get("classes", 2) > 2)
    out = run.predict(frame._GRIDS[frame.OUTPUT_GRID])  # the output grid alone
    if run.regression:
        expected = frame.to_bytes(out[0])
    elif run.classes == 2:
        expected = frame.to_bytes(2.0 * out[0] - 1.0)
    else:
        expected = frame.to_bytes(2.0 * out.max(axis=0) - 1.0)
        winner = np.frombuffer(base64.b64decode(result["winner"]), dtype=np.uint8)
        assert winner.tolist() == np.argmax(out, axis=0).tolist()
    assert result["output"] == expected
    G = frame.feature_matrix(frame._GRIDS[frame.THUMB_GRID], run.features)  # the thumbnail grid alone
    run.net.forward(G, training=False)
    hidden = [[frame.to_bytes(a) for a in row["a"]] for row in run.net.trace()[:-1]]
    inputs = [frame.to_bytes(row / max(np.abs(row).max(), 1e-12)) for row in G]
    assert result["neurons"] == [inputs, *hidden]
    assert len(base64.b64decode(result["output"])) == frame.OUTPUT_GRID ** 2
    assert {len(base64.b64decode(t)) for col in result["neurons"] for t in col} == {frame.THUMB_GRID ** 2}


def test_drawing_a_frame_changes_no_number_of_the_run():
    a = CALLS["train"]({"session": None, "options": {"layers": [8] * 6}, "epochs": 4})
    b = CALLS["train"]({"session": None, "options": {"layers": [8] * 6}, "epochs": 2})
    b = CALLS["train"]({"session": b["session"], "epochs": 2})  # a frame drawn half way
    assert (a["train_loss"], a["test_loss"], a["weights"], a["output"]) == (b["train_loss"], b["test_loss"], b["weights"], b["output"])


def test_the_training_time_is_reported_only_when_asked():
    plain = CALLS["train"]({"session": None, "options": {"layers": [8] * 6}, "epochs": 3})
    assert "train_ms" not in plain  # a frame is otherwise a pure function of the run
    timed = CALLS["train"]({"session": plain["session"], "epochs": 3, "timing": True})
    assert isinstance(timed["train_ms"], float) and timed["train_ms"] > 0
    assert timed["epoch"] == 6
