"""Real Chromium (Debian's headless shell, /usr/bin/chromium-headless-shell, see CHROMIUM) driven by Playwright.

The `page` fixture fails the test on any console error, uncaught page error,
or request that leaves 127.0.0.1.

Speed: every test gets a fresh page (its own worker and Pyodide), but all pages
live in ONE Chromium context for the whole session, with a profile on disk (in
pytest's temporary directory; the server's port changes every session, so a
profile kept between sessions would not be reused). The vendored runtime is
served immutable, so after the first page Chromium takes Pyodide and numpy
from its HTTP cache. It does not take Pyodide's compiled WebAssembly from its
code cache: V8 writes a module there only once enough of it has been optimised,
which no test's page reaches (traced: never a v8.wasm.cachedModule event). V8
flags that lower that threshold (--wasm-caching-threshold) made later pages hit
the cache, but a page load cost no less CPU (it serialised the module again and
again). Nothing else is shared: storage and cookies of the book's origin are
cleared before each test, and each test's page is closed after it.

Off-origin requests are refused by a proxy that does not exist (loopback goes
direct), not by Playwright routing: routing a context turns its HTTP cache off.
"""

from __future__ import annotations

import functools
import os
import shutil
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Frame, Page, sync_playwright

from tests.browser import light_selectors
from tests.browser.helpers import own_page, resize_between_pages

# Every CSS selector the tests send skips Playwright's walk through the page for shadow roots (the book
# has none): see tests/browser/light_selectors.py.
light_selectors.install()

# Debian's headless shell (package chromium-headless-shell, Chromium's "old" headless mode: the same
# Blink and V8 without the browser's window layer), which `make test` installs beside Chromium: the
# browser suite took some 8 % less CPU with it than with /usr/bin/chromium (507 against 549 CPU-s,
# 271 against 292 s, run back to back). Readers' Chromium stays what `make bench` and `nnbook pdf` use.
# NNBOOK_TEST_CHROMIUM picks another binary; without the shell the tests use /usr/bin/chromium.
CHROMIUM = (os.environ.get("NNBOOK_TEST_CHROMIUM") or shutil.which("chromium-headless-shell")
            or shutil.which("chromium") or "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 900}
# Every non-loopback URL goes to a proxy on a port where nothing listens, so it fails at once;
# 127.0.0.1 and localhost go direct. PageWatch records each such request and fails the test.
NO_NETWORK = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]
# A larger young generation for V8 (semi-spaces of 16 to 64 MB; V8 sizes them from the heap by default,
# a few MB here): axe's contrast check and the pages' scripts allocate many short-lived objects, and
# fewer scavenges cost less. An axe run on the training chapter: 3.3 against 3.6-3.8 CPU-s (medians of 5,
# back to back); the browser suite: 436 against 449 CPU-s. NNBOOK_TEST_CHROMIUM_ARGS adds flags (an A/B).
V8_FLAGS = "--js-flags=--max-semi-space-size=64 --min-semi-space-size=16"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", V8_FLAGS, *NO_NETWORK,
        *os.environ.get("NNBOOK_TEST_CHROMIUM_ARGS", "").split()]


# Playwright runs a wait_for_function predicate on every animation frame unless given `polling`, and a
# page asked for a frame each vsync draws one each vsync, for as long as the wait lasts (a figure
# training, a worker booting). Every wait of the suite polls on a timer instead, as bench/ does; a test
# that needs the frame-by-frame check passes polling="raf". Paired runs of the browser tests on 2 workers,
# every frame -> timer: 513 -> 431, 507 -> 465 and 436 -> 449 busy CPU-s (this host's speed moves as much).
POLL_MS = 20


def _polling_on_a_timer(wait_for_function):
    @functools.wraps(wait_for_function)
    def wait(self, expression, *, arg=None, timeout=None, polling=None):
        return wait_for_function(self, expression, arg=arg, timeout=timeout,
                                 polling=POLL_MS if polling is None else polling)
    return wait


for _waiter in (Page, Frame):
    _waiter.wait_for_function = _polling_on_a_timer(_waiter.wait_for_function)


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    """A plain Chromium for tests that need a context of their own (another viewport or scale)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def context(playwright, tmp_path_factory):
    """The session's one browser context, with a profile on disk so its caches work as a reader's do."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                           args=ARGS, viewport=VIEWPORT,
                                                           # The book's service worker would answer later requests
                                                           # from its cache, past the routes tests hold; the offline
                                                           # test makes its own context that allows it.
                                                           service_workers="block")
    yield context
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


