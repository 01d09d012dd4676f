"""The chapter-9 sweeps: one point per setting, errors in [0, 1], and the shapes the chapter describes."""

from __future__ import annotations

import pytest

from engine import jobs
from engine.jobs import sweeps
from engine.widgets.errors import WidgetInputError


@pytest.mark.slow  # trains a sweep of networks
def test_data_hunger_more_training_images_lower_test_error():
    events = []
    result = sweeps.run_data_hunger({"epochs": 15, "repeats": 1, "hidden": 16}, events.append)
    points = result["points"]
    assert [p["train_size"] for p in points] == list(sweeps.TRAIN_SIZES)
    assert [e["step"] for e in events] == list(range(1, len(points) + 1))
    errors = [p["test_error"]["mean"] for p in points]
    assert all(0 <= e <= 1 for e in errors)
    assert errors[-1] < errors[0] - 0.2  # 1,280 images beat 20 by a wide margin


@pytest.mark.slow  # trains a sweep of networks
def test_capacity_training_error_falls_as_hidden_units_grow():
    result = sweeps.run_capacity({"epochs": 20, "repeats": 1, "train_size": 100})
    points = result["points"]
    assert [p["hidden"] for p in points] == list(sweeps.HIDDEN_SIZES)
    train_errors = [p["train_error"]["mean"] for p in points]
    assert train_errors[0] > 0.3 and train_errors[-1] < 0.05
    # the generalisation gap: with enough units the test error stays above the training error
    assert points[-1]["test_error"]["mean"] > points[-1]["train_error"]["mean"]


def test_registry_validates_params_and_refuses_unknown_demos():
    assert jobs.validate("data-hunger", {})["hidden"] == 32
    with pytest.raises(WidgetInputError) as info:
        jobs.validate("capacity", {"train_size": 5})
    assert info.value.field == "train_size"
    with pytest.raises(WidgetInputError) as info:
        jobs.demo("nope")
    assert info.value.field == "demo" and info.value.status == 404
