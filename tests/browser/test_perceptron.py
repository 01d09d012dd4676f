"""The perceptron figure in real Chromium: first frame, live engine, sliders, training, errors, URL."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import choose_refused_option, directive_options, fmt, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="perceptron"]'


def _options(page) -> dict:
    return directive_options(page, FIGURE)


def test_first_frame_is_drawn_before_the_runtime_is_ready(page, live_server):
    held = []
    # Hold the engine download so the runtime cannot be ready yet.
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + "/chapters/perceptron")
    figure = page.locator(FIGURE)
    assert figure.get_attribute("data-status") in ("static", "loading")
    assert page.locator("article.chapter-body p").first.is_visible()
    initial = dispatch("perceptron", "initial", _options(page))
    assert page.locator(f"{FIGURE} [data-field=errors]").inner_text() == f"{initial['frame']['errors']} of {len(initial['state']['points']['y'])}"
    painted = page.evaluate("""() => {
        const c = document.querySelector('figure.widget[data-widget="perceptron"] canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set();
        for (let i = 0; i < d.length; i += 997 * 4) colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
        return colours.size;
    }""")
    assert painted > 3, "the canvas is blank before the runtime is ready"
    page.wait_for_function("() => document.querySelector('#runtime-status progress').value > 0")
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page)


def test_dragging_a_slider_redraws_with_the_engine_numbers(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    wait_live(page)
    figure = page.locator(FIGURE)
    w1 = figure.locator("input[type=range]").first
    w1.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    value = float(w1.input_value())
    expected_w2 = float(figure.locator("input[type=range]").nth(1).input_value())
    b = float(figure.locator("input[type=range]").nth(2).input_value())
    page.wait_for_function(f"""() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('w1 = {value:.3f}')""")
    initial = dispatch("perceptron", "initial", _options(page))
    state = {**initial["state"], "w": [value, expected_w2], "b": b}
    expected = dispatch("perceptron", "evaluate", {"state": state})
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of {len(initial['state']['points']['y'])}"
    assert figure.get_attribute("data-status") == "live"
    timings = page.evaluate("window.__nnbookMetrics.redraw.perceptron.length")
    assert timings >= 1
    # the state is shareable: the URL now carries the weights
    page.wait_for_function(f"() => location.search.includes('perceptron-1.w1={value:g}')")


def test_train_on_and_converges_like_the_engine(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    wait_live(page)
    figure = page.locator(FIGURE)
    figure.get_by_role("button", name="Train").click()
    message = figure.locator(".widget-message")
    message.filter(has_text="Converged").wait_for(timeout=30_000)
    # the same run in CPython
    result = dispatch("perceptron", "initial", _options(page))
    while not result["converged"]:
        result = dispatch("perceptron", "step", {"state": result["state"], "steps": 1})
    epochs = result["state"]["epoch"]
    assert f"Converged after {epochs} epoch" in message.inner_text()
    assert figure.locator("[data-field=errors]").inner_text() == f"0 of {len(result['state']['points']['y'])}"
    assert figure.locator("[data-field=epoch]").inner_text() == str(epochs)
    assert "w ← w + η (y − ŷ) x" in figure.locator(".widget-update").inner_text()


def test_step_shows_the_update_with_its_numbers(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    wait_live(page)
    figure = page.locator(FIGURE)
    figure.get_by_role("button", name="Step").click()
    expected = dispatch("perceptron", "step", {"state": dispatch("perceptron", "initial", _options(page))["state"]})["update"]
    update = figure.locator(".widget-update")
    update.filter(has_text="Sample 1").wait_for()
    text = update.inner_text()
    assert text.startswith(f"Sample 1: x = (0, 0), y = {expected['y']:g}")
    assert f"ŷ = {expected['y_hat']:g}" in text
    assert f"= ({', '.join(fmt(v) for v in expected['w_after'])}); b: {fmt(expected['b_before'])} → {fmt(expected['b_after'])}" in text


def test_url_restores_the_widget_state(page, live_server):
    page.goto(live_server + "/chapters/perceptron?perceptron-1.dataset=or&perceptron-1.w1=2.5&perceptron-1.b=-1")
    wait_live(page)
    figure = page.locator(FIGURE)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} select').value === 'or'")
    page.wait_for_function(f"() => document.querySelector('{FIGURE} input[type=range]').value === '2.5'")
    expected = dispatch("perceptron", "initial", {**_options(page), "dataset": "or", "w1": 2.5, "b": -1})
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of {len(expected['state']['points']['y'])}"


def test_a_python_exception_reaches_the_figure_as_an_error(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    wait_live(page)
    figure = page.locator(FIGURE)
    # A value the engine refuses: the reason must appear in the figure, nothing crashes.
    choose_refused_option(page, f"{FIGURE} select", "xor")
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "dataset: must be one of and, or, separable" in figure.locator(".widget-status").inner_text()
    # and the figure recovers on the next good call
    page.select_option(f"{FIGURE} select", "or")
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')
