"""Instant navigation: moving between chapters keeps the page, its worker and its warm Python.

A click on a link to another page of the book swaps the page's content in
place (static/js/navigation.js). These tests count the Web Workers the page
creates (the Worker constructor is wrapped before any page script runs) and
mark the window, so a real reload, or a second worker, cannot pass unnoticed.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import ALL_LIVE, RECORD_WORKER_MESSAGES, open_page, wait_live, wait_url_written
from tests.real_book import real_book

pytestmark = pytest.mark.browser

COUNT_WORKERS = """
window.__workersCreated = 0;
const RealWorker = window.Worker;
window.Worker = class extends RealWorker { constructor(...args) { super(...args); window.__workersCreated += 1; } };
"""


def open_counting(page, url):
    page.add_init_script(COUNT_WORKERS)
    page.goto(url)
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


# Its figure's module: preloaded, or already here in the pages' one bundle (app/js_bundle.py).
ARCHITECTURE_PRELOADED = """() => document.querySelector('script[src*="/static/build/book.js"]') || [...document.querySelectorAll('link[rel=modulepreload]')]
    .some((link) => link.href.endsWith('/js/widgets/architecture.js'))"""


def test_the_next_chapter_is_made_ready_while_the_reader_reads_then_goes_live_on_the_same_worker(page, live_server):
    """One boot for the whole story: made ready ahead, then the click, then the new figure on the kept worker."""
    page.add_init_script(RECORD_WORKER_MESSAGES)
    open_counting(page, live_server + "/chapters/perceptron")
    page.wait_for_function(ALL_LIVE, timeout=90_000)
    assert page.evaluate("window.__workersCreated") == 1
    # Once the figures are live and the page idle: the next chapter's page fetched, its figure's modules
    # preloaded, and its Python imported in the worker, all before any click.
    page.wait_for_function(ARCHITECTURE_PRELOADED, timeout=30_000)
    page.wait_for_function("() => window.__workerMessages.some((m) => m.type === 'preload' && m.widgets.includes('architecture'))",
                           timeout=30_000)
    page.locator("nav.prev-next a.next").click()
    page.wait_for_url("**/chapters/architecture")
    assert page.locator("main h1").inner_text() == "Network Architecture"
    assert page.title().startswith("3. ")
    page.wait_for_function(ALL_LIVE, timeout=10_000)
    assert same_document(page), "the click reloaded the page"
    assert page.evaluate("window.__workersCreated") == 1, "the second chapter started its own worker"
    # The click used the page fetched ahead: it was asked for once.
    fetched = page.evaluate("() => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/chapters/architecture').length")
    assert fetched == 1
    # The new figure really runs on the kept worker: an edit is answered by the engine.
    figure = page.locator('figure.widget[data-widget="architecture"]')
    figure.locator("input[type=number]").nth(1).fill("3")
    figure.locator("input[type=number]").nth(1).dispatch_event("change")
    page.wait_for_function("() => (window.__nnbookMetrics.calls || {}).architecture?.length > 0", timeout=10_000)
    # The table of contents and the chapter list describe the new page.
    assert page.locator('nav.book-nav a[aria-current="page"]').inner_text().startswith("3.")
    assert page.locator("nav.toc a").first.get_attribute("href").startswith("#")
    assert page.locator('figure.widget[data-widget="perceptron"]').count() == 0


TEXT_IN_VIEW = """() => { const el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    const block = el && el.closest('main') && el.closest('p, li, h2, h3, figure, table, .math');
    return block ? block.textContent.trim().slice(0, 80) : null; }"""


def test_back_and_forward_restore_the_page_and_its_scroll_position(page, live_server):
    open_counting(page, live_server + "/chapters/perceptron")
    wait_live(page)
    page.evaluate("window.scrollTo(0, 2400)")
    # Where the reader is once the blocks around 2400 px are laid out (text blocks off screen count as an
    # estimate until then: book.css, content-visibility; scroll anchoring keeps the text in view still).
    page.wait_for_function("""() => new Promise((resolve) => { const y = window.scrollY;
        setTimeout(() => resolve(y > 1500 && Math.abs(window.scrollY - y) < 1), 300); })""", timeout=10_000)
    left_at = page.evaluate("window.scrollY")
    seen = page.evaluate(TEXT_IN_VIEW)
    page.locator("nav.book-nav a", has_text="3. Network Architecture").click()
    page.wait_for_url("**/chapters/architecture")
    page.wait_for_function("() => window.scrollY === 0")
    page.go_back()
    page.wait_for_url("**/chapters/perceptron")
    page.wait_for_function("() => document.querySelector('main h1').textContent === 'The Perceptron'")
    page.wait_for_function(f"() => Math.abs(window.scrollY - {left_at}) < 2", timeout=5_000)
    # …and the text the reader left is what is on screen, not an estimate's worth off.
    assert seen and page.evaluate(TEXT_IN_VIEW) == seen
    page.wait_for_function(ALL_LIVE, timeout=10_000)
    page.go_forward()
    page.wait_for_url("**/chapters/architecture")
    page.wait_for_function("() => document.querySelector('main h1').textContent === 'Network Architecture'")
    page.wait_for_function(ALL_LIVE, timeout=10_000)
    assert same_document(page)
    assert page.evaluate("window.__workersCreated") == 1


def test_a_link_to_a_section_of_another_chapter_lands_on_it(page, live_server):
    """From a page without figures (the notation page) to a section of a chapter with figures:
    scrolled, focused, and live (widgets.js arrives with the swap)."""
    open_counting(page, live_server + "/notation")
    assert page.evaluate("window.__workersCreated") == 0
    page.locator('a[href="/chapters/perceptron#step-2-the-step-function"]').first.click()
    page.wait_for_url("**/chapters/perceptron#step-2-the-step-function")
    heading = page.locator("#step-2-the-step-function")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'step-2-the-step-function'")
    top = heading.bounding_box()["y"]
    assert 0 <= top < 200, f"the section is at y={top}, not at the top of the window"
    page.wait_for_function(ALL_LIVE, timeout=90_000)
    assert same_document(page)
    assert page.evaluate("window.__workersCreated") == 1


def test_a_deep_link_opened_directly_shows_its_section(page, live_server):
    page.goto(live_server + "/chapters/perceptron#the-xor-problem")
    top = page.locator("#the-xor-problem").bounding_box()["y"]
    assert 0 <= top < 200
    wait_live(page)


def test_a_page_reads_with_javascript_turned_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/chapters/perceptron")
    assert page.locator("main h1").inner_text() == "The Perceptron"
    assert page.locator("article.chapter-body p").first.is_visible()
    # Math arrives typeset from the server, and every figure shows its server-drawn first frame.
    assert page.locator("article .math.typeset math").count() > 50
    assert page.locator(".math:not(.typeset)").count() == 0
    figures = page.locator("figure.widget")
    assert figures.count() == 3
    assert all(status == "static" for status in figures.evaluate_all("(fs) => fs.map((f) => f.dataset.status)"))
    # Links are plain links: the next chapter loads as a new document.
    page.locator("nav.prev-next a.next").click()
    page.wait_for_url("**/chapters/architecture")
    assert page.locator("main h1").inner_text() == "Network Architecture"
    context.close()


def test_a_change_still_owed_to_the_url_stays_with_its_own_page(warm_page, live_server):
    """A figure writes its state to the URL 150 ms after the last input; a click away within that time
    must leave the write on the page it belongs to, not in the next chapter's URL. On the warm tab:
    what is checked is the swap's, not the worker's start."""
    page = warm_page
    open_page(page, live_server, "/chapters/perceptron")
    figure = page.locator('figure.widget[data-widget="perceptron"]').first
    figure_id = figure.get_attribute("id")
    page.wait_for_function("() => document.querySelector('figure.widget[data-widget=\"perceptron\"]').dataset.status === 'live'",
                           timeout=90_000)
    # The reader moves the slider and clicks away in the same task: neither the URL write (150 ms
    # batching) nor the engine's answer to the change (a message, so a later task) has come yet.
    page.evaluate("""(id) => {
        const slider = document.querySelector(`#${id} input[type=range]`);
        slider.focus();
        slider.stepUp();
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        document.querySelector("nav.prev-next a.next").click();
    }""", figure_id)
    page.wait_for_url("**/chapters/architecture")
    wait_url_written(page)  # the write owed to the chapter left behind has been dropped
    assert f"{figure_id}." not in page.url, page.url
    page.go_back()
    page.wait_for_url("**/chapters/perceptron**")
    assert f"{figure_id}." in page.url, page.url
    # The swap back ends after the URL changed: let it end here, not in the next test on this tab (it
    # records the chapter as opened, static/js/progress.js, after that test cleared the origin's storage).
    page.wait_for_function("() => document.querySelector('main[data-chapter]')?.dataset.chapter === 'perceptron'", timeout=30_000)


COUNT_PARSES = """
window.__parsedTitles = [];
const realParse = DOMParser.prototype.parseFromString;
DOMParser.prototype.parseFromString = function (...args) {
  const doc = realParse.apply(this, args);
  window.__parsedTitles.push(doc.title);
  return doc;
};
"""


@pytest.mark.without_runtime  # the swap itself is looked at: no figure needs to be live
def test_a_page_clicked_while_it_is_still_fetched_ahead_is_parsed_once(page, live_server):
    """The pointer rests on a link, so its page is fetched ahead; the click comes before that page has
    arrived and takes the same fetch and the same parse. A second parse for the click used to leave the
    one made ahead in memory, a whole chapter, until the reader came back to that page (the flake of
    test_the_pages_a_reader_leaves_are_let_go on a slow host: one chapter's nodes more on the second tour)."""
    page.add_init_script(COUNT_PARSES)
    cdp = page.context.new_cdp_session(page)
    held = []
    cdp.on("Fetch.requestPaused", lambda event: held.append(event["requestId"]))
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/chapters/activations"}]})
    try:
        page.goto(live_server + "/chapters/perceptron")
        link = page.locator('a[href$="/chapters/activations"]').first
        link.hover()  # the page is fetched ahead once the pointer has rested 50 ms: its request is held here
        for _ in range(300):  # up to 15 s on a slow host
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "resting on the link did not fetch its page ahead"
        link.click()
        page.wait_for_timeout(200)  # the click's navigation is waiting for the page fetched ahead
        assert page.url.endswith("/chapters/perceptron") and len(held) == 1, "the click fetched the page again"
        for request_id in held:
            cdp.send("Fetch.continueRequest", {"requestId": request_id})
        page.wait_for_url("**/chapters/activations")
        page.wait_for_function("() => document.querySelector('main h1')?.textContent.includes('Activation')")
        page.wait_for_timeout(200)  # a parse still to come would land here
        titles = page.evaluate("window.__parsedTitles")
    finally:
        cdp.send("Fetch.disable")
        cdp.detach()
    assert [t for t in titles if "Activation" in t] == [page.title()], titles


def alive(cdp) -> dict:
    """What the page keeps alive after a full collection: DOM nodes (attached or not) and event listeners."""
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Memory.getDOMCounters")


def test_the_pages_a_reader_leaves_are_let_go(warm_page, live_server):
    """A reader who goes through the whole book twice keeps no more of it alive than before the first tour:
    nothing (a listener on window, an observer, a part noted for a later look) holds on to a page swapped
    out, or to its figures."""
    tour = ["/", *[chapter.url for chapter in real_book().chapters], "/"]
    cdp = warm_page.context.new_cdp_session(warm_page)
    try:
        open_page(warm_page, live_server, "/")
        warm_page.wait_for_function(ALL_LIVE, timeout=60_000)
        counts = [alive(cdp)]  # what this tab holds already (the contents page, what earlier tests left)
        for _ in range(2):
            for path in tour:
                open_page(warm_page, live_server, path)
                warm_page.wait_for_function(ALL_LIVE, timeout=60_000)
            counts.append(alive(cdp))
    finally:
        cdp.detach()
    before, *tours = counts
    # A chapter left alive is thousands of nodes and dozens of listeners (a job panel's kept 244 more
    # listeners; a table scroll-regions.js had noted for its next look held all of its page through its
    # ancestors); a few dozen nodes come and go with the contents page itself.
    for after in tours:
        assert after["nodes"] <= before["nodes"] + 1000, counts
        assert after["jsEventListeners"] <= before["jsEventListeners"] + 20, counts


def test_a_swap_does_not_redraw_the_new_page_s_figures_for_the_old_page_s_canvases(warm_page, live_server):
    """The canvases of a page swapped out stop being watched for size changes when their figures unmount:
    one leaving the page used to report a new size, and every figure just mounted drew again."""
    open_page(warm_page, live_server, "/chapters/perceptron")
    warm_page.wait_for_function(ALL_LIVE, timeout=60_000)
    warm_page.evaluate("window.__resizes = 0; window.addEventListener('resize', () => { window.__resizes += 1; })")
    for path in ("/chapters/activations", "/chapters/perceptron"):
        open_page(warm_page, live_server, path)
        warm_page.wait_for_function(ALL_LIVE, timeout=60_000)
        warm_page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 300)))")
    assert warm_page.evaluate("window.__resizes") == 0
