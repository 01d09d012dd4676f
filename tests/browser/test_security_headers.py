"""The whole book works under its Content-Security-Policy, in real Chromium, with zero violations.

The home page is loaded in full from the real server (which sends the policy on
every response, the worker's script included) and its figure must reach
data-status="live", which needs Pyodide's WebAssembly to compile inside the
worker under the policy. Every other page is sent with the policy and its HTML
holds nothing that only a full load would run and the policy refuses (checked
here on the HTML the server sends); the page itself, reached by instant
navigation on the warm tab with its figures live, is watched for violations
during test_accessibility.py's visit of it (tests/browser/policy.py's
PolicyWatch: one swap and one settling of the figures per page for axe and the
policy). Violations are collected from the page (the ``securitypolicyviolation``
event) and from the console, where Chromium also reports those raised inside the
worker.
"""

from __future__ import annotations

import re
import urllib.request

import pytest

from app.inline_assets import script_hash
from tests.real_book import real_book
from tests.browser.helpers import wait_math
from tests.browser.policy import RECORD_VIOLATIONS, SCRIPT_SRC, PolicyWatch

BOOK = real_book()
PATHS = ["/", *(c.url for c in BOOK.chapters), *(p.url for p in BOOK.pages.values())]


@pytest.mark.browser
def test_a_full_load_boots_the_runtime_under_the_policy_with_zero_violations(page, watch, live_server):
    # A full load in a fresh tab: the policy holds for the HTML as the server sends it, and for a
    # worker that compiles Pyodide's WebAssembly under it.
    page.add_init_script(RECORD_VIOLATIONS)  # the document's violations from its first byte
    with PolicyWatch(page) as policy:
        response = page.goto(live_server + "/")
        csp = response.headers["content-security-policy"]
        assert next(d for d in csp.split("; ") if d.startswith("script-src")) == SCRIPT_SRC
        assert page.locator("figure.widget").count() >= 1, "the home page has no figure to boot the runtime for"
        wait_math(page)
        page.wait_for_function("() => [...document.querySelectorAll('figure.widget')].every((f) => ['live', 'error', 'server'].includes(f.dataset.status))",
                               timeout=90_000)
        policy.assert_obeyed("/")
    watch.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS[1:])
def test_every_page_is_sent_with_the_policy_and_holds_nothing_it_refuses(live_server, path):
    """What only a full load would run, an inline script or an inline event handler in the page's HTML,
    is looked for in the HTML the server sends with it. (Its figures' modules, styles, fonts and images
    loading under the policy of the document that swapped it in: test_accessibility.py's visit.)"""
    with urllib.request.urlopen(live_server + path, timeout=30) as response:
        csp = response.headers["content-security-policy"]
        html = response.read().decode()
    assert next(d for d in csp.split("; ") if d.startswith("script-src")) == SCRIPT_SRC
    inline = [(tag, body) for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, re.S)
              if " src=" not in tag and not re.search(r"type=.application/(ld\+)?json", tag)]  # data, not run
    refused_scripts = [tag for tag, body in inline if script_hash(body) not in SCRIPT_SRC.split()]
    assert refused_scripts == [], f"{path}: inline scripts the policy refuses (no hash of theirs in it): {refused_scripts}"
    handlers = re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", html)
    assert handlers == [], f"{path}: inline event handlers the policy refuses: {handlers}"


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
