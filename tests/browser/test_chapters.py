"""Every page of the book in real Chromium: painted, typeset, quiet, local."""

from __future__ import annotations

import pytest

from tests.real_book import real_book
from tests.browser.helpers import hold_the_runtime, open_page, wait_math

BOOK = real_book()
PAGES = [c.url for c in BOOK.chapters] + [p.url for p in BOOK.pages.values()] + ["/"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_with_all_math_typeset(warm_page, live_server, path):
    # Page after page in one tab, as a reader follows the book's links (the first one a full load).
    page = warm_page
    open_page(page, live_server, path)
    wait_math(page)
    assert page.locator(".math-error").count() == 0, page.locator(".math-error").first.get_attribute("title")
    untypeset = page.locator(".math:not(.typeset)").count()
    assert untypeset == 0, f"{untypeset} formulas were not typeset"
    if path != "/":
        assert page.locator(".math.typeset math").count() > 0
        assert page.locator("article.chapter-body p").first.is_visible()


@pytest.mark.browser
@pytest.mark.without_runtime
def test_unknown_page_shows_the_404_page(page, watch, live_server):
    response = page.goto(live_server + "/chapters/nowhere")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # Chromium logs the 404 status itself; that one console line is the point of this test.
    watch.console_errors = [e for e in watch.console_errors if "404" not in e]
    page.get_by_role("link", name="Go to the table of contents").click()
    page.wait_for_selector("#contents")


@pytest.mark.browser
def test_phone_width_has_no_horizontal_scroll(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    # A context of its own has no HTTP cache: each load would download and compile Pyodide, which no
    # width check needs (each figure's live layout at 360 px is the figure contract's check).
    hold_the_runtime(page)
    for path in ("/", BOOK.chapters[1].url, BOOK.chapters[6].url):
        page.goto(live_server + path)
        wait_math(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    context.close()
