"""Calls built from a figure's option table: validate {"options": …}, then the figure's own function."""

from __future__ import annotations

import pytest

from engine.widgets import protocol
from engine.widgets.errors import WidgetInputError
from engine.widgets.kit.option_calls import option_calls
from engine.widgets.options import Option, Options

TABLE = Options(Option("lr", "number", 0.1, min=0.01, max=1.0), Option("epochs", "integer", 5, min=1, max=10))


def doubled(options: dict) -> dict:
    """Twice the learning rate."""
    return {"lr2": 2 * options["lr"], "epochs": options["epochs"]}


def test_built_calls_validate_the_options_with_the_table_and_fill_defaults():
    calls = option_calls(TABLE, lambda o: {"o": o}, train=doubled)
    assert set(calls) == {"initial", "train", "reset"}
    assert calls["train"]({"options": {"lr": 0.25}}) == {"lr2": 0.5, "epochs": 5}
    assert calls["reset"]({}) == {"o": {"lr": 0.1, "epochs": 5}}
    with pytest.raises(WidgetInputError) as refused:
        calls["train"]({"options": {"epochs": 11}})
    assert refused.value.field == "epochs" and "between 1 and 10" in refused.value.reason
    assert calls["train"].__doc__ == "Twice the learning rate."  # the API's summary of the call


@pytest.mark.parametrize("widget, call", [("batch-norm", "train"), ("lr-schedules", "rates"), ("lr-schedules", "train"),
                                          ("regularization", "train"), ("initialisation", "reset")])
def test_the_figures_calls_on_options_are_described_by_their_table_in_openapi(widget, call):
    schema = protocol.call_schema(widget, call)
    assert schema["properties"]["options"] == protocol.module(widget).OPTIONS.json_schema()
    assert schema["additionalProperties"] is False
