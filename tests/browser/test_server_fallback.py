"""Without a Web Worker the page runs every call on the server, through the same envelope."""

from __future__ import annotations

from engine.widgets.protocol import dispatch
from tests.browser.helpers import own_page

CALL = """([widget, call, args]) => import("/static/js/runtime.js").then(({ runtime }) =>
    runtime().call(widget, call, args).then(
        (result) => ({ ok: true, result }),
        (error) => ({ ok: false, message: error.message, field: error.field, reason: error.reason, status: error.status })))"""


def test_without_a_worker_calls_go_to_the_server_and_refusals_keep_their_field(context, live_server):
    with own_page(context) as page:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # A refusal is an HTTP 4xx, which Chromium logs as a failed resource load; anything else is an error.
        page.on("console", lambda m: m.type == "error" and "responded with a status of 4" not in m.text
                and errors.append(m.text))
        page.add_init_script("delete window.Worker")
        page.goto(live_server + "/chapters/perceptron")
        page.wait_for_selector('figure.widget[data-widget="perceptron"][data-status="server"]', timeout=30_000)

        good = page.evaluate(CALL, ["perceptron", "initial", {"dataset": "or", "w1": 2}])
        assert good == {"ok": True, "result": dispatch("perceptron", "initial", {"dataset": "or", "w1": 2})}

        refused = page.evaluate(CALL, ["perceptron", "initial", {"w1": 9}])
        assert refused == {"ok": False, "message": "w1: must be between -5 and 5, got 9", "field": "w1",
                           "reason": "must be between -5 and 5, got 9", "status": 422}
        unknown = page.evaluate(CALL, ["perceptron", "explode", {}])
        assert unknown["ok"] is False and unknown["field"] == "call" and unknown["status"] == 404
        assert not errors, errors


def test_a_non_json_error_from_the_server_reaches_the_figure_as_words(context, live_server):
    """A proxy's HTML 502 or uvicorn's plain-text 503 is no envelope: the caller gets a sentence, not a SyntaxError."""
    with own_page(context) as page:
        page.add_init_script("delete window.Worker")
        page.goto(live_server + "/chapters/perceptron")
        page.wait_for_selector('figure.widget[data-widget="perceptron"][data-status="server"]', timeout=30_000)
        page.route("**/api/widgets/**", lambda route: route.fulfill(
            status=502, content_type="text/html", body="<html><body><h1>502 Bad Gateway</h1></body></html>"))
        proxy = page.evaluate(CALL, ["perceptron", "initial", {}])
        assert proxy["ok"] is False and proxy["status"] == 502 and proxy["field"] is None
        assert "HTTP 502" in proxy["reason"] and "502 Bad Gateway" in proxy["reason"] and "JSON" not in proxy["message"]
        page.unroute_all(behavior="ignoreErrors")
        page.route("**/api/widgets/**", lambda route: route.fulfill(
            status=503, content_type="text/plain", body="Service Unavailable"))
        # What the reader sees: the perceptron's Step goes to the server and the figure shows the answer in words.
        page.locator('figure.widget[data-widget="perceptron"] button', has_text="Step").first.click()
        status = page.locator('figure.widget[data-widget="perceptron"] .widget-status').first
        page.wait_for_function(
            "() => document.querySelector('figure.widget[data-widget=\"perceptron\"]').dataset.status === 'error'",
            timeout=15_000)
        text = status.inner_text()
        assert "HTTP 503" in text and "Service Unavailable" in text and "JSON" not in text, text
        page.unroute_all(behavior="ignoreErrors")
