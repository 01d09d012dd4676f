"""The playground's own estimate of a train call's milliseconds: the work its arguments ask for, not its size."""

from __future__ import annotations

import pytest

from engine.widgets import playground
from engine.widgets.errors import WidgetInputError
from engine.widgets.playground.cost import MS_PER_FRAME, train_ms
from engine.widgets.playground.table import MAX_EPOCHS_PER_CALL

LARGEST = {"layers": [8, 8, 8, 8, 8, 8], "points": 1000, "train_ratio": 90, "batch": 1}


def test_the_figure_declares_the_estimate_for_both_names_of_its_train_call():
    assert playground.COSTS_MS == {"train": train_ms, "step": train_ms}


def test_the_estimate_grows_with_epochs_batches_and_layers():
    one = train_ms({"options": {}, "epochs": 1})
    ten = train_ms({"options": {}, "epochs": 10})
    assert ten - MS_PER_FRAME == pytest.approx(10 * (one - MS_PER_FRAME))  # epochs multiply the work
    # Batches of 1 instead of 10: ten times the mini-batches per epoch.
    assert train_ms({"options": {"batch": 1}, "epochs": 10}) > 5 * ten
    # Six hidden layers instead of two: more than twice the work per mini-batch.
    assert train_ms({"options": {"layers": [4, 4, 4, 4, 4, 4]}, "epochs": 10}) > 1.5 * ten
    # Twice the points, twice the mini-batches.
    assert train_ms({"options": {"points": 1000}, "epochs": 10}) > 1.5 * ten


def test_the_largest_run_a_call_may_ask_for_is_estimated_at_tens_of_seconds():
    # Measured on this engine: about 110 ms an epoch (900 mini-batches of one point through 7 layers).
    assert 10_000 < train_ms({"options": LARGEST, "epochs": MAX_EPOCHS_PER_CALL}) < 100_000
    assert train_ms({"options": {}, "epochs": 1}) < 20  # one epoch of the chapter's default: a few ms


def test_a_run_on_its_own_data_counts_its_own_points():
    rows = "\n".join(f"{i % 7},{i % 5},{i % 2}" for i in range(2000))
    own = train_ms({"options": {"dataset": "custom", "batch": 1}, "csv": rows, "epochs": 5})
    generated = train_ms({"options": {"batch": 1}, "epochs": 5})  # 500 points
    assert own > 3 * generated
    clicked = train_ms({"options": {"dataset": "custom", "batch": 1}, "points": [[0, 0, 1]] * 2000, "epochs": 5})
    assert clicked == pytest.approx(own, rel=0.01)


def test_a_model_brings_its_own_options():
    model = {"options": LARGEST, "network": {}}
    assert train_ms({"model": model, "epochs": 3}) == train_ms({"options": LARGEST, "epochs": 3})


@pytest.mark.parametrize("args", [
    "not an object", {"options": {"layers": "many"}}, {"options": {}, "epochs": 0},
    {"options": {}, "epochs": MAX_EPOCHS_PER_CALL + 1}, {"options": {}, "epochs": 10**400},
    {"options": {}, "epochs": True}, {"model": {"options": {"noise": -1}}},
])
def test_input_the_call_will_refuse_has_no_estimate(args):
    assert train_ms(args) is None


def test_the_call_refuses_more_epochs_than_its_bound():
    with pytest.raises(WidgetInputError) as refused:
        playground.train({"options": {}, "epochs": MAX_EPOCHS_PER_CALL + 1})
    assert refused.value.field == "epochs" and str(MAX_EPOCHS_PER_CALL) in refused.value.reason
