"""The service worker stores exactly what the book requests (app/offline.py), checked against the pages
as the app renders them: nothing a page asks for is missing offline, and nothing is stored that no page,
script, stylesheet or the runtime ever asks for (such as the files pages now carry inline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.inline_assets import INLINE_SCRIPTS, STYLESHEETS
from app.offline import PYODIDE_FILES

# Attributes through which a page asks for a file: <script src>, <link href>, <html data-worker-url …>.
PAGE_REFERENCE = re.compile(r'\s(?:src|href|data-[a-z-]+-url)="(/static/[^"?#]+)')
BUNDLE = "/static/build/book.js"  # all of a page's JavaScript (app/js_bundle.py), its figures' modules included


def figure_modules(html: str) -> set[str]:
    """The figures' modules a page without the bundle imports (static/js/widgets.js)."""
    if BUNDLE in html:
        return set()
    return {f"/static/js/widgets/{name}.js" for name in re.findall(r'data-widget="([a-z0-9-]+)"', html)}


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


@pytest.fixture(scope="module")
def precached(client) -> list[str]:
    return json.loads(re.search(r"^const PRECACHE = (\[.*?\]);", client.get("/sw.js").text, re.M | re.S).group(1))


@pytest.fixture(scope="module")
def pages(client, precached) -> dict[str, str]:
    """Every page the service worker stores, as the app renders it."""
    urls = [u for u in precached if not u.startswith(("/static/", "/runtime/")) and "." not in u.rsplit("/", 1)[-1]]
    assert "/" in urls and "/playground" in urls and "/chapters/perceptron" in urls
    return {url: client.get(url).text for url in urls}


def test_nothing_a_page_requests_is_missing_offline(pages, precached, client):
    static_dir = Path(client.app.state.settings.static_dir)
    wanted = set()
    for html in pages.values():
        wanted |= {url for url in PAGE_REFERENCE.findall(html) if (static_dir / url.removeprefix("/static/")).is_file()}
        wanted |= figure_modules(html)
        style = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))  # the inline stylesheet's fonts
        wanted |= {url for url in re.findall(r"url\(['\"]?(/static/[^)'\"?#]+\.woff2)['\"]?\)", style)}
    assert "/static/js/worker.js" in wanted and BUNDLE in wanted
    assert any(url.endswith(".woff2") for url in wanted)
    missing = sorted(wanted - set(precached))
    assert not missing, missing


def test_every_precached_file_is_requested_by_a_page_a_script_or_the_runtime(pages, precached, client):
    """Each stored file is named by a page, or by a file already shown to be requested (a script's import,
    a stylesheet's url(), the worker's importScripts), or is one the runtime fetches (Pyodide, the engine)."""
    static_dir = Path(client.app.state.settings.static_dir)
    files = [u for u in precached if u.startswith("/static/")]
    runtime = {f"/static/vendor/pyodide/{name}" for name in PYODIDE_FILES}
    runtime |= {u for u in files if u.startswith("/static/vendor/pyodide/snapshot/")}
    def own_texts(urls) -> list[str]:
        return [(static_dir / u.removeprefix("/static/")).read_text(encoding="utf-8") for u in urls
                if u.endswith((".js", ".css")) and u.startswith(("/static/js/", "/static/css/", "/static/build/"))
                and (static_dir / u.removeprefix("/static/")).is_file()]

    named = set()
    for html in pages.values():
        named |= set(PAGE_REFERENCE.findall(html))
        named |= figure_modules(html)
    requested, texts = set(runtime), list(pages.values())
    while named:  # a file is requested once a requested own script or stylesheet (or a page) names it
        requested |= named
        texts += own_texts(named)
        named = {u for u in files if u not in requested
                 and any(re.search(r"""["'(/]""" + re.escape(u.rsplit("/", 1)[-1]), text) for text in texts)}
    unrequested = sorted(set(files) - requested)
    assert not unrequested, unrequested


def test_the_files_pages_carry_inline_are_not_stored_but_what_loads_later_is(precached):
    for name in (*STYLESHEETS, *INLINE_SCRIPTS):
        assert f"/static/{name}" not in precached, name
    for later in (BUNDLE,                          # the pages' JavaScript, the search box's included
                  "/static/css/playground.css",    # the playground's figure adds its stylesheet
                  "/static/vendor/plotly/plotly-gl3d.min.js",  # the optimizer race's 3-D view
                  "/static/vendor/lunr/lunr.min.js",
                  "/static/js/snapshot-restore.js",  # the worker's importScripts
                  "/static/vendor/pyodide/pyodide.asm.wasm", "/runtime/engine.zip", "/search-index.json"):
        assert later in precached, later
    assert len(precached) == len(set(precached))
