"""The server-side widget API: same numbers as the engine, clear 4xx for bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from engine.widgets.protocol import dispatch


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


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
