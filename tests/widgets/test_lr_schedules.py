"""Learning-rate schedules: the curves are the engine's schedules, the losses the engine's training."""

from __future__ import annotations

import json

import pytest

from engine.datasets import moons
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.schedules import get_schedule
from engine.training import DIVERGED_MESSAGE, train
from engine.widgets import lr_schedules as figure
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch


def call(name, args):
    result = dispatch("lr-schedules", name, args)
    json.dumps(result, allow_nan=False)
    return result


def lines(chart):
    return {line["name"]: line["points"] for line in chart["lines"]}


def test_each_curve_is_its_schedule_epoch_by_epoch():
    result = call("initial", {"lr": 0.4, "epochs": 30, "kappa": 0.5, "step_size": 10, "period": 8, "warmup": 4})
    curves = lines(result["rates"])
    assert [y for _, y in curves["constant"]] == [0.4] * 30
    assert [y for _, y in curves["step"]] == pytest.approx([0.4 * 0.5 ** (e // 10) for e in range(30)])
    assert [y for _, y in curves["exponential"]] == pytest.approx([0.4 * 0.5 ** (e / 10) for e in range(30)])
    restarts = get_schedule("cosine_restarts", 0.4, T_0=8)
    assert [y for _, y in curves["cosine_restarts"]] == pytest.approx(restarts.curve(30))
    assert curves["cosine_restarts"][8][1] == pytest.approx(0.4)  # back to η₀ at the restart
    warm = [y for _, y in curves["warmup_cosine"]]
    assert warm[0] == pytest.approx(0.04) and warm[4] == pytest.approx(0.4) and warm[-1] < 0.01


def test_each_loss_curve_is_the_engine_s_training_under_that_schedule():
    options = {"lr": 1.0, "epochs": 15, "kappa": 0.5, "step_size": 5}
    result = call("initial", options)
    X, Y = moons(n=figure.POINTS, noise=figure.NOISE, seed=0)
    net = Network(figure.SIZES, "tanh", output_activation="sigmoid", seed=1)
    sched = get_schedule("step", 1.0, step_size=5, gamma=0.5)
    expected = train(net, X, Y, "bce", get_optimizer("sgd", 1.0), 15, batch_size=figure.BATCH, seed=0, schedule=sched)
    shown = [y for _, y in lines(result["losses"])["step"]]
    assert shown[1:] == pytest.approx(expected.history["loss"], rel=1e-12)
    assert len(shown) == 16
    row = {r["name"]: r for r in result["runs"]}["step"]
    assert row["loss"] == pytest.approx(expected.history["loss"][-1]) and row["final_lr"] == pytest.approx(1.0 * 0.5**2)


def test_rates_answer_quickly_without_training_and_train_answers_the_rest():
    quick = call("rates", {"options": {"lr": 0.3}})
    assert set(quick) == {"options", "rates", "description"} and "recomputed" in quick["description"]
    slow = call("train", {"options": {"lr": 0.3}})
    assert slow["trained"] == slow["options"] and slow["options"]["lr"] == 0.3
    assert call("initial", {"lr": 0.3})["description"] == slow["description"]


def test_a_rate_that_blows_up_the_training_is_reported(monkeypatch):
    monkeypatch.setattr(figure, "run", lambda schedule, epochs: {"losses": [0.7, 0.6], "status": "diverged"})
    result = call("initial", {})
    assert result["message_kind"] == "bad" and result["message"].endswith(DIVERGED_MESSAGE + ".")
    assert "constant diverged" in result["description"]


@pytest.mark.parametrize("args, field", [({"lr": 0}, "lr"), ({"epochs": 500}, "epochs"), ({"kappa": 1.5}, "kappa"),
                                         ({"step_size": 0}, "step_size"), ({"schedule": "x"}, "schedule")])
def test_bad_options_are_refused_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as caught:
        call("initial", args)
    assert caught.value.field == field
    with pytest.raises(WidgetInputError):
        call("train", {"options": args})
