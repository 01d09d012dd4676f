"""/playground: the full-screen playground page, linked from every page's header; its figure trains
through /api in the stateless form when no worker holds the run."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from engine.widgets.protocol import dispatch


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


def test_the_page_holds_the_playground_figure_with_its_first_frame(client):
    html = client.get("/playground").text
    assert '<figure class="widget" id="playground" data-widget="playground"' in html
    state = json.loads(re.search(r'<script type="application/json" class="widget-state">(.*?)</script>', html).group(1))
    assert state == dispatch("playground", "initial", {})
    assert "/static/build/book.js" in html and 'id="runtime-status"' in html


def test_every_page_links_to_it_from_the_header(client):
    for path in ("/", "/chapters/training", "/notation", "/playground"):
        header = client.get(path).text.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        assert '<a href="/playground">Playground</a>' in header, path


def test_the_server_trains_a_run_it_does_not_hold_from_the_model_the_caller_carries(client):
    first = client.post("/api/widgets/playground/train",
                        json={"session": None, "options": {}, "epochs": 3, "stateless": True}).json()["result"]
    model = first["model"]
    again = client.post("/api/widgets/playground/train",
                        json={"session": "not-here", "model": model, "epochs": 2, "stateless": True}).json()
    assert again["ok"] and again["result"]["epoch"] == 5
    bad = client.post("/api/widgets/playground/train", json={"options": {}, "epochs": 0})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "epochs"