def leaves_localhost(url: str) -> bool:
    """A request that would leave this machine (data:, blob: and about: URLs go nowhere)."""
    parts = urlparse(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname not in ("127.0.0.1", "localhost")


class PageWatch:
    """What a page did that a reader must never see: errors and off-origin requests."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []

    def attach(self, page):
        def on_console(message):
            if message.type == "error":
                self.console_errors.append(message.text)

        def on_request(request):
            if leaves_localhost(request.url):
                self.foreign_requests.append(request.url)

        self._listeners = [("console", on_console), ("pageerror", lambda e: self.page_errors.append(str(e))),
                           ("request", on_request)]
        for event, listener in self._listeners:
            page.on(event, listener)

    def detach(self, page):
        """Stop watching (a page that outlives the test, the module's warm tab)."""
        for event, listener in self._listeners:
            page.remove_listener(event, listener)

    def assert_clean(self):
        assert not self.page_errors, f"uncaught errors: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.foreign_requests, f"requests left localhost: {self.foreign_requests}"


@pytest.fixture
def watch():
    return PageWatch()


def _forget_the_origin(context, page, origin):
    """What one test stored (quiz answers in localStorage, cookies) must not reach the next; the caches stay."""
    context.clear_cookies()
    cdp = context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin", {"origin": origin,
                                            "storageTypes": "local_storage,indexeddb,cache_storage,service_workers"})
    cdp.detach()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember a failed test on its item: the warm tab it used is not handed to the next test."""
    report = yield
    if report.failed:
        item.stash[TEST_FAILED] = True
    return report


TEST_FAILED = pytest.StashKey[bool]()


def in_front(page):
    """Make ``page`` the tab in front. Headless Chromium throttles every tab of the context but the
    one in front even though each says it is visible: with another tab open (a test's second tab,
    the figure contract's chapter tab, the warm tab behind a fresh one), five Steps of the
    playground took 9.4 s instead of 0.5 s, with no more CPU. A test acts on one tab at a time,
    so that tab is brought to the front when the test takes it."""
    page.bring_to_front()


class WarmTab:
    """One tab kept across tests, so its worker boots Pyodide once, not once per test."""

    def __init__(self, context):
        self.context = context
        self.page = None

    def take(self):
        if self.page is None or self.page.is_closed():
            self.page = self.context.new_page()
        return self.page

    def discard(self):
        if self.page is not None and not self.page.is_closed():
            self.page.close()
        self.page = None


@pytest.fixture(scope="session")
def warm_tab(context):
    tab = WarmTab(context)
    yield tab
    tab.discard()


@pytest.fixture
def warm_page(request, warm_tab, context, watch, live_server):
    """Like `page`, but the tab (and the live engine in its worker) stays for the next test.

    Open pages with helpers.open_page(page, live_server, path): the first call loads the page, later
    ones swap it in place (static/js/navigation.js, as a reader's click does), so the figures mount
    afresh from the page's HTML and the URL while the warm worker answers at once. Each test starts
    with the origin's storage cleared, the default viewport (kept as the last test left it under
    @pytest.mark.keep_viewport) and empty redraw/call metrics; a test
    that fails leaves its tab behind and the next one gets a fresh tab. A test that holds routes,
    adds page listeners or needs the runtime NOT ready (first frame, fallback) takes `page`.
    """
    page = warm_tab.take()
    in_front(page)
    _forget_the_origin(context, page, live_server)
    if not request.node.get_closest_marker("keep_viewport"):
        resize_between_pages(page, live_server, VIEWPORT)
    watch.attach(page)
    try:
        yield page
        watch.assert_clean()
    except BaseException:
        warm_tab.discard()
        raise
    finally:
        if not page.is_closed():
            watch.detach(page)
        if request.node.stash.get(TEST_FAILED, False):
            warm_tab.discard()


@pytest.fixture
def page(request, context, watch, live_server):
    """A fresh tab. Under @pytest.mark.without_runtime its runtime downloads are held for its whole life
    (helpers.hold_the_runtime): a test that needs no live figure then pays no Pyodide boot per load."""
    with own_page(context, hold_runtime=bool(request.node.get_closest_marker("without_runtime"))) as page:
        in_front(page)
        _forget_the_origin(context, page, live_server)
        watch.attach(page)
        yield page
        watch.assert_clean()


@pytest.fixture
def offline_context(browser):
    """A context of its own that allows the service worker (the shared one blocks it), closed after the
    test: for the offline-reading tests. Off-site requests fail at the browser's dead proxy (NO_NETWORK)
    and are recorded on ``context.foreign_requests``. Not refused by Playwright routing: that would turn
    the context's HTTP cache off and hold every request, the service worker's own included, until this
    process answered it."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="allow")
    context.foreign_requests = []
    context.on("request", lambda request: leaves_localhost(request.url) and context.foreign_requests.append(request.url))
    yield context
    context.close()
