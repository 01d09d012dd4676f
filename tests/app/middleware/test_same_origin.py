"""The widget API answers JSON from this site only: the cross-site form post is refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


URL = "/api/widgets/perceptron/initial"


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


def test_the_cross_site_text_plain_form_post_is_refused(client):
    # What <form enctype="text/plain" method="post" action="http://book/api/..."> on another site sends.
    response = client.post(URL, content=b'{"dataset": "or", "x":"=1"}', headers={
        "content-type": "text/plain", "origin": "https://evil.example", "sec-fetch-site": "cross-site"})
    assert response.status_code == 403
    assert response.json() == {"ok": False, "error": {"field": "origin", "status": 403,
                                                      "reason": response.json()["error"]["reason"]}}


def test_a_non_json_post_gets_415(client):
    response = client.post(URL, content=b'{"dataset": "or"}', headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json() == {"ok": False, "error": {"field": "content-type", "reason": "must be application/json",
                                                      "status": 415}}


def test_a_foreign_origin_is_refused_even_with_json(client):
    response = client.post(URL, json={}, headers={"origin": "https://evil.example"})
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [
    {"origin": "http://testserver", "sec-fetch-site": "same-origin"},  # the book's own page
    {},  # curl and scripts send neither header
])
def test_same_origin_and_non_browser_clients_are_served(client, headers):
    response = client.post(URL, json={"dataset": "or"}, headers=headers)
    assert response.status_code == 200 and response.json()["result"]["state"]["dataset"] == "or"
