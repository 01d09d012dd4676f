"""The digits-cnn figure's calls: trained weights in, the network's view of an image or a drawing out."""

from __future__ import annotations

import numpy as np
import pytest

from engine.jobs import digits_cnn as job
from engine.jobs.small_cnn import SmallCNN
from engine.widgets import digits_cnn as figure
from engine.widgets.errors import WidgetInputError


@pytest.fixture(scope="module")
def trained():
    return job.run({"epochs": 4})


def test_initial_shows_one_image_of_each_digit_and_the_figure_options():
    frame = figure.initial({})
    assert frame["strip"]["labels"] == list(range(10))
    assert np.array(frame["strip"]["images"]).shape == (10, 8, 8)
    assert frame["options"] == job.OPTIONS.defaults() and figure.OPTIONS is job.OPTIONS


def test_features_are_the_trained_networks_own_numbers(trained):
    image = trained["samples"]["images"][0]
    out = figure.features({"model": trained["model"], "image": image})
    net = SmallCNN.from_dict(trained["model"])
    np.testing.assert_array_equal(out["probabilities"], net.probabilities(np.array(image)[:, None])[:, 0])
    assert np.array(out["relu"]).shape == (8, 8, 8) and np.array(out["pooled"]).shape == (8, 4, 4)
    assert out["predicted"] == trained["samples"]["predicted"][0]


def test_a_drawn_zero_is_read_as_a_zero(trained):
    yy, xx = np.mgrid[0:32, 0:32]
    ring = np.sqrt(((yy - 16) / 12) ** 2 + ((xx - 16) / 8) ** 2)
    pad = ((ring > 0.72) & (ring < 1.0)).astype(float)
    out = figure.classify({"model": trained["model"], "pad": pad.tolist()})
    assert out["predicted"] == 0 and out["probabilities"][0] > 0.5
    assert abs(sum(out["probabilities"]) - 1) < 1e-12


@pytest.mark.parametrize("args, field", [
    ({}, "model"),
    ({"model": {"filters": 8}}, "model"),
    ({"model": "weights"}, "model"),
    ({"pad": [[0] * 32] * 32}, "pad"),  # empty pad
    ({"pad": [[2] * 32] * 32}, "pad"),
    ({"pad": [0] * 10}, "pad"),
])
def test_bad_input_names_the_field(trained, args, field):
    args = {"model": trained["model"], **args} if "model" not in args and args else args
    with pytest.raises(WidgetInputError) as info:
        figure.classify(args)
    assert info.value.field == field


def test_foreign_weights_are_refused_with_the_shape(trained):
    model = dict(trained["model"], filters=4)
    with pytest.raises(WidgetInputError) as info:
        figure.features({"model": model, "image": [0.0] * 64})
    assert info.value.field == "model" and "shape" in info.value.reason


def test_initial_without_the_data_file_still_draws_the_figure(monkeypatch, tmp_path):
    from engine.jobs import digits_data

    monkeypatch.setenv("NNBOOK_DIGITS", str(tmp_path / "absent.csv.gz"))
    frame = figure.initial({})
    assert frame["strip"] is None and figure.OPTIONS is job.OPTIONS
    digits_data._load.cache_clear()
