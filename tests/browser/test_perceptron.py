"""The perceptron figure in real Chromium: first frame, live engine, sliders, training, errors, URL."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser import figure_contract_js as js
from tests.browser.helpers import directive_options, figures_held, fmt, open_page, wait_idle, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="perceptron"]'


def _options(page) -> dict:
    return directive_options(page, FIGURE)



def test_dragging_a_slider_redraws_with_the_engine_numbers(warm_page, live_server):
    open_page(warm_page, live_server, "/chapters/perceptron")
    wait_live(warm_page)
    figure = warm_page.locator(FIGURE)
    w1 = figure.locator("input[type=range]").first
    w1.focus()
    for _ in range(40):
        warm_page.keyboard.press("ArrowRight")
    value = float(w1.input_value())
    expected_w2 = float(figure.locator("input[type=range]").nth(1).input_value())
    b = float(figure.locator("input[type=range]").nth(2).input_value())
    warm_page.wait_for_function(f"""() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('w1 = {value:.3f}')""")
    initial = dispatch("perceptron", "initial", _options(warm_page))
    state = {**initial["state"], "w": [value, expected_w2], "b": b}
    expected = dispatch("perceptron", "evaluate", {"state": state})
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of {len(initial['state']['points']['y'])}"
    assert figure.get_attribute("data-status") == "live"
    timings = warm_page.evaluate("window.__nnbookMetrics.redraw.perceptron.length")
    assert timings >= 1
    # the state is shareable: the URL now carries the weights
    warm_page.wait_for_function(f"() => location.search.includes('fig-2-1.w1={value:g}')")


def test_train_on_and_converges_like_the_engine(warm_page, live_server):
    open_page(warm_page, live_server, "/chapters/perceptron")
    wait_live(warm_page)
    figure = warm_page.locator(FIGURE)
    figure.get_by_role("button", name="Train").click()
    message = figure.locator(".widget-message")
    message.filter(has_text="Converged").wait_for(timeout=30_000)
    # the same run in CPython
    result = dispatch("perceptron", "initial", _options(warm_page))
    while not result["converged"]:
        result = dispatch("perceptron", "step", {"state": result["state"], "steps": 1})
    epochs = result["state"]["epoch"]
    assert f"Converged after {epochs} epoch" in message.inner_text()
    assert figure.locator("[data-field=errors]").inner_text() == f"0 of {len(result['state']['points']['y'])}"
    assert figure.locator("[data-field=epoch]").inner_text() == str(epochs)
    # The learning rule in the update line is typeset (MathML, by Temml), like the chapter's own formulas.
    assert figure.locator(".widget-update math").count() == 1


def test_step_shows_the_update_with_its_numbers(warm_page, live_server):
    open_page(warm_page, live_server, "/chapters/perceptron")
    wait_live(warm_page)
    figure = warm_page.locator(FIGURE)
    figure.get_by_role("button", name="Step").click()
    expected = dispatch("perceptron", "step", {"state": dispatch("perceptron", "initial", _options(warm_page))["state"]})["update"]
    update = figure.locator(".widget-update")
    update.filter(has_text="Sample 1").wait_for()
    text = update.inner_text()
    assert text.startswith(f"Sample 1: x = (0, 0), y = {expected['y']:g}")
    assert f"ŷ = {expected['y_hat']:g}" in text
    assert f"= ({', '.join(fmt(v) for v in expected['w_after'])}); b: {fmt(expected['b_before'])} → {fmt(expected['b_after'])}" in text


def test_a_refusal_stays_said_when_the_answer_to_an_earlier_change_comes_in(warm_page, live_server):
    """A change made while the engine starts waits for it; a value typed out of range after it is refused
    at once. The waiting change's answer, drawn when the engine is ready, must not wipe that refusal:
    the reader's last word was the refused value."""
    page = warm_page
    with figures_held(page, live_server):  # as while the worker still boots (helpers.figures_held)
        open_page(page, live_server, "/chapters/perceptron")
        figure = page.locator(FIGURE).first
        figure.locator(".widget-options").wait_for(state="attached")
        figure.locator('input[data-option="w2"]').focus()
        page.keyboard.press("ArrowUp")  # a valid change: its call waits for the engine
        page.evaluate(js.PUSH_OUT_OF_RANGE, [FIGURE, "w1"])  # then w1 out of range: refused in the figure
        status = figure.locator(".widget-status")
        assert status.get_attribute("data-kind") == "error" and "w₁" in status.inner_text()
    page.wait_for_function("(s) => document.querySelector(s).dataset.status !== 'loading' && "
                           "!document.querySelector(s).hasAttribute('data-busy')", arg=FIGURE)
    page.wait_for_timeout(100)
    assert status.get_attribute("data-kind") == "error" and "w₁" in status.inner_text()
    assert figure.get_attribute("data-status") == "error"
    # A valid value then clears it, and the figure is live again.
    page.evaluate(js.SET_VALUE, [FIGURE, "w1", 1])
    wait_idle(page, FIGURE)
    assert status.get_attribute("data-kind") != "error"
