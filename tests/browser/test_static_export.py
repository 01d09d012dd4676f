"""The static export (`nnbook build --base-url /nn-course/`) served by `python -m http.server`, as an
instructor publishes it: pages render under the sub-path, figures go live in the browser, not one
request goes to /api (there is no server), and a heavy demo shows its stored default run and says
plainly that other settings need the book's server."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

import pytest

from app.export import build

from .conftest import _forget_the_origin
from .helpers import wait_live

BASE = "/nn-course/"


@contextlib.contextmanager
def static_server(root):
    """``python -m http.server`` on a free localhost port, serving ``root``; yields its origin."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(origin + BASE, timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("python -m http.server did not start") from None
                time.sleep(0.2)
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    """The book exported once for /nn-course/ and served from a folder of that name; yields the origin."""
    root = tmp_path_factory.mktemp("static-root")
    build(None, root / BASE.strip("/"), BASE, log=lambda line: None)
    with static_server(root) as origin:
        yield origin


@pytest.fixture
def static_page(context, watch, static_site):
    """A page of the shared context on the static copy, recording every path it requests."""
    page = context.new_page()
    _forget_the_origin(context, page, static_site)
    watch.attach(page)
    page.requested = []
    page.on("request", lambda request: page.requested.append(urlparse(request.url).path))
    try:
        yield page
        watch.assert_clean()
    finally:
        page.close()


def assert_stayed_in_the_copy(page):
    """No request to /api (there is no server) and none outside the sub-path (a root-absolute URL left)."""
    assert page.requested, "the page made no request at all"
    assert not [p for p in page.requested if "/api/" in p or p.startswith("/api")], page.requested
    outside = [p for p in page.requested if not p.startswith(BASE)]
    assert not outside, f"requests outside {BASE}: {outside}"


def test_a_chapter_under_a_sub_path_renders_goes_live_and_navigates(static_page, static_site):
    page = static_page
    page.goto(static_site + BASE + "chapters/perceptron/")
    assert page.locator("main h1").inner_text() == "The Perceptron"
    assert page.locator("html").get_attribute("data-site") == "static"
    assert page.locator(".chapter-body .math.typeset math").count() > 0  # math typeset at build
    wait_live(page)  # Pyodide, numpy and the engine from the copy, in the worker
    figure = page.locator('figure.widget[data-widget="perceptron"]')
    assert figure.locator(".widget-status").inner_text() == ""  # no fallback sentence

    # Instant navigation resolves under the sub-path and keeps the warm worker.
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("a.next[rel=next]").click()
    page.wait_for_url(static_site + BASE + "chapters/architecture/")
    page.wait_for_function("() => document.querySelector('main h1').textContent.includes('Architecture')", timeout=30_000)
    assert page.evaluate("() => window.__sameDocument === true"), "the link reloaded the page instead of swapping it"
    page.wait_for_selector('figure.widget[data-status="live"]', timeout=90_000)
    assert_stayed_in_the_copy(page)


def test_a_heavy_demo_shows_its_stored_run_and_says_other_settings_need_the_server(static_page, static_site):
    page = static_page
    page.goto(static_site + BASE + "chapters/beyond-the-basics/")
    selector = 'figure.widget[data-widget="digits-cnn"]'
    figure = page.locator(selector)
    # Shown at once, with no click and no server: the training stored for the chapter's settings.
    page.wait_for_selector(f'{selector}[data-trained="true"]', timeout=90_000)
    assert figure.locator(".job-panel").get_attribute("data-state") == "done"
    assert "stored result" in figure.locator(".job-words").inner_text()
    assert float(figure.locator(".digits-summary").get_attribute("data-test-accuracy")) > 0.9
    wait_live(page, selector)
    figure.locator(".digits-maps canvas").nth(8).wait_for(timeout=60_000)  # feature maps: the browser's engine

    # Another setting: no request goes out, and the figure says why in plain words.
    figure.locator("input[id$='-epochs']").fill("7")
    figure.locator("button[id$='-train']").click()
    page.wait_for_selector(f'{selector} .job-panel[data-state="needs-server"]', timeout=30_000)
    words = figure.locator(".job-words").inner_text()
    assert words.startswith("This setting needs the book's server; this copy is static."), words
    assert "epochs 15" in words  # what the stored run was made with

    # Chapter 9's sweeps show their stored curves too.
    page.goto(static_site + BASE + "chapters/strengths-and-limits/")
    # Both sweeps: each shows its stored curves when its own reply lands, so wait for the two, not the first.
    assert page.locator('figure.widget[data-widget="training-sweep"]').count() == 2
    page.wait_for_function("() => document.querySelectorAll('figure.widget[data-widget=\"training-sweep\"][data-swept=\"true\"]').length === 2",
                           timeout=60_000)
    legend = page.locator('figure.widget[data-widget="training-sweep"] .sweep-legend').first.inner_text()
    assert legend.startswith("Blue: training error")
    assert_stayed_in_the_copy(page)


def test_an_unknown_address_gets_the_book_s_404_page_with_working_links(static_site):
    # http.server has no 404 page of its own to offer; the copy's 404.html is what CDNs serve.
    with urllib.request.urlopen(static_site + BASE + "404.html") as response:
        text = response.read().decode()
    assert "Page not found" in text
    assert f'href="{BASE}#contents"' in text


def test_a_copy_whose_engine_cannot_start_says_it_is_static_and_never_asks_api(context, static_site):
    """The engine's download fails: on the server the figures would move to /api; a static copy has
    none, so they keep their first frame and say why, and a control moved asks nobody."""
    page = context.new_page()
    _forget_the_origin(context, page, static_site)
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    cdp = context.new_cdp_session(page)
    cdp.on("Fetch.requestPaused", lambda event: cdp.send("Fetch.fulfillRequest", {
        "requestId": event["requestId"], "responseCode": 404, "body": ""}))
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/runtime/engine.zip*"}]})
    try:
        page.goto(static_site + BASE + "chapters/perceptron/")
        selector = 'figure.widget[data-widget="perceptron"]'
        page.wait_for_selector(f'{selector}[data-status="server"]', timeout=90_000)
        status = page.locator(f"{selector} .widget-status").inner_text()
        assert status.startswith("The live engine could not start: a file of the live engine could not be downloaded."), status
        assert "This copy of the book is static (no server)" in status
        assert page.locator("#runtime-status .runtime-label").inner_text() == "Figures: could not start"
        page.locator(f"{selector} input[type=range]").first.press("ArrowRight")
        page.wait_for_selector(f'{selector}[data-status="error"]', timeout=30_000)
        assert "this copy of the book is static: there is no server" in page.locator(f"{selector} .widget-status").inner_text()
        assert not [p for p in requested if "/api" in p], requested
    finally:
        cdp.send("Fetch.disable")
        cdp.detach()
        page.close()
