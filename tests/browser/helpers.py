"""What every browser test needs: waiting for a live figure or typeset math, and
reading numbers the way the page prints them."""

import json
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

from app.print_pdf import hold_the_browser_runtime

# Follow a link the way a reader's click does (static/js/navigation.js swaps the page in place);
# resolves when the new page has arrived, or 'reload' when navigation.js chose a full load.
_INSTANT_NAVIGATION = """(href) => new Promise((resolve) => {
    const m = window.__nnbookMetrics;
    if (m) { m.redraw = {}; m.calls = {}; }  // what the next test measures is its own
    delete document.documentElement.dataset.math;
    // Whichever comes first; the other listener goes too (one left on window per swap would pile up).
    const done = new AbortController();
    const settle = (how) => { done.abort(); resolve(how); };
    document.addEventListener('nnbook:navigated', () => settle('swapped'), { once: true, signal: done.signal });
    window.addEventListener('pagehide', () => settle('reload'), { once: true, signal: done.signal });
    const link = Object.assign(document.createElement('a'), { href });
    document.body.append(link);
    link.click();
    link.remove();
})"""


def open_page(page, live_server, path):
    """Open the book's page ``path`` (may carry ?query) in ``page``: a full load the first time,
    then an in-place swap on the tab's warm worker (the `warm_page` fixture).

    Straight from the page the tab shows: the figures swapped out flush the URL writes they still owe
    before navigation.js puts the next page's URL in the address bar, so those land on their own page's
    entry (test_navigation.py's test_a_change_still_owed_to_the_url_stays_with_its_own_page). (Until
    that was so, a swap went through the contents page first, whose figure cost every test a mount.)
    """
    url = live_server + path
    if not page.url.startswith(live_server + "/"):
        page.goto(url)
        return
    _swap(page, url)
    assert page.url == url, f"went to {page.url}, not {url}"


def resize_between_pages(page, live_server, viewport):
    """Give the tab ``viewport`` for the page it opens next, unless it has it: first it swaps to the
    contents page (one small figure, no long text), unless it is there or not on the book. A resize of a
    chapter lays the whole chapter out again (some 18,000 boxes on the training chapter, 100-160 ms each
    time) and redraws its figures, for a page about to be left."""
    if page.viewport_size == viewport:
        return
    if page.url.startswith(live_server + "/") and urlsplit(page.url).path != "/":
        _swap(page, live_server + "/")
    page.set_viewport_size(viewport)


def _swap(page, url):
    try:
        how = page.evaluate(_INSTANT_NAVIGATION, url)
    except PlaywrightError:  # the document went away under the call: a full load
        how = "reload"
    if how == "reload":
        page.wait_for_load_state("load")


def wait_live(page, selector='figure.widget[data-widget="perceptron"]', timeout=90_000):
    """Wait until a widget runs on the browser's engine."""
    page.wait_for_selector(f'{selector}[data-status="live"]', timeout=timeout)


def open_figure(page, live_server, path, figure_selector, live=True):
    """Open ``path`` (open_page) and return the figure's locator, once it is live and has its answers
    (no engine call in flight: on a warm tab a figure is live at once, before the engine has answered
    what the URL asked for), unless ``live=False``."""
    open_page(page, live_server, path)
    if live:
        wait_idle(page, figure_selector)
    return page.locator(figure_selector)


def wait_idle(page, figure_selector, timeout=90_000):
    """Live, no engine call of the figure still in flight, and no reply of one waiting for its frame."""
    wait_live(page, figure_selector, timeout=timeout)
    page.wait_for_function("(s) => { const f = document.querySelector(s); "
                           "return !f.hasAttribute('data-busy') && !f.hasAttribute('data-draw-pending'); }",
                           arg=figure_selector, timeout=timeout)


def wait_url_written(page, timeout=10_000):
    """Until no figure owes the URL a write (static/js/url-state.js batches them for 150 ms): the
    address then says what the figures will leave in it, or a dropped write has been dropped."""
    page.wait_for_function("() => !('urlOwed' in document.documentElement.dataset)", timeout=timeout)


def wait_text(page, selector, text, timeout=30_000):
    """Wait until the element ``selector`` shows exactly ``text`` (passed as data: no quoting trouble)."""
    page.wait_for_function("([s, t]) => { const e = document.querySelector(s); return !!e && e.textContent === t; }",
                           arg=[selector, text], timeout=timeout)


