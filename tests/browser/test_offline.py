"""After one visit, the book reads offline, figures and search included (the service worker at /sw.js).

The test makes its own browser context: the service worker it installs, and
the offline switch, must not outlive it (other tests hold runtime downloads
with page routes, which a service worker's cache would bypass).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.helpers import ALL_LIVE, FIRST_FRAME, type_query

pytestmark = pytest.mark.browser


# What the page did with clicks, for a failure's message: the element hit, its link, whether a script took it.
CLICKS = """
window.__clicks = [];
addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href]");
  const entry = { target: event.target.tagName + "." + event.target.className, href: link && link.getAttribute("href") };
  window.__clicks.push(entry);
  setTimeout(() => { entry.taken = event.defaultPrevented; });
}, true);
"""


# The files a boot from the snapshot reads: the snapshot, its manifest, numpy's files and the standard
# library beside it, Pyodide's wasm and the engine.
RUNTIME_FILE = re.compile(r"/(interpreter-[0-9a-f]+\.(bin|json)|numpy-[0-9a-f]+\.zip|python_stdlib-[0-9a-f]+\.zip|pyodide\.asm\.wasm|engine\.zip)(\?|$)")


def what_the_page_did(page, log) -> str:
    """Where the page is and what it did, for a failed wait's message."""
    state = page.evaluate("""async () => ({ url: location.href, title: document.title, clicks: window.__clicks,
        controller: navigator.serviceWorker.controller && navigator.serviceWorker.controller.state, onLine: navigator.onLine,
        status: (document.getElementById('site-search-status') || {}).textContent,
        // Does the service worker answer a chapter now? (Stuck, or only that one request lost?)
        asked_again: await (async () => { const t = performance.now();
          const answer = fetch('/chapters/backpropagation', { headers: { Accept: 'text/html' } })
            .then((r) => `HTTP ${r.status}`, (e) => `failed: ${e}`);
          const late = new Promise((resolve) => setTimeout(() => resolve('no answer'), 5000));
          return `${await Promise.race([answer, late])} after ${Math.round(performance.now() - t)} ms`; })() })""")
    return f"{state}; the page's log, last 30: {log[-30:]}"


def test_the_book_and_its_search_read_offline_after_one_visit(offline_context, live_server):
    context = offline_context
    context.add_init_script(CLICKS)
    context.add_init_script(FIRST_FRAME)
    page = context.new_page()
    errors, log = [], []
    page.on("console", lambda m: log.append(f"{m.type}: {m.text}"))
    page.on("requestfailed", lambda r: "/chapters/" not in r.url and log.append(f"failed: {r.url} {r.failure}"))  # chapters: below
    page.on("framenavigated", lambda f: f == page.main_frame and log.append(f"navigated: {f.url}"))
    # Pages asked for, by the page or by the service worker on its behalf, and how each ended.
    for event in ("request", "requestfinished", "requestfailed"):
        context.on(event, lambda r, event=event: "/chapters/" in r.url and log.append(
            f"{event}{' (service worker)' if r.service_worker else ''}: {r.url}{' ' + str(r.failure) if event == 'requestfailed' else ''}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(live_server + "/chapters/perceptron")
    page.wait_for_function(ALL_LIVE, timeout=90_000)
    # A first visit's downloads come from the network: the worker counts their bytes (its stall watchdog).
    assert page.evaluate("() => window.__nnbookMetrics.boot.downloads") == "counted"
    # The service worker registers once the figures are live, stores the book, then takes the page over.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=90_000)
    stored = page.evaluate("async () => { const names = await caches.keys(); const c = await caches.open(names[0]); return (await c.keys()).map((r) => new URL(r.url).pathname); }")
    assert "/static/vendor/pyodide/pyodide.asm.wasm" in stored and "/chapters/training" in stored
    # Back online, a reload: the page's request starts with the navigation (navigation preload, answered
    # by the service worker with the preload's response), and the worker restores Python from the
    # snapshot, its files answered from the cache.
    assert page.evaluate("async () => (await navigator.serviceWorker.ready).navigationPreload.getState()")["enabled"] is True
    # The worker reads the runtime's files from the book's Cache Storage itself (static/js/worker.js):
    # none is asked of the service worker, as the first visit asked the server for each.
    runtime_asked = []
    context.on("request", lambda r: RUNTIME_FILE.search(r.url) and runtime_asked.append(r.url))
    page.reload()
    page.wait_for_function(ALL_LIVE, timeout=90_000)
    assert page.evaluate("() => window.__nnbookMetrics.boot.from") == "snapshot"
    assert not runtime_asked, f"asked of the service worker, not read from its cache: {runtime_asked}"
    assert sum(1 for path in stored if RUNTIME_FILE.search(path)) >= 6  # ...though the cache holds them all
    # A return visit (the runtime on this machine) starts the worker at once, before the first frame;
    # a first visit waits for that frame (test_first_paint.py).
    started, frame = page.evaluate("() => [window.__nnbookBoot.startedAt, window.__firstAnimationFrameAt]")
    assert started < frame, f"the worker started at {started:.0f} ms, the first frame came at {frame:.0f} ms"
    # Under the service worker every runtime file is in its cache: no byte counting (no clone of each body).
    assert page.evaluate("() => window.__nnbookMetrics.boot.downloads") == "from the book's cache"

    context.set_offline(True)
    try:
        # The same chapter, reloaded: text, typeset math, and figures live on the cached runtime.
        page.reload()
        assert page.locator("main h1").inner_text() == "The Perceptron"
        assert page.locator("article .math.typeset math").count() > 50
        page.wait_for_function(ALL_LIVE, timeout=90_000)
        assert page.evaluate("!navigator.onLine")
        # The next chapter by a click (instant navigation), its figure live on the same worker.
        page.locator("nav.prev-next a.next").click()
        page.wait_for_url("**/chapters/architecture")
        page.wait_for_function(ALL_LIVE, timeout=30_000)
        # A chapter never opened before, loaded as a new document.
        page.goto(live_server + "/chapters/training")
        assert page.locator("main h1").inner_text() == "Training Neural Networks"
        assert page.locator("article .math.typeset math").count() > 10
        # The search, offline too (it was test_search.py's own visit, install and offline reload: now made
        # on this visit): its script, Lunr and the index come from the cache, and a result leads to its chapter.
        page.wait_for_selector("html.search-ready form.site-search")
        results = type_query(page, "backpropagation")
        assert results.count() >= 1, (page.locator("#site-search-status").inner_text(), errors)
        assert results.first.get_attribute("href").startswith("/chapters/backpropagation")
        results.first.click()
        try:
            page.wait_for_url("**/chapters/backpropagation?highlight=*")
        except PlaywrightTimeoutError:
            raise AssertionError(f"the search result's page did not open: {what_the_page_did(page, log)}") from None
        page.wait_for_function("() => Number(document.documentElement.dataset.searchHighlighted) > 0", timeout=30_000)
    finally:
        context.set_offline(False)
    assert not errors, errors
    assert not context.foreign_requests, context.foreign_requests
