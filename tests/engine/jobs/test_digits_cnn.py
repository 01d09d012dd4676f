"""The digits job: the CNN learns the digits, reports every epoch, and repeats itself for a seed."""

from __future__ import annotations

import numpy as np
import pytest

from engine.jobs import digits_cnn
from engine.widgets.errors import WidgetInputError

FAST = {"epochs": 8}


@pytest.fixture(scope="module")
def trained():
    events = []
    return digits_cnn.run(FAST, events.append), events


@pytest.mark.slow  # trains the CNN
def test_the_network_reaches_more_than_90_percent_on_the_held_out_test_set(trained):
    result, _ = trained
    assert result["status"] == "ok"
    assert result["test_accuracy"] > 0.90
    assert result["split"] == {"train": 1438, "test": 359}


@pytest.mark.slow  # trains the CNN
def test_progress_reports_every_epoch_in_order_with_finite_loss(trained):
    result, events = trained
    epochs = [e for e in events if e["stage"] == "training"]
    assert [e["epoch"] for e in epochs] == list(range(1, 9))
    assert all(e["epochs"] == 8 and np.isfinite(e["loss"]) for e in epochs)
    assert epochs[-1]["loss"] < epochs[0]["loss"]
    assert [e["test_accuracy"] for e in epochs] == result["history"]["test_accuracy"]


@pytest.mark.slow  # trains the CNN
def test_confusion_matrix_counts_the_test_set_and_its_diagonal_is_the_accuracy(trained):
    result, _ = trained
    c = np.array(result["confusion"])
    assert c.shape == (10, 10) and c.sum() == 359
    assert np.trace(c) / c.sum() == pytest.approx(result["test_accuracy"], abs=1e-15)


@pytest.mark.slow  # trains the CNN
def test_filters_and_samples_have_the_declared_shapes(trained):
    result, _ = trained
    assert np.array(result["filters"]).shape == (8, 3, 3)
    samples = result["samples"]
    assert len(samples["images"]) == 30 and all(len(im) == 64 for im in samples["images"])
    assert sorted(set(samples["labels"])) == list(range(10))


@pytest.mark.slow  # trains the CNN
def test_same_seed_same_numbers_and_another_seed_differs():
    a = digits_cnn.run({"epochs": 1, "seed": 3})
    b = digits_cnn.run({"epochs": 1, "seed": 3})
    c = digits_cnn.run({"epochs": 1, "seed": 4})
    assert a["model"] == b["model"] and a["history"] == b["history"]
    assert a["model"] != c["model"]


def test_bad_params_name_the_field():
    with pytest.raises(WidgetInputError) as info:
        digits_cnn.run({"epochs": 0})
    assert info.value.field == "epochs"
    with pytest.raises(WidgetInputError) as info:
        digits_cnn.run({"kernel": 4})
    assert info.value.field == "kernel"


@pytest.mark.slow  # trains the CNN
def test_a_huge_learning_rate_reports_divergence_instead_of_nan():
    result = digits_cnn.run({"epochs": 3, "learning_rate": 0.5, "filters": 16})
    assert all(np.isfinite(result["history"]["loss"]))
    if result["status"] == "diverged":
        assert "lower the learning rate" in result["message"]