def wait_attribute(page, selector, name, value, timeout=30_000):
    """Wait until the element ``selector`` has attribute ``name`` equal to ``value``."""
    page.wait_for_function("([s, n, v]) => { const e = document.querySelector(s); return !!e && e.getAttribute(n) === v; }",
                           arg=[selector, name, value], timeout=timeout)


def looked_again(page, change=lambda: None):
    """Make ``change``, then wait until static/js/scroll-regions.js has looked at the page after it.

    The count is read after the change: read before it, a look already pending (debounced, from a
    mutation) could land between the two and pass for one made after the change. The resize sent
    after the read makes sure there is a later look."""
    change()
    before = page.evaluate("() => Number(document.documentElement.dataset.scrollRegions || 0)")
    page.evaluate("() => window.dispatchEvent(new Event('resize'))")
    page.wait_for_function("(n) => Number(document.documentElement.dataset.scrollRegions || 0) > n", arg=before, timeout=15_000)
    # A figure that redrew after that look (a reply drawn on its animation frame) replaced the tables it
    # marked: wait until no look is owed, so a check sees the marks of the page as it now is.
    page.wait_for_function("() => !('scrollRegionsOwed' in document.documentElement.dataset)", timeout=15_000)


def wait_math(page, timeout=30_000):
    # A function, not an expression string: Playwright polls an expression with eval(), which the
    # site's Content-Security-Policy (no 'unsafe-eval') refuses.
    page.wait_for_function("() => document.documentElement.dataset.math === 'done' || !document.querySelector('.math')", timeout=timeout)


def fmt(value, digits=3):
    """The page's number format (static/js/draw.js fmt): rounded, trailing zeros dropped."""
    rounded = round(value, digits) + 0.0
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".") if rounded else "0"


def sig(value, digits=3):
    """The page's significant-digit format (static/js/draw-annotations.js sig), with a real minus sign."""
    if value == 0:
        return "0"
    if abs(value) < 1e-4 or abs(value) >= 1e6:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    else:
        text = repr(float(f"{value:.{digits}g}"))
        text = text[:-2] if text.endswith(".0") else text
    return text.replace("-", "−")


def directive_options(page, figure_selector):
    """The figure's options as the chapter wrote them: a CPython run to compare with must use the same."""
    return json.loads(page.locator(figure_selector).first.get_attribute("data-config"))


def table_column(figure, index):
    """The texts of column ``index`` (1-based) of a figure's table body."""
    return [cell.inner_text() for cell in figure.locator(f"tbody tr td:nth-child({index})").all()]


# The elements that reach past `width` with no ancestor that clips or scrolls them: what widens the page.
STICKING_OUT = """(width) => [...document.body.querySelectorAll('*')].filter((el) => {
    if (el.getBoundingClientRect().right <= width + 0.5) return false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return false;
    return true;
}).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} in ${el.parentElement.className}`)"""


def assert_fits_width(page, figure_selector, width=360):
    """Nothing of the figure, nor the page, sticks out of a ``width``-pixel screen."""
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, f"the page is {page_width}px wide: {page.evaluate(STICKING_OUT, width)}"
    figure = page.locator(figure_selector).first  # the first on the page, as querySelector below
    box = figure.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"the figure spans {box['x']}-{box['x'] + box['width']}px"
    overflow = page.evaluate("(sel) => { const f = document.querySelector(sel); return f.scrollWidth - f.clientWidth; }", figure_selector)
    assert overflow <= 0, f"the figure scrolls sideways by {overflow}px"
    for control in figure.locator("input, select, button").all():
        if control.is_visible():
            b = control.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= width, f"{control.get_attribute('id')} sticks out at {width} px"


def choose_refused_option(page, select_selector, value):
    """Make a <select> offer a value the engine refuses, and choose it: the figure must say why."""
    page.evaluate("""([sel, value]) => {
        const s = document.querySelector(sel);
        const o = document.createElement('option'); o.value = value; s.append(o);
        s.value = value; s.dispatchEvent(new Event('change'));
    }""", [select_selector, value])


