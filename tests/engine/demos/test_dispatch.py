"""The one entry point of every widget: discovery, errors, and the finiteness guard."""

from __future__ import annotations

import json
import types

import pytest

from engine import demos
from engine.demos.errors import DemoInputError


def test_every_demo_module_is_discovered_under_its_hyphenated_name():
    assert {"perceptron", "logic-gates", "step-vs-sigmoid", "architecture", "activations", "forward-pass",
            "loss-explorer", "backprop", "vanishing-gradients"} <= set(demos.widget_names())
    for name in demos.widget_names():
        assert "initial" in demos.calls(name), name


def test_json_entry_point_gives_the_same_result_as_dispatch():
    text = demos.dispatch_json("perceptron", "initial", json.dumps({"dataset": "or"}))
    assert json.loads(text) == demos.dispatch("perceptron", "initial", {"dataset": "or"})


@pytest.mark.parametrize("widget, call, args, field", [
    ("teleporter", "initial", {}, "widget"),
    ("perceptron", "explode", {}, "call"),
    ("perceptron", "initial", [1, 2], "args"),
])
def test_unknown_names_and_bad_arguments_name_the_field(widget, call, args, field):
    with pytest.raises(DemoInputError) as info:
        demos.dispatch(widget, call, args)
    assert info.value.field == field


def test_malformed_json_names_args():
    with pytest.raises(DemoInputError) as info:
        demos.dispatch_json("perceptron", "initial", "{nope")
    assert info.value.field == "args"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), [1.0, float("-inf")], {"deep": [{"x": float("nan")}]}])
def test_non_finite_results_never_reach_a_drawing(monkeypatch, bad):
    fake = types.SimpleNamespace(CALLS={"initial": lambda args: {"value": bad}})
    monkeypatch.setitem(demos.WIDGETS, "fake", "fake_demo")
    monkeypatch.setattr(demos, "_module", lambda widget: fake)
    with pytest.raises(ValueError, match="must report divergence"):
        demos.dispatch("fake", "initial", {})
    with pytest.raises(ValueError, match="must report divergence"):
        demos.dispatch_json("fake", "initial", "{}")
