"""Batch size: three SGD runs of the engine on one line-fitting loss, the same rate and epochs."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.training import DIVERGED_MESSAGE, batches
from engine.widgets import batch_size as figure
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch


def call(args):
    result = dispatch("batch-size", "initial", args)
    json.dumps(result, allow_nan=False)
    return result


def runs(result):
    return {r["name"]: r for r in result["runs"]}


def test_the_full_batch_path_is_gradient_descent_on_the_exact_gradient():
    full = runs(call({"lr": 0.2, "epochs": 5}))["full"]
    theta = np.array(figure.START)
    for k in range(5):
        theta = theta - 0.2 * figure.LOSS.gradient(*theta)
        assert full["path"][k + 1] == pytest.approx(theta.tolist(), rel=1e-12)
    assert full["steps"] == 5 and full["per_epoch"] == 1


def test_the_single_sample_path_steps_on_one_point_at_a_time_in_the_trainer_s_shuffled_order():
    single = runs(call({"lr": 0.05, "epochs": 1, "seed": 4}))["single"]
    rng = np.random.default_rng(4)
    index = np.arange(figure.POINTS)[None, :]
    theta = np.array(figure.START)
    for k, (rows, _) in enumerate(batches(index, index, 1, rng)):
        i = int(rows.ravel()[0])
        x, y = figure.LOSS.x[i], figure.LOSS.y[i]
        r = theta[0] * x + theta[1] - y
        theta = theta - 0.05 * np.array([r * x, r])
        assert single["path"][k + 1] == pytest.approx(theta.tolist(), rel=1e-10)
    assert single["steps"] == figure.POINTS


def test_smaller_batches_take_more_steps_and_wander_more_at_the_end():
    result = call({"batch": 10, "epochs": 20, "lr": 0.1})
    r = runs(result)
    assert (r["full"]["steps"], r["mini"]["steps"], r["single"]["steps"]) == (20, 100, 1000)
    assert r["single"]["spread"] > r["mini"]["spread"] > r["full"]["spread"]
    assert figure.LOSS.argmin == pytest.approx((2.0, -1.0), abs=0.3)  # the noisy line is near y = 2x − 1


def test_the_chart_is_the_distance_to_the_lowest_loss_per_epoch():
    result = call({"batch": 5, "epochs": 2})
    mini = {line["name"]: line for line in result["chart"]["lines"]}["mini"]["points"]
    path = runs(result)["mini"]["path"]
    assert len(mini) == len(path) == 21
    assert mini[10][0] == pytest.approx(1.0)  # ten batches of 5 make one epoch
    J = float(figure.LOSS.value(*path[10]))
    assert mini[10][1] == pytest.approx(math.log10(max(J - figure.LOSS.minimum, 1e-6)))


def test_a_learning_rate_too_large_for_single_samples_is_reported_not_drawn():
    result = call({"lr": 1.0})
    single = runs(result)["single"]
    assert single["status"] == "diverged" and all(math.isfinite(v) for p in single["path"] for v in p)
    assert result["message_kind"] == "bad" and result["message"].endswith(DIVERGED_MESSAGE + ".")


@pytest.mark.parametrize("args, field", [({"batch": 1}, "batch"), ({"lr": 2}, "lr"), ({"epochs": 0}, "epochs")])
def test_bad_options_are_refused_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as caught:
        call(args)
    assert caught.value.field == field


def test_remembered_runs_equal_fresh_runs_and_cannot_be_spoiled_by_a_caller():
    options = figure.OPTIONS.validate({"batch": 5, "epochs": 3})
    figure._FRAMES.clear()
    fresh = json.loads(json.dumps(figure.initial(options)))
    first = figure.initial(options)  # the runs come from memory now
    assert json.loads(json.dumps(first)) == fresh
    first["runs"][0]["gap"] = 99.0  # a caller editing its reply
    with pytest.raises(TypeError):
        first["runs"][0]["path"][0][0] = 99.0  # paths (and chart points) are tuples: kept runs cannot change
    assert json.loads(json.dumps(figure.initial(options))) == fresh
    for batch in range(2, 2 + 2 * figure._FRAMES_KEPT):  # the memory stays bounded
        figure.initial(figure.OPTIONS.validate({"batch": batch, "epochs": 1}))
    assert len(figure._FRAMES) == figure._FRAMES_KEPT


def optimizer_descent(batch, lr, epochs, seed):
    """The plain computation the figure's fast path replaces: the engine's SGD optimizer stepping on
    the batch gradient of each batch ``engine.training.batches`` cuts, the loss on all points after
    every step."""
    from engine.optimizers import get_optimizer

    rng = np.random.default_rng(seed)
    theta = np.array(figure.START, dtype=np.float64)
    params, grads = {"theta": theta}, {"theta": np.zeros(2)}
    opt = get_optimizer("sgd", lr)
    index = np.arange(figure.POINTS)[None, :]
    path, losses = [theta.tolist()], [float(figure.LOSS.value(*theta))]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            for rows, _unused in batches(index, index, batch, rng):
                grads["theta"][:] = figure.LOSS.gradient(theta[0], theta[1], rows.ravel())
                opt.step(params, grads)
                J = float(figure.LOSS.value(*theta))
                if not (J < figure.ESCAPE and np.all(np.abs(theta) < figure.ESCAPE)):
                    return {"path": path, "losses": losses, "status": "diverged"}
                path.append(theta.tolist())
                losses.append(J)
    return {"path": path, "losses": losses, "status": "ok"}


@pytest.mark.parametrize("batch", [None, 1, 2, 7, 8, 25])
@pytest.mark.parametrize("lr, epochs, seed", [(0.005, 3, 0), (0.1, 10, 0), (0.6, 30, 5), (1.0, 10, 3)])
def test_the_fast_descent_takes_the_optimizer_s_steps_to_rounding(batch, lr, epochs, seed):
    fast = figure.descend_uncached(figure.LOSS, batch, lr, epochs, seed)
    plain = optimizer_descent(batch, lr, epochs, seed)
    assert fast["status"] == plain["status"] and fast["steps"] == len(plain["path"]) - 1
    assert len(fast["path"]) == len(plain["path"])
    got, want = np.array(fast["path"]), np.array(plain["path"])
    scale = np.max(np.abs(want), axis=1)  # per point, relative to its larger coordinate
    assert np.all(np.max(np.abs(got - want), axis=1) <= 1e-12 * scale)
    assert fast["losses"] == pytest.approx(plain["losses"], rel=1e-12)


def test_rerun_is_the_first_frame_without_the_contour_map():
    options = {"batch": 6, "lr": 0.2, "epochs": 4}
    first = dispatch("batch-size", "initial", options)
    again = dispatch("batch-size", "rerun", {"options": options})
    assert "map" not in again and again == {k: v for k, v in first.items() if k in again}
    assert set(first) - set(again) == {"map", "box", "start", "argmin", "minimum"}


def test_rerun_leaves_out_only_the_paths_the_page_holds():
    options = {"batch": 6, "lr": 0.2, "epochs": 4}
    first = dispatch("batch-size", "initial", options)
    held = {r["name"]: r["id"] for r in first["runs"]}
    moved = dispatch("batch-size", "rerun", {"options": {**options, "batch": 7}, "have": [held["full"], held["single"]]})
    full = dispatch("batch-size", "initial", {**options, "batch": 7})
    by_name = {r["name"]: r for r in moved["runs"]}
    assert "path" not in by_name["full"] and "path" not in by_name["single"] and by_name["mini"]["path"]
    assert by_name["full"]["id"] == held["full"] and by_name["mini"]["id"] != held["mini"]
    lines = {line["name"]: line for line in moved["chart"]["lines"]}
    assert "points" not in lines["full"] and "points" not in lines["single"] and lines["mini"]["points"]
    # filled in from what the page holds, the reply is the whole frame for the new batch size
    paths = {r["id"]: r["path"] for r in first["runs"]}
    points = {line["id"]: line["points"] for line in first["chart"]["lines"]}
    for run in moved["runs"]:
        if "path" not in run:
            run["path"] = paths[run["id"]]
    for line in moved["chart"]["lines"]:
        if "points" not in line:
            line["points"] = points[line["id"]]
    assert moved == {k: v for k, v in full.items() if k in moved}
    # a changed learning rate changes every run's id: nothing the page holds applies
    other = dispatch("batch-size", "rerun", {"options": {**options, "lr": 0.3}, "have": list(held.values())})
    assert all(r["path"] for r in other["runs"])


@pytest.mark.parametrize("have", ["full", [1, 2], ["x"] * 17])
def test_rerun_refuses_a_have_that_is_not_a_short_list_of_ids(have):
    with pytest.raises(WidgetInputError) as caught:
        dispatch("batch-size", "rerun", {"options": {}, "have": have})
    assert caught.value.field == "have"