@contextmanager
def engine_download_held(page):
    """Hold the page's download of the engine zip, so its runtime cannot be ready; let it go on exit.

    Through the DevTools Fetch domain for that one URL rather than ``page.route``: Playwright
    routing turns the page's HTTP cache off, and Pyodide would then load and compile from scratch.
    """
    cdp = page.context.new_cdp_session(page)
    held = []
    cdp.on("Fetch.requestPaused", lambda event: held.append(event["requestId"]))
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/runtime/engine.zip*"}]})
    try:
        yield
    finally:
        for request_id in held:
            cdp.send("Fetch.continueRequest", {"requestId": request_id})
        cdp.send("Fetch.disable")
        cdp.detach()


@contextmanager
def figures_held(page, live_server):
    """While inside, figures that mount on ``page`` wait as they do for a runtime still starting (first
    frame, data-status "loading", a change queued, not dropped); on exit they go live on the tab's running
    worker. The runtime's test hook (static/js/runtime.js, window.__nnbookHoldReady): on the warm tab this
    stands for "not ready yet" without a new Pyodide boot. The hook lives in the book's loaded page: a tab
    not yet on the book loads its home page first."""
    if not page.url.startswith(live_server + "/"):
        open_page(page, live_server, "/")
    page.wait_for_function("() => typeof window.__nnbookHoldReady === 'function'")
    page.evaluate("() => window.__nnbookHoldReady()")
    try:
        yield
    finally:
        if not page.is_closed():
            page.evaluate("() => window.__nnbookReleaseReady()")


# Every figure of the page live (and at least one figure): for wait_for_function.
ALL_LIVE = "() => { const f = [...document.querySelectorAll('figure.widget')]; return f.length > 0 && f.every((x) => x.dataset.status === 'live'); }"
# An init script: every message the page posts to a worker, in window.__workerMessages.
RECORD_WORKER_MESSAGES = """
window.__workerMessages = [];
const realPost = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) { window.__workerMessages.push(message); return realPost.call(this, message, ...rest); };
"""
# An init script: when the page's first animation frame came (page clock), in window.__firstAnimationFrameAt.
FIRST_FRAME = "requestAnimationFrame(() => { window.__firstAnimationFrameAt = performance.now(); });"


@contextmanager
def own_page(context, hold_runtime=False):
    """A new tab of ``context``, closed when the block ends, however it ends (a tab left open would go on
    working, in the shared context, behind later tests). With ``hold_runtime`` its runtime's downloads are
    held for its whole life (hold_the_runtime). For a test that cannot take the `page` fixture (which
    fails on any console error: Chromium logs every 4xx answer as one), and for that fixture itself."""
    page = context.new_page()
    hold = hold_the_runtime(page) if hold_runtime else None
    try:
        yield page
    finally:
        page.close()
        del hold  # kept until the page is gone: the held downloads die with it


def hold_the_runtime(page):
    """Hold, for the page's whole life, every download of the browser runtime (Pyodide, its stdlib, numpy).

    The page's worker starts and then waits at its first file, so it costs no CPU; the figures keep
    the first frame the server drew. For tests of what needs no live figure (quizzes, search, the
    chapter list, print): a Pyodide boot per page load would only compete with what they check.
    The runtime's 60 s backstop would then move the figures to the server, which changes nothing
    such a test looks at. Through the DevTools Fetch domain, like engine_download_held (not
    ``page.route``, which turns the page's HTTP cache off); the held requests die with the page.
    ``nnbook pdf`` holds its printing tab's runtime with the same function.
    """
    return hold_the_browser_runtime(page)


def settle_labels(page, figure_selector, timeout=10_000):
    """After a resize: the redraw runs on a later frame (later still on a loaded machine). Wait until the
    figure's labels are clean, or the timeout; the caller then asserts, so a lasting overlap still fails
    with its list."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from tests.browser import figure_contract_js as js

    try:
        page.wait_for_function(f"(sel) => ({js.LABEL_PROBLEMS})(sel).length === 0", arg=figure_selector, timeout=timeout)
    except PlaywrightTimeout:
        pass


SEARCH_RESULTS = "#site-search-results a.site-search-result"


def type_query(page, text):
    """Type ``text`` into the header's search box; -> the result links once results for exactly it are shown."""
    box = page.locator("#site-search-input")
    box.fill(text)
    # Results for exactly this query: the status line names the count (or says nothing was found).
    page.wait_for_function("() => /result|Nothing found/.test(document.getElementById('site-search-status').textContent)",
                           timeout=30_000)
    return page.locator(SEARCH_RESULTS)
