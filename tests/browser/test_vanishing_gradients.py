"""The vanishing-gradients figure in real Chromium: its bar values are the engine's for every setting."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import assert_fits_width, choose_refused_option, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="vanishing-gradients"]'
PAGE = "/chapters/backpropagation"


def bar_texts(page) -> list[str]:
    details = page.locator(f"{FIGURE} details.vanishing-values")
    if details.get_attribute("open") is None:
        details.locator("summary").click()  # open the table, as a reader would
    return page.locator(f"{FIGURE} details.vanishing-values tr[data-layer] td:nth-child(2)").all_inner_texts()


def assert_bars(page, expected: dict):
    """The table under the chart, the readouts and the canvas label all carry the engine's values."""
    assert bar_texts(page) == [b["text"] for b in expected["bars"]]
    for field in ("first", "last", "ratio"):
        assert page.locator(f"{FIGURE} [data-field={field}]").inner_text() == expected["summary"][field]
    assert page.locator(f"{FIGURE} canvas").get_attribute("aria-label") == expected["description"]
    assert page.locator(f"{FIGURE} .widget-message").inner_text() == expected["message"]


def wait_for(page, expected: dict):
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label') === text",
        arg=[FIGURE, expected["description"]],
    )


def test_first_frame_shows_sigmoid_gradients_vanishing(page, live_server):
    held = []
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + PAGE)
    expected = dispatch("vanishing-gradients", "initial", {"activation": "sigmoid", "init": "xavier", "depth": 10})
    assert page.locator(FIGURE).get_attribute("data-status") in ("static", "loading")
    assert_bars(page, expected)
    assert len(bar_texts(page)) == 11
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page, FIGURE)


def test_switching_to_relu_and_he_shows_the_engines_bars(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    page.select_option(f"#vanishing-gradients-1-activation", "relu")
    page.select_option(f"#vanishing-gradients-1-init", "he")
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "init": "he", "depth": 10})
    wait_for(page, expected)
    assert_bars(page, expected)
    assert "Stable" in page.locator(f"{FIGURE} .widget-message").inner_text()
    # the dashed sigmoid reference is gone from the legend with the sigmoid
    assert "0.25" not in page.locator(f"{FIGURE} .plot-legend").inner_text()
    page.wait_for_function("() => location.search.includes('vanishing-gradients-1.activation=relu')")


def test_the_depth_slider_changes_the_number_of_bars(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    depth = page.locator("#vanishing-gradients-1-depth")
    depth.focus()
    for _ in range(7):
        page.keyboard.press("ArrowLeft")
    assert depth.input_value() == "3"
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "sigmoid", "init": "xavier", "depth": 3})
    wait_for(page, expected)
    assert_bars(page, expected)
    assert len(bar_texts(page)) == 4
    assert page.evaluate("window.__nnbookMetrics.redraw['vanishing-gradients'].length") >= 1


def test_large_weights_explode_towards_the_input(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    page.select_option("#vanishing-gradients-1-activation", "relu")
    page.select_option("#vanishing-gradients-1-init", "large")
    page.select_option("#vanishing-gradients-1-measure", "delta")
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "init": "large", "depth": 10, "measure": "delta"})
    wait_for(page, expected)
    assert_bars(page, expected)
    assert page.locator(f"{FIGURE} .widget-message").get_attribute("data-regime") == "exploding"


def test_url_restores_the_settings(page, live_server):
    query = "?vanishing-gradients-1.activation=tanh&vanishing-gradients-1.init=small&vanishing-gradients-1.depth=5"
    page.goto(live_server + PAGE + query)
    wait_live(page, FIGURE)
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "tanh", "init": "small", "depth": 5})
    wait_for(page, expected)
    assert_bars(page, expected)
    assert page.locator("#vanishing-gradients-1-activation").input_value() == "tanh"
    assert page.locator("#vanishing-gradients-1-depth").input_value() == "5"


def test_an_unknown_activation_is_refused_in_the_figure(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    choose_refused_option(page, "#vanishing-gradients-1-activation", "softmax")
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "activation: must be one of sigmoid, tanh, relu" in page.locator(f"{FIGURE} .widget-status").inner_text()
    page.select_option("#vanishing-gradients-1-activation", "tanh")
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')


def test_works_at_360_pixels(page, live_server):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    assert_fits_width(page, FIGURE)
    for control in ("activation", "init", "depth", "measure"):
        assert page.locator(f"#vanishing-gradients-1-{control}").is_visible()
        assert page.locator(f"label[for='vanishing-gradients-1-{control}']").is_visible()
