"""The one entry point of every figure: the envelope, its statuses, and the finiteness guard."""

from __future__ import annotations

import json
import types

import pytest

from engine.widgets import protocol, registry
from engine.widgets.errors import WidgetInputError


def test_json_entry_point_wraps_the_same_result_as_dispatch():
    text = protocol.handle_json("perceptron", "initial", json.dumps({"dataset": "or"}))
    assert json.loads(text) == {"ok": True, "result": protocol.dispatch("perceptron", "initial", {"dataset": "or"})}
    assert protocol.handle("perceptron", "initial", {"dataset": "or"}) == json.loads(text)


@pytest.mark.parametrize("widget, call, args, field, status", [
    ("teleporter", "initial", {}, "widget", 404),
    ("perceptron", "explode", {}, "call", 404),
    ("perceptron", "initial", [1, 2], "args", 422),
    ("perceptron", "initial", {"w3": 1}, "w3", 422),
    ("perceptron", "initial", {"w1": 6}, "w1", 422),
    ("perceptron", "step", {"state": 3}, "state", 422),
])
def test_every_refusal_has_one_shape_naming_the_field_and_its_status(widget, call, args, field, status):
    with pytest.raises(WidgetInputError) as info:
        protocol.dispatch(widget, call, args)
    assert (info.value.field, info.value.status) == (field, status)
    for envelope in (protocol.handle(widget, call, args), json.loads(protocol.handle_json(widget, call, json.dumps(args)))):
        assert envelope == {"ok": False, "error": {"field": field, "reason": info.value.reason, "status": status}}
        assert envelope["error"]["reason"]


def test_malformed_json_names_args():
    envelope = json.loads(protocol.handle_json("perceptron", "initial", "{nope"))
    assert envelope["ok"] is False and envelope["error"]["field"] == "args" and envelope["error"]["status"] == 422
    assert "not valid JSON" in envelope["error"]["reason"]


def test_initial_receives_its_options_validated_and_filled_by_the_table(monkeypatch):
    seen = {}
    module = registry.module("perceptron")
    monkeypatch.setitem(module.CALLS, "initial", lambda options: seen.update(options) or {"ok": 1})
    protocol.dispatch("perceptron", "initial", {"w1": 2})
    assert seen == {**module.OPTIONS.defaults(), "w1": 2.0}


def _fake(monkeypatch, call):
    fake = types.SimpleNamespace(CALLS={"initial": call}, OPTIONS=registry.module("perceptron").OPTIONS.__class__())
    monkeypatch.setitem(registry.WIDGETS, "fake", "fake")
    real = registry.module
    monkeypatch.setattr(protocol, "module", lambda widget: fake if widget == "fake" else real(widget))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), [1.0, float("-inf")], {"deep": [{"x": float("nan")}]}])
def test_non_finite_results_never_reach_a_drawing(monkeypatch, bad):
    _fake(monkeypatch, lambda args: {"value": bad})
    with pytest.raises(ValueError, match="must report divergence"):
        protocol.dispatch("fake", "initial", {})
    for envelope in (protocol.handle("fake", "initial", {}), json.loads(protocol.handle_json("fake", "initial", "{}"))):
        assert envelope["ok"] is False and envelope["error"]["status"] == 500
        assert "must report divergence" in envelope["error"]["reason"]


def test_an_engine_fault_is_a_readable_500_and_nothing_raises(monkeypatch):
    def broken(args):
        raise ZeroDivisionError("division by zero")
    _fake(monkeypatch, broken)
    for envelope in (protocol.handle("fake", "initial", {}), json.loads(protocol.handle_json("fake", "initial", "{}"))):
        assert envelope == {"ok": False, "error": {"field": "fake.initial", "status": 500,
                                                   "reason": "the engine failed: ZeroDivisionError: division by zero"}}


def test_preload_imports_known_figures_and_ignores_unknown_names():
    protocol.preload(["perceptron", "not-a-figure"])
