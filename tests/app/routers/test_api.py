"""The server-side widget API: same numbers as the engine, clear 4xx for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from engine.widgets.protocol import dispatch

MINI_BOOK = Path(__file__).resolve().parents[1] / "fixtures" / "mini_book"


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


def test_lists_widgets_and_calls(client):
    widgets = client.get("/api/widgets").json()["widgets"]
    assert {"initial", "evaluate", "step", "reset"} <= set(widgets["perceptron"])


def test_call_returns_the_engine_result_in_the_envelope(client):
    response = client.post("/api/widgets/perceptron/initial", json={"dataset": "or"})
    assert response.status_code == 200
    first = response.json()
    assert first == {"ok": True, "result": dispatch("perceptron", "initial", {"dataset": "or"})}
    stepped = client.post("/api/widgets/perceptron/step", json={"state": first["result"]["state"], "steps": 4}).json()
    assert stepped["result"] == dispatch("perceptron", "step", {"state": first["result"]["state"], "steps": 4})
    assert stepped["result"]["state"]["epoch"] == 1


def _refusal(response, status: int) -> dict:
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["error"]["status"] == status and body["error"]["reason"]
    return body["error"]


@pytest.mark.parametrize("body, field", [
    ({"dataset": "xor"}, "dataset"),
    ({"w1": 99}, "w1"),
    ({"eta": "fast"}, "eta"),
    ({"colour": "red"}, "colour"),
])
def test_out_of_range_input_gets_422_naming_the_field(client, body, field):
    assert _refusal(client.post("/api/widgets/perceptron/initial", json=body), 422)["field"] == field


def test_malformed_json_and_unknown_names(client):
    bad = client.post("/api/widgets/perceptron/initial", content=b"{nope", headers={"content-type": "application/json"})
    assert _refusal(bad, 422)["field"] == "body"
    assert _refusal(client.post("/api/widgets/teleporter/initial", json={}), 404)["field"] == "widget"
    assert _refusal(client.post("/api/widgets/perceptron/explode", json={}), 404)["field"] == "call"


def test_oversized_body_is_refused(client):
    response = client.post("/api/widgets/perceptron/initial", content=b"[" + b"1," * 200_000 + b"1]")
    assert response.status_code == 413


# --- the three causes of 500s found by the review (issue 12) --------------------------------------------


def first_perceptron_state(client):
    return client.post("/api/widgets/perceptron/initial", json={"dataset": "or"}).json()["result"]["state"]


@pytest.mark.parametrize("widget, body, field", [
    ("perceptron", {"w1": 10**400}, "w1"),  # an integer too large for a float
    ("activations", {"z": 10**400}, "z"),
    ("loss-explorer", {"z": -(10**400)}, "z"),
])
def test_an_integer_too_large_for_a_float_gets_422_naming_the_field(client, widget, body, field):
    raw = json.dumps(body).encode()
    response = client.post(f"/api/widgets/{widget}/initial", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = _refusal(response, 422)
    assert error["field"] == field and len(error["reason"]) < 200  # the 400 digits are not echoed


def test_deep_nesting_gets_422_not_a_recursion_error(client):
    raw = b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post("/api/widgets/perceptron/initial", content=raw, headers={"content-type": "application/json"})
    error = _refusal(response, 422)
    assert error["field"] == "body" and "nested" in error["reason"]


def test_moderate_nesting_beyond_the_cap_is_refused_too(client):
    nested = 1
    for _ in range(40):  # 40 levels: fine for json.loads, more than any figure sends
        nested = [nested]
    response = client.post("/api/widgets/perceptron/evaluate", json={"state": {"x": nested}})
    assert _refusal(response, 422)["field"] == "body"


@pytest.mark.parametrize("change, field", [
    ({"dataset": 7}, "dataset"),
    ({"dataset": "xor"}, "dataset"),
    ({"seed": "zero"}, "seed"),
    ({"seed": -1}, "seed"),
])
def test_the_perceptron_state_is_checked_field_by_field(client, change, field):
    state = {**first_perceptron_state(client), **change}
    response = client.post("/api/widgets/perceptron/evaluate", json={"state": state})
    assert _refusal(response, 422)["field"] == field


def test_unknown_state_fields_are_not_echoed_back(client):
    state = {**first_perceptron_state(client), "smuggled": "x" * 1000}
    response = client.post("/api/widgets/perceptron/evaluate", json={"state": state})
    assert response.status_code == 200 and "smuggled" not in response.json()["result"]["state"]


@pytest.mark.parametrize("widget", ["perceptron", "logic-gates", "step-vs-sigmoid", "backprop"])
def test_reset_with_options_that_are_not_an_object_gets_422(client, widget):
    response = client.post(f"/api/widgets/{widget}/reset", json={"options": "and"})
    assert _refusal(response, 422)["field"] == "options"


def test_a_body_that_is_not_an_object_gets_422(client):
    response = client.post("/api/widgets/perceptron/initial", json=[1, 2])
    assert _refusal(response, 422)["field"] == "body"


# --- failures and load ------------------------------------------------------------------------------------


def test_an_engine_failure_reaches_the_figure_as_json_with_a_reason(client, monkeypatch):
    def broken(widget, call, args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("engine.widgets.protocol.dispatch", broken)
    response = client.post("/api/widgets/perceptron/initial", json={})
    assert response.headers["content-type"] == "application/json"
    error = _refusal(response, 500)
    assert error["field"] == "perceptron.initial" and "ZeroDivisionError" in error["reason"]


def test_a_full_lane_answers_503_with_retry_after():
    app = create_app(Settings(content_dir=MINI_BOOK))  # the gate is the point, not the book
    gate = app.state.api_gate
    gate.light.running = gate.light.slots  # every slot busy ...
    gate.light.room = 0  # ... and no room to wait
    response = TestClient(app).post("/api/widgets/perceptron/initial", json={})
    error = _refusal(response, 503)
    assert int(response.headers["retry-after"]) >= 1
    assert "busy" in error["reason"]


def test_405_carries_allow(client):
    response = client.get("/api/widgets/perceptron/initial")
    assert _refusal(response, 405)["field"] == "method" and "POST" in response.headers["allow"]


# --- the schema ------------------------------------------------------------------------------------------


def test_openapi_lists_every_call_with_the_request_body_its_table_accepts(client):
    from engine.widgets import protocol, registry

    paths = client.get("/api/openapi.json").json()["paths"]
    for widget in protocol.widget_names():
        for call in protocol.calls(widget):
            operation = paths[f"/api/widgets/{widget}/{call}"]["post"]
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            assert schema == protocol.call_schema(widget, call)
    table = registry.module("perceptron").OPTIONS
    initial = paths["/api/widgets/perceptron/initial"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert initial == table.json_schema() and initial["properties"]["w1"]["maximum"] == table["w1"].max
    reset = paths["/api/widgets/perceptron/reset"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert reset["properties"]["options"] == table.json_schema()
    assert "/api/widgets/{widget}/{call}" not in paths
    documented = paths["/api/widgets/perceptron/step"]["post"]["responses"]
    assert {"413", "415", "422", "503"} <= set(documented)  # the gate's refusals are documented too
