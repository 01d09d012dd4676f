"""The whole book works under its Content-Security-Policy, in real Chromium, with zero violations.

The home page is loaded in full from the real server (which sends the policy on
every response, the worker's script included) and its figure must reach
data-status="live", which needs Pyodide's WebAssembly to compile inside the
worker under the policy; every other page is reached from there by instant
navigation on the warm tab, its figures live too, and its HTML is searched for
what only a full load would run. Violations are collected from the page (the
``securitypolicyviolation`` event) and from the console, where Chromium also
reports those raised inside the worker.
"""

from __future__ import annotations

import re

import pytest

from app.inline_assets import script_hash, script_hashes
from tests.real_book import real_book
from tests.browser.helpers import open_page, wait_math

BOOK = real_book()
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


PATHS = ["/", *(c.url for c in BOOK.chapters), *(p.url for p in BOOK.pages.values())]
# Its own files, Pyodide's WebAssembly, and the page's inline scripts by hash (app/inline_assets.py).
SCRIPT_SRC = f"script-src 'self' 'wasm-unsafe-eval' {script_hashes()}"
# Listening from now on, in this document; returns (and forgets) what it heard so far.
VIOLATIONS_SO_FAR = """() => {
    if (!window.__cspViolations) {
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation",
          (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
    }
    return window.__cspViolations.splice(0);
}"""


def figures_live_and_nothing_refused(page, path, console_all):
    wait_math(page)
    figures = page.locator("figure.widget")
    for i in range(figures.count()):
        figure = figures.nth(i)
        page.wait_for_function("(f) => ['live', 'error', 'server'].includes(f.dataset.status)",
                               arg=figure.element_handle(), timeout=90_000)
        name = figure.get_attribute("data-widget")
        assert figure.get_attribute("data-status") == "live", f"{path}: figure {name} is {figure.get_attribute('data-status')}"
    refused = [line for line in console_all if "Content Security Policy" in line or "Refused to" in line]
    assert refused == [], refused


@pytest.mark.browser
def test_a_full_load_boots_the_runtime_under_the_policy_with_zero_violations(page, watch, live_server):
    # A full load in a fresh tab: the policy holds for the HTML as the server sends it, and for a
    # worker that compiles Pyodide's WebAssembly under it.
    page.add_init_script(RECORD_VIOLATIONS)
    console_all: list[str] = []
    page.on("console", lambda m: console_all.append(f"{m.type}: {m.text}"))
    response = page.goto(live_server + "/")
    csp = response.headers["content-security-policy"]
    assert next(d for d in csp.split("; ") if d.startswith("script-src")) == SCRIPT_SRC
    assert page.locator("figure.widget").count() >= 1, "the home page has no figure to boot the runtime for"
    figures_live_and_nothing_refused(page, "/", console_all)
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"/: {violations}"
    watch.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS[1:])
def test_every_page_and_its_figures_work_under_the_policy_with_zero_violations(warm_page, watch, live_server, path):
    """Each page as a reader reaches it from another, on the warm tab (the full load and the worker's boot
    under the policy are the test above): its figures' modules, styles, fonts and images load under
    the policy of the document that swapped it in. What only a full load would run, an inline script or
    an inline event handler in the page's HTML, is looked for in the HTML the server sends with it."""
    page = warm_page
    response = page.context.request.get(live_server + path)
    assert response.ok, f"{path}: {response.status}"
    csp = response.headers["content-security-policy"]
    assert next(d for d in csp.split("; ") if d.startswith("script-src")) == SCRIPT_SRC
    html = response.text()
    inline = [(tag, body) for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, re.S)
              if " src=" not in tag and not re.search(r"type=.application/(ld\+)?json", tag)]  # data, not run
    refused = [tag for tag, body in inline if script_hash(body) not in SCRIPT_SRC.split()]
    assert refused == [], f"{path}: inline scripts the policy refuses (no hash of theirs in it): {refused}"
    handlers = re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", html)
    assert handlers == [], f"{path}: inline event handlers the policy refuses: {handlers}"

    if not page.url.startswith(live_server + "/"):
        open_page(page, live_server, "/")
    page.evaluate(VIOLATIONS_SO_FAR)  # from now on; what an earlier test's page did is its own
    console_all: list[str] = []
    listener = lambda m: console_all.append(f"{m.type}: {m.text}")  # noqa: E731
    page.on("console", listener)
    try:
        open_page(page, live_server, path)
        figures_live_and_nothing_refused(page, path, console_all)
        # A page that needed a full load (other stylesheets) is listened to from its load on by the
        # console check above; one swapped in was heard by the document's listener.
        violations = page.evaluate(VIOLATIONS_SO_FAR)
        assert violations == [], f"{path}: {violations}"
    finally:
        page.remove_listener("console", listener)
    watch.assert_clean()


@pytest.mark.browser
def test_the_policy_really_blocks_an_injected_inline_script(browser, live_server):
    # Its own page: the refusal this test provokes is logged as a console error, which the `page` fixture forbids.
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + "/")
    ran = page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
        const s = document.createElement("script");
        s.textContent = "window.__inlineRan = true";
        document.body.append(s);
        setTimeout(() => resolve(window.__inlineRan ? "ran" : "no event"), 2000);
    })""")
    context.close()
    assert ran.startswith("script-src"), ran


@pytest.mark.browser
def test_the_api_docs_work_offline_under_the_policy(context, page, watch, live_server):
    # `page` refuses (and `watch` reports) any request that leaves localhost: the Swagger UI is vendored.
    context.add_init_script(RECORD_VIOLATIONS)
    page.goto(live_server + "/api/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    paths = [p.replace("\u200b", "") for p in paths]
    # One documented operation per figure call (its request body from the option table), no generic route.
    assert "/api/widgets/perceptron/step" in paths and "/api/widgets/activations/initial" in paths
    assert "/api/widgets/{widget}/{call}" not in paths
    assert page.evaluate("window.__cspViolations") == []
    watch.assert_clean()
