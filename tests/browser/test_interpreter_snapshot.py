"""The worker's fast start: Python restored from the interpreter snapshot (app/interpreter_snapshot.py),
the engine's numbers unchanged by it, and the normal boot whenever the snapshot cannot be had."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from app.interpreter_snapshot import snapshot_url
from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="perceptron"]'
BOOT = "() => (window.__nnbookMetrics || {}).boot || null"

needs_snapshot = pytest.mark.skipif(snapshot_url() is None, reason="make vendor made no interpreter snapshot here")


def first_step_matches_cpython(page):
    """One perceptron step in the browser shows the numbers CPython's engine gives for it."""
    figure = page.locator(FIGURE)
    options = directive_options(page, FIGURE)
    figure.get_by_role("button", name="Step").click()
    expected = dispatch("perceptron", "step", {"state": dispatch("perceptron", "initial", options)["state"]})["update"]
    update = figure.locator(".widget-update")
    update.filter(has_text="Sample 1").wait_for(timeout=30_000)
    text = update.inner_text()
    assert f"ŷ = {expected['y_hat']:g}" in text
    assert f"= ({', '.join(fmt(v) for v in expected['w_after'])}); b: {fmt(expected['b_before'])} → {fmt(expected['b_after'])}" in text


@contextmanager
def snapshot_answered_with(page, status: int):
    """Answer the page's request for the snapshot with HTTP ``status`` (DevTools Fetch domain, so the
    HTTP cache stays on for everything else, unlike page.route)."""
    cdp = page.context.new_cdp_session(page)
    answered = []

    def fulfil(event):
        answered.append(event["request"]["url"])
        cdp.send("Fetch.fulfillRequest", {"requestId": event["requestId"], "responseCode": status,
                                          "responseHeaders": [{"name": "Content-Type", "value": "text/plain"}], "body": ""})

    cdp.on("Fetch.requestPaused", fulfil)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/vendor/pyodide/snapshot/interpreter-*"}]})
    try:
        yield answered
    finally:
        cdp.send("Fetch.disable")
        cdp.detach()


@needs_snapshot
def test_figures_go_live_from_the_snapshot_with_the_engines_numbers(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    assert page.evaluate("() => document.documentElement.dataset.snapshotUrl") == snapshot_url()
    wait_live(page)
    assert page.evaluate(BOOT) == {"from": "snapshot", "reason": ""}
    # The restored interpreter imported numpy and the engine (standard-library modules the start-up had
    # not imported, read from the zip the worker installed) and runs it like a fresh one: CPython's numbers.
    first_step_matches_cpython(page)


@needs_snapshot
def test_a_missing_snapshot_boots_python_the_normal_way(page, live_server, watch):
    with snapshot_answered_with(page, 404) as answered:
        page.goto(live_server + "/chapters/perceptron")
        wait_live(page)
    assert answered, "the page never asked for the snapshot"
    boot = page.evaluate(BOOT)
    assert boot["from"] == "plain" and "snapshot" in boot["reason"], boot
    first_step_matches_cpython(page)
    # The 404 is expected here, and Chromium logs it as a console error.
    watch.console_errors[:] = [e for e in watch.console_errors if "404" not in e]


@needs_snapshot
def test_a_snapshot_that_does_not_restore_boots_python_the_normal_way(page, live_server, watch):
    cdp = page.context.new_cdp_session(page)

    def garbage(event):  # right status, wrong bytes: not a Pyodide snapshot at all
        cdp.send("Fetch.fulfillRequest", {"requestId": event["requestId"], "responseCode": 200,
                                          "responseHeaders": [{"name": "Content-Type", "value": "application/octet-stream"}],
                                          "body": "bm90IGEgc25hcHNob3Qgb2YgYW55dGhpbmc="})

    cdp.on("Fetch.requestPaused", garbage)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/vendor/pyodide/snapshot/interpreter-*"}]})
    try:
        page.goto(live_server + "/chapters/perceptron")
        wait_live(page)
    finally:
        cdp.send("Fetch.disable")
        cdp.detach()
    boot = page.evaluate(BOOT)
    assert boot["from"] == "plain" and boot["reason"], boot
    first_step_matches_cpython(page)
