"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright.

The `page` fixture fails the test on any console error, uncaught page error,
or request that leaves 127.0.0.1.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a reader must never see: errors and off-origin requests."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []

    def attach(self, page):
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def on_request(request):
            url = urlparse(request.url)
            if url.scheme in ("data", "blob", "about"):
                return
            if url.hostname not in ("127.0.0.1", "localhost"):
                self.foreign_requests.append(request.url)

        page.on("request", on_request)

    def assert_clean(self):
        assert not self.page_errors, f"uncaught errors: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.foreign_requests, f"requests left localhost: {self.foreign_requests}"


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Anything not on localhost is refused outright, and recorded by PageWatch.
    context.route(lambda url: urlparse(url).hostname not in ("127.0.0.1", "localhost") and not url.startswith(("data:", "blob:")),
                  lambda route: route.abort())
    yield context
    context.close()


@pytest.fixture
def watch():
    return PageWatch()


@pytest.fixture
def page(context, watch):
    page = context.new_page()
    watch.attach(page)
    yield page
    watch.assert_clean()


