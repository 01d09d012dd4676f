"""When the browser runtime cannot start, every figure moves to the server and says why.

Two ways the in-browser runtime stalls for good (issue 12, item 3): the
9.7 MB ``pyodide.asm.wasm`` never arrives, or the site's Content-Security-
Policy forbids compiling WebAssembly. Either way the figures must end up
``data-status="server"`` with a reason a learner can read, within a bounded
time. The boot's stall deadline ("no progress for N ms") is shortened for the
test through ``window.__nnbookBootStallMs``.
"""

from __future__ import annotations

import pytest

CHAPTER = "/chapters/perceptron"
ALL_ON_SERVER = "() => { const f = [...document.querySelectorAll('figure.widget')]; return f.length > 0 && f.every((x) => x.dataset.status === 'server'); }"
# A policy that allows the site's own scripts but not 'wasm-unsafe-eval'.
NO_WASM_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self'"


def figure_reasons(page) -> list[str]:
    return page.locator("figure.widget .widget-status").all_inner_texts()


def assert_figures_work_on_the_server(page):
    """A server-run figure still answers: the perceptron's first step comes back from /api."""
    with page.expect_response(lambda r: "/api/widgets/" in r.url and r.status == 200, timeout=30_000):
        page.locator('figure.widget[data-widget="perceptron"] button', has_text="Step").first.click()


@pytest.mark.browser
def test_a_stalled_wasm_download_falls_back_to_the_server(context, live_server):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("window.__nnbookBootStallMs = 1500")
    stalled = []
    # The request is held and never answered, as a dead connection would.
    page.route("**/pyodide.asm.wasm*", lambda route: stalled.append(route))
    page.goto(live_server + CHAPTER)
    page.wait_for_function(ALL_ON_SERVER, timeout=30_000)
    assert stalled, "the wasm request was not intercepted: the test would prove nothing"
    reasons = figure_reasons(page)
    assert reasons and all("stopped making progress" in r and "server computes this figure" in r for r in reasons), reasons
    assert page.locator("#runtime-status").get_attribute("data-state") == "failed"
    assert "on the server" in page.locator("#runtime-status .runtime-label").inner_text()
    assert not page.locator("#runtime-status progress").is_visible(), "the server mode shows an empty progress bar"
    assert_figures_work_on_the_server(page)
    assert not errors, errors
    page.unroute_all(behavior="ignoreErrors")  # nothing of this test's routing may reach the next test
    page.close()


@pytest.mark.browser
def test_a_policy_forbidding_webassembly_falls_back_to_the_server(context, live_server):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("window.__nnbookBootStallMs = 10000")  # the check is explicit, no deadline needed

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": NO_WASM_POLICY})

    page.route(lambda url: url.startswith(live_server), with_policy)
    response = page.goto(live_server + CHAPTER)
    assert "wasm-unsafe-eval" not in response.headers["content-security-policy"]
    page.wait_for_function(ALL_ON_SERVER, timeout=8_000)  # well before the 10 s stall deadline
    reasons = figure_reasons(page)
    assert reasons and all("security settings do not allow WebAssembly" in r for r in reasons), reasons
    assert_figures_work_on_the_server(page)
    assert not errors, errors
    page.unroute_all(behavior="ignoreErrors")  # nothing of this test's routing may reach the next test
    page.close()
