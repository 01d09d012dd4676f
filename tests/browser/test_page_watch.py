"""The browser fixtures themselves: what every other browser test relies on.

The `page` fixture must notice console errors, uncaught errors and requests
that leave localhost, and refuse those requests; and pages share one context
(for its caches) without sharing what a test stored.
"""

from __future__ import annotations

import pytest

# The fixture's own net is under test, not the book's runtime: no load here boots Pyodide.
pytestmark = [pytest.mark.browser, pytest.mark.without_runtime]


def test_a_request_off_localhost_is_refused_and_recorded(page, watch, live_server):
    # From a blank page: the book's own pages refuse off-site fetches by their CSP before any request
    # is made, and this test is about the fixture's own net (the refusing proxy and the record).
    page.goto("about:blank")
    outcome = page.evaluate("""async () => {
        try { await fetch('http://example.com/nnbook-probe', { mode: 'no-cors' }); return 'reached'; }
        catch (error) { return 'refused'; }
    }""")
    assert outcome == "refused"
    assert watch.foreign_requests == ["http://example.com/nnbook-probe"]
    # the book itself still works: localhost is not behind the refusing proxy
    page.goto(live_server + "/")
    assert page.evaluate("fetch('/').then((r) => r.status)") == 200
    watch.foreign_requests.clear()  # seen; the fixture would fail this test otherwise
    watch.console_errors.clear()  # Chromium logs the refused fetch


def test_console_and_uncaught_errors_are_recorded(page, watch, live_server):
    page.goto(live_server + "/")
    page.evaluate("console.error('a console error')")
    # resolves once the timer has thrown; the error event reaches Python before this reply
    page.evaluate("new Promise((done) => setTimeout(() => { setTimeout(done); throw new Error('an uncaught error'); }))")
    assert "a console error" in watch.console_errors
    assert any("an uncaught error" in e for e in watch.page_errors)
    with pytest.raises(AssertionError, match="uncaught errors"):
        watch.assert_clean()
    watch.console_errors.clear()
    watch.page_errors.clear()


def test_pages_share_the_context_but_not_what_a_test_stored(context, page, live_server):
    page.goto(live_server + "/")
    page.evaluate("localStorage.setItem('nnbook.probe', '1'); document.cookie = 'probe=1'")
    other = context.new_page()
    try:
        other.goto(live_server + "/")
        # one context: the same storage, as two tabs of one reader
        assert other.evaluate("localStorage.getItem('nnbook.probe')") == "1"
    finally:
        other.close()


def test_the_next_test_starts_with_empty_storage(page, live_server):
    """Runs after the test above (file order): what it stored is gone."""
    page.goto(live_server + "/")
    assert page.evaluate("localStorage.getItem('nnbook.probe')") is None
    assert page.evaluate("document.cookie") == ""
