"""The training-sweep figure's first frame: the chosen sweep's job parameters and axis."""

from __future__ import annotations

import pytest

from engine.jobs import sweeps
from engine.widgets import training_sweep as figure
from engine.widgets.errors import WidgetInputError


@pytest.mark.parametrize("sweep, key", [("data-hunger", "train_size"), ("capacity", "hidden")])
def test_initial_carries_the_jobs_parameters_and_axis(sweep, key):
    defaults = sweeps.OPTIONS[sweep].defaults()
    frame = figure.initial({"sweep": sweep, "epochs": defaults["epochs"]})  # chapter 9 places capacity with 50
    assert frame["params"] == defaults
    changed = figure.initial({"sweep": sweep, "epochs": 7, "repeats": 1, "seed": 5})
    assert changed["params"] == {**sweeps.OPTIONS[sweep].defaults(), "epochs": 7, "repeats": 1, "seed": 5}
    assert "7 epochs, 1 run per point, seed 5" in changed["description"]
    assert frame["axis"]["key"] == key and frame["axis"]["values"] == figure.AXES[sweep][2]


def test_an_unknown_sweep_is_refused_by_name():
    with pytest.raises(WidgetInputError) as info:
        figure.initial({"sweep": "depth"})
    assert info.value.field == "sweep"


def test_the_figures_controls_are_the_jobs_own_declarations():
    for name in ("epochs", "repeats", "seed"):
        for sweep in sweeps.OPTIONS:
            declared = sweeps.OPTIONS[sweep][name].to_json()
            mine = figure.OPTIONS[name].to_json()
            assert {k: v for k, v in mine.items() if k != "default"} == {k: v for k, v in declared.items() if k != "default"}
