"""The training-sweep figure's first frame: the chosen sweep's own option table and axis."""

from __future__ import annotations

import pytest

from engine.jobs import sweeps
from engine.widgets import training_sweep as figure
from engine.widgets.errors import WidgetInputError


@pytest.mark.parametrize("sweep, key", [("data-hunger", "train_size"), ("capacity", "hidden")])
def test_initial_carries_the_jobs_option_table_and_axis(sweep, key):
    frame = figure.initial({"sweep": sweep})
    assert frame["option_table"] == sweeps.OPTIONS[sweep].to_json()
    assert frame["params"] == sweeps.OPTIONS[sweep].defaults()
    assert frame["axis"]["key"] == key and frame["axis"]["values"] == figure.AXES[sweep][2]


def test_an_unknown_sweep_is_refused_by_name():
    with pytest.raises(WidgetInputError) as info:
        figure.initial({"sweep": "depth"})
    assert info.value.field == "sweep"
