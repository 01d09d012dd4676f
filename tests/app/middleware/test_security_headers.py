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


def test_the_policy_allows_the_inline_scripts_of_the_apps_own_static_folder(tmp_path, book_app):
    """An instructor's (or a test's) static folder: its pages inline its scripts, and the policy made with
    the app hashes those, not the package's (whose hashes would make the browser refuse them)."""
    import dataclasses
    import re
    import shutil
    from pathlib import Path

    from app.inline_assets import INLINE_SCRIPTS, script_hash
    from app.main import create_app
    from app.settings import Settings

    defaults = Settings()
    static = tmp_path / "static"
    for name in INLINE_SCRIPTS:
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(defaults.static_dir / name, static / name)
    theme = static / "js" / "theme.js"
    theme.write_text(theme.read_text() + "\n// this course's own theme\n")
    mini = Path(__file__).resolve().parents[1] / "fixtures" / "mini_book"
    own = TestClient(create_app(dataclasses.replace(defaults, content_dir=mini, static_dir=static)))
    for response in (own.get("/"), own.get("/no-such-page"), own.get("/static/js/theme.js")):
        csp = response.headers["content-security-policy"]
        assert script_hash(theme.read_text().strip()) in csp
        assert script_hash((defaults.static_dir / "js" / "theme.js").read_text().strip()) not in csp
    html = own.get("/").text
    inline = re.findall(r"<script(?: data-widgets=\"[^\"]*\")?>(.*?)</script>", html, re.S)
    assert inline and all(script_hash(text) in own.get("/").headers["content-security-policy"] for text in inline)
    assert "this course's own theme" in html
    book_csp = TestClient(book_app).get("/").headers["content-security-policy"]  # the book's app: the package's
    assert script_hash((defaults.static_dir / "js" / "theme.js").read_text().strip()) in book_csp
