"""Every response, pages, API, static files, errors and refusals alike, carries the security headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient



@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app, raise_server_exceptions=False)


@pytest.mark.parametrize("method, path, kwargs", [
    ("GET", "/", {}),
    ("GET", "/chapters/perceptron", {}),
    ("GET", "/no-such-page", {}),
    ("GET", "/static/css/book.css", {}),
    ("GET", "/static/vendor/pyodide/pyodide.js", {}),
    ("GET", "/runtime/engine.zip", {}),
    ("GET", "/api/widgets", {}),
    ("GET", "/api/openapi.json", {}),
    ("GET", "/api/docs", {}),
    ("POST", "/api/widgets/perceptron/initial", {"json": {"dataset": "xor"}}),
    ("POST", "/api/widgets/perceptron/initial", {"content": b"x", "headers": {"content-type": "text/plain"}}),
    ("PUT", "/", {}),
])
def test_every_response_has_the_security_headers(client, method, path, kwargs):
    headers = client.request(method, path, **kwargs).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'wasm-unsafe-eval'" in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    # No inline script may run; inline style attributes are allowed (server-typeset math uses them).
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in script_src
    assert "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_the_api_docs_page_is_local_and_has_no_inline_script(client):
    html = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "/static/js/api-docs.js" in html
    assert "http" not in html.replace('charset="utf-8"', "")  # nothing from another host
    assert html.count("<script") == html.count("<script defer src=")
