"""The runtime's own URLs: service worker, web manifest, engine zip, and what pages preload."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


@pytest.fixture(scope="module")
def unbundled(unbundled_app):
    return TestClient(unbundled_app)


def precache(client) -> tuple[str, list[str]]:
    source = client.get("/sw.js").text
    version = re.search(r'^const VERSION = "([0-9a-f]{16})";', source, re.M).group(1)
    urls = json.loads(re.search(r"^const PRECACHE = (\[.*?\]);", source, re.M | re.S).group(1))
    return version, urls


def test_the_service_worker_lists_every_page_and_the_whole_runtime(client):
    response = client.get("/sw.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    _, urls = precache(client)
    book = client.app.state.book
    for url in ["/", *(c.url for c in book.chapters), *(p.url for p in book.pages.values()), "/playground"]:
        assert url in urls
    for name in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib-stored.zip", "pyodide-lock.json",
                 "stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"):
        assert f"/static/vendor/pyodide/{name}" in urls
    assert "/runtime/engine.zip" in urls and "/static/build/book.js" in urls and "/static/js/worker.js" in urls
    assert any(u.endswith(".woff2") for u in urls)


def test_every_precached_url_exists(client):
    """A missing file would make the service worker's install fail, and offline reading with it."""
    _, urls = precache(client)
    # HEAD for the static files: the file server looks a file up the same way for HEAD as for GET,
    # without reading ~70 MB of runtime through the test client (seconds of this suite's time). Their
    # compressed copies are checked in tests/app/test_http_details.py. The app's own URLs: GET.
    missing = [url for url in urls
               if (client.head(url) if url.startswith("/static/") else client.get(url)).status_code != 200]
    assert not missing, missing


def test_the_version_changes_with_the_book(tmp_path):
    from app.offline import service_worker_source

    # The fixtures' two-chapter book (its own app: the test edits the book); any book's version will do.
    app = create_app(Settings(content_dir=Path(__file__).resolve().parents[1] / "fixtures" / "mini_book"))
    state = app.state
    args = (state.settings.static_dir, state.settings.templates_dir, "/runtime/engine.zip")
    before = service_worker_source(state.book, *args)
    state.book.chapters[0].html += "<p>An added paragraph.</p>"
    after = service_worker_source(state.book, *args)
    assert before.splitlines()[0] != after.splitlines()[0]


def test_the_web_manifest(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert client.get(manifest["icons"][0]["src"]).status_code == 200


def test_the_engine_zip_revalidates_with_its_etag(client):
    first = client.get("/runtime/engine.zip")
    assert first.headers["content-type"] == "application/zip"
    again = client.get("/runtime/engine.zip", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    versioned = client.get("/runtime/engine.zip", params={"v": first.headers["etag"].strip('"')[:16]})
    assert "immutable" in versioned.headers["cache-control"]


def test_a_chapter_starts_its_worker_first_and_preloads_its_figure_modules(client, unbundled):
    html = client.get("/chapters/perceptron").text
    head = html.split("</head>")[0]
    boot = re.search(r'<script data-widgets="([^"]+)">', head)  # runtime-boot.js, inline (app/inline_assets.py)
    assert boot and boot.group(1) == "perceptron,logic-gates,step-vs-sigmoid"
    assert head.index(boot.group(0)) < head.index("<style"), "the worker must start before anything else"
    # Without the bundle (app/js_bundle.py), the figures' modules are preloaded.
    preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', unbundled.get("/chapters/perceptron").text.split("</head>")[0])
    for module in ("/static/js/runtime.js", "/static/js/widgets/perceptron.js", "/static/js/widgets/logic-gates.js",
                   "/static/js/draw.js", "/static/js/train-loop.js"):
        assert module in preloads
    assert all(client.get(url).status_code == 200 for url in preloads)
    assert "data-widgets=" not in client.get("/notation").text and "__nnbookBoot" not in client.get("/notation").text  # no figures, no worker


def test_every_registered_figure_has_a_preloadable_module_graph(client):
    """figure_modules finds each figure's module and everything it imports, all served."""
    from pathlib import Path

    from engine.widgets.registry import WIDGETS

    figure_modules = client.app.state.templates.env.globals["figure_modules"]
    static_dir = Path(client.app.state.settings.static_dir)
    for name in WIDGETS:
        modules = figure_modules(name)
        assert f"/static/js/widgets/{name}.js" in modules, name
        missing = [m for m in modules if not (static_dir / m.removeprefix("/static/")).is_file()]
        assert not missing, (name, missing)


def test_the_playground_starts_its_worker_first_and_preloads_its_module(client, unbundled):
    head = client.get("/playground").text.split("</head>")[0]
    assert '<script data-widgets="playground">' in head
    assert head.index('<script data-widgets="playground">') < head.index("<style")
    preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', unbundled.get("/playground").text.split("</head>")[0])
    assert "/static/js/widgets/playground.js" in preloads and "/static/js/runtime.js" in preloads
    assert all(client.get(url).status_code == 200 for url in preloads)
