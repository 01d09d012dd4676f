"""Every response, pages, API, static files, errors and refusals alike, carries the security headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.mark.parametrize("method, path, kwargs", [
    ("GET", "/", {}),
    ("GET", "/chapters/perceptron", {}),
    ("GET", "/no-such-page", {}),
    ("GET", "/static/css/book.css", {}),
    ("GET", "/static/vendor/pyodide/pyodide.js", {}),
    ("GET", "/runtime/engine.zip", {}),
    ("GET", "/api/widgets", {}),
    ("GET", "/api/openapi.json", {}),
    ("POST", "/api/widgets/perceptron/initial", {"json": {"dataset": "xor"}}),
    ("POST", "/api/widgets/perceptron/initial", {"content": b"x", "headers": {"content-type": "text/plain"}}),
    ("PUT", "/", {}),
])
def test_every_response_has_the_security_headers(client, method, path, kwargs):
    headers = client.request(method, path, **kwargs).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
