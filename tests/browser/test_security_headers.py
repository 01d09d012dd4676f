"""The whole book works under its Content-Security-Policy, in real Chromium, with zero violations.

Every chapter is loaded from the real server (which sends the policy on every
response, the worker's script included); every figure must reach
data-status="live", which needs Pyodide's WebAssembly to compile inside the
worker under the policy. Violations are collected from the page (the
``securitypolicyviolation`` event) and from the console, where Chromium also
reports those raised inside the worker.
"""

from __future__ import annotations

import pytest

from app.content.book import load_book
from app.inline_assets import script_hashes
from app.settings import Settings
from tests.browser.helpers import wait_math

BOOK = load_book(Settings().content_dir)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


PATHS = ["/", *(c.url for c in BOOK.chapters), *(p.url for p in BOOK.pages.values())]


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS)
def test_every_page_and_its_figures_work_under_the_policy_with_zero_violations(page, watch, live_server, path):
    # A full load of each page (not the warm tab's swap): the policy must hold for the HTML as the
    # server sends it and for a worker that compiles Pyodide's WebAssembly from scratch.
    page.add_init_script(RECORD_VIOLATIONS)
    console_all: list[str] = []
    page.on("console", lambda m: console_all.append(f"{m.type}: {m.text}"))
    response = page.goto(live_server + path)
    csp = response.headers["content-security-policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert script_src == f"script-src 'self' 'wasm-unsafe-eval' {script_hashes()}"  # + the page's two inline scripts
    wait_math(page)
    figures = page.locator("figure.widget")
    for i in range(figures.count()):
        figure = figures.nth(i)
        page.wait_for_function("(f) => ['live', 'error', 'server'].includes(f.dataset.status)",
                               arg=figure.element_handle(), timeout=90_000)
        name = figure.get_attribute("data-widget")
        assert figure.get_attribute("data-status") == "live", f"{path}: figure {name} is {figure.get_attribute('data-status')}"
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{path}: {violations}"
    refused = [line for line in console_all if "Content Security Policy" in line or "Refused to" in line]
    assert refused == [], refused
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
