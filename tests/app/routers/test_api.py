"""The server-side widget API: same numbers as the engine, clear 4xx for bad input."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from engine.demos import dispatch


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def test_lists_widgets_and_calls(client):
    widgets = client.get("/api/widgets").json()["widgets"]
    assert {"initial", "evaluate", "step", "reset"} <= set(widgets["perceptron"])


def test_call_returns_the_engine_result(client):
    first = client.post("/api/widgets/perceptron/initial", json={"dataset": "or"}).json()
    assert first == dispatch("perceptron", "initial", {"dataset": "or"})
    stepped = client.post("/api/widgets/perceptron/step", json={"state": first["state"], "steps": 4}).json()
    assert stepped == dispatch("perceptron", "step", {"state": first["state"], "steps": 4})
    assert stepped["state"]["epoch"] == 1


@pytest.mark.parametrize("body, field", [
    ({"dataset": "xor"}, "dataset"),
    ({"w1": 99}, "w1"),
    ({"eta": "fast"}, "eta"),
    ({"colour": "red"}, "colour"),
])
def test_out_of_range_input_gets_422_naming_the_field(client, body, field):
    response = client.post("/api/widgets/perceptron/initial", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == field and detail["reason"]


def test_malformed_json_and_unknown_names(client):
    bad = client.post("/api/widgets/perceptron/initial", content=b"{nope", headers={"content-type": "application/json"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "body"
    assert client.post("/api/widgets/teleporter/initial", json={}).status_code == 404
    missing = client.post("/api/widgets/perceptron/explode", json={})
    assert missing.status_code == 404 and missing.json()["detail"][0]["field"] == "call"


def test_oversized_body_is_refused(client):
    response = client.post("/api/widgets/perceptron/initial", content=b"[" + b"1," * 200_000 + b"1]")
    assert response.status_code == 413


# --- the three causes of 500s found by the review (issue 12) --------------------------------------------


def first_perceptron_state(client):
    return client.post("/api/widgets/perceptron/initial", json={"dataset": "or"}).json()["state"]


@pytest.mark.parametrize("widget, body, field", [
    ("perceptron", {"w1": 10**400}, "w1"),  # an integer too large for a float
    ("activations", {"z": 10**400}, "z"),
    ("loss-explorer", {"z": -(10**400)}, "z"),
])
def test_an_integer_too_large_for_a_float_gets_422_naming_the_field(client, widget, body, field):
    raw = json.dumps(body).encode()
    response = client.post(f"/api/widgets/{widget}/initial", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == field and len(detail["reason"]) < 200  # the 400 digits are not echoed


def test_deep_nesting_gets_422_not_a_recursion_error(client):
    raw = b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post("/api/widgets/perceptron/initial", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "body" and "nested" in response.json()["detail"][0]["reason"]


def test_moderate_nesting_beyond_the_cap_is_refused_too(client):
    nested = 1
    for _ in range(40):  # 40 levels: fine for json.loads, more than any figure sends
        nested = [nested]
    response = client.post("/api/widgets/perceptron/evaluate", json={"state": {"x": nested}})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "body"


@pytest.mark.parametrize("change, field", [
    ({"dataset": 7}, "dataset"),
    ({"dataset": "xor"}, "dataset"),
    ({"seed": "zero"}, "seed"),
    ({"seed": -1}, "seed"),
])
def test_the_perceptron_state_is_checked_field_by_field(client, change, field):
    state = {**first_perceptron_state(client), **change}
    response = client.post("/api/widgets/perceptron/evaluate", json={"state": state})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_unknown_state_fields_are_not_echoed_back(client):
    state = {**first_perceptron_state(client), "smuggled": "x" * 1000}
    response = client.post("/api/widgets/perceptron/evaluate", json={"state": state})
    assert response.status_code == 200 and "smuggled" not in response.json()["state"]


@pytest.mark.parametrize("widget", ["perceptron", "logic-gates", "step-vs-sigmoid", "backprop"])
def test_reset_with_options_that_are_not_an_object_gets_422(client, widget):
    response = client.post(f"/api/widgets/{widget}/reset", json={"options": "and"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "options"


def test_a_body_that_is_not_an_object_gets_422(client):
    response = client.post("/api/widgets/perceptron/initial", json=[1, 2])
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "body"


# --- failures, load and the schema --------------------------------------------------------------------------


def test_an_engine_failure_reaches_the_figure_as_json_with_a_reason(client, monkeypatch):
    def broken(widget, call, args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("engine.demos.dispatch", broken)
    response = client.post("/api/widgets/perceptron/initial", json={})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    reason = response.json()["detail"][0]["reason"]
    assert "perceptron.initial" in reason and "ZeroDivisionError" in reason


def test_a_full_lane_answers_503_with_retry_after():
    app = create_app()
    gate = app.state.api_gate
    gate.light.running = gate.light.slots  # every slot busy ...
    gate.light.room = 0  # ... and no room to wait
    response = TestClient(app).post("/api/widgets/perceptron/initial", json={})
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) >= 1
    assert "busy" in response.json()["detail"][0]["reason"]


def test_the_schema_describes_the_call_body_and_names(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/widgets/{widget}/{call}"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["type"] == "object"
    widget_names = next(p for p in operation["parameters"] if p["name"] == "widget")["schema"]["enum"]
    assert "perceptron" in widget_names and "activations" in widget_names


def test_405_carries_allow(client):
    response = client.get("/api/widgets/perceptron/initial")
    assert response.status_code == 405 and "POST" in response.headers["allow"]
