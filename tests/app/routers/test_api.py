"""The server-side widget API: same numbers as the engine, clear 4xx for bad input."""

from __future__ import annotations

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
