"""Without a Web Worker the page runs every call on the server, through the same envelope."""

from __future__ import annotations

from engine.widgets.protocol import dispatch

CALL = """([widget, call, args]) => import("/static/js/runtime.js").then(({ runtime }) =>
    runtime().call(widget, call, args).then(
        (result) => ({ ok: true, result }),
        (error) => ({ ok: false, message: error.message, field: error.field, reason: error.reason, status: error.status })))"""


def test_without_a_worker_calls_go_to_the_server_and_refusals_keep_their_field(context, live_server):
    page = context.new_page()
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
