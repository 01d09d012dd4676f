"""The vanishing-gradients figure in real Chromium: its bar values are the engine's for every setting."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser import figure_contract_js as js
from tests.browser.helpers import figures_held, open_page, resize_between_pages, wait_idle, wait_live

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


def test_first_frame_shows_sigmoid_gradients_vanishing(warm_page, live_server):
    # The figure held as before a ready runtime (helpers.figures_held), on the warm tab's worker.
    page = warm_page
    with figures_held(page, live_server):
        open_page(page, live_server, PAGE)
        expected = dispatch("vanishing-gradients", "initial", {"activation": "sigmoid", "init": "xavier", "depth": 10})
        assert page.locator(FIGURE).get_attribute("data-status") in ("static", "loading")
        assert_bars(page, expected)
        assert len(bar_texts(page)) == 11
        # "Vanishing…" is a warning, not a success.
        message = page.locator(f"{FIGURE} .widget-message")
        assert message.inner_text().startswith("Vanishing") and message.get_attribute("data-kind") == "warning"
    wait_live(page, FIGURE)


def test_switching_to_relu_and_he_shows_the_engines_bars(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    warm_page.select_option(f"#fig-7-2-activation", "relu")
    warm_page.select_option(f"#fig-7-2-init", "he")
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "init": "he", "depth": 10})
    wait_for(warm_page, expected)
    assert_bars(warm_page, expected)
    assert "Stable" in warm_page.locator(f"{FIGURE} .widget-message").inner_text()
    # the dashed sigmoid reference is gone from the legend with the sigmoid
    assert "0.25" not in warm_page.locator(f"{FIGURE} .plot-legend").inner_text()
    warm_page.wait_for_function("() => location.search.includes('fig-7-2.activation=relu')")


def test_the_depth_slider_changes_the_number_of_bars(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    depth = warm_page.locator("#fig-7-2-depth")
    depth.focus()
    for _ in range(7):
        warm_page.keyboard.press("ArrowLeft")
    assert depth.input_value() == "3"
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "sigmoid", "init": "xavier", "depth": 3})
    wait_for(warm_page, expected)
    assert_bars(warm_page, expected)
    assert len(bar_texts(warm_page)) == 4
    assert warm_page.evaluate("window.__nnbookMetrics.redraw['vanishing-gradients'].length") >= 1


def test_large_weights_explode_towards_the_input(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    warm_page.select_option("#fig-7-2-activation", "relu")
    warm_page.select_option("#fig-7-2-init", "large")
    warm_page.select_option("#fig-7-2-measure", "delta")
    expected = dispatch("vanishing-gradients", "evaluate", {"activation": "relu", "init": "large", "depth": 10, "measure": "delta"})
    wait_for(warm_page, expected)
    assert_bars(warm_page, expected)
    assert warm_page.locator(f"{FIGURE} .widget-message").get_attribute("data-regime") == "exploding"




def test_thirty_layers_on_a_phone_keep_every_label_apart_and_inside(warm_page, live_server):
    resize_between_pages(warm_page, live_server, {"width": 360, "height": 740})
    open_page(warm_page, live_server, PAGE + "?fig-7-2.depth=30")
    wait_idle(warm_page, FIGURE)
    warm_page.wait_for_function(f"() => document.querySelectorAll('{FIGURE} .vanishing-values tr[data-layer]').length === 31")
    assert warm_page.evaluate(js.LABEL_PROBLEMS, FIGURE) == []
    drawn = warm_page.evaluate(f"() => document.querySelector('{FIGURE} canvas').drawnLabels.map((l) => l.text)")
    assert "layer l" in drawn and "30" in drawn


def test_a_refused_depth_stays_said_while_other_depths_are_computed_ahead(warm_page, live_server):
    """1.2 s after it draws, the figure computes the other depths ahead (one engine call after another);
    their answers are not the reader's and must not wipe the refusal of a depth out of range (they did:
    the message showed until the first of them came in, the figure contract's flaky refusal check)."""
    page = warm_page
    open_page(page, live_server, PAGE)
    wait_idle(page, FIGURE)
    # Settings no earlier test drew, so the depths ahead are new networks to compute, then the refusal,
    # made before the figure starts computing them.
    page.locator(f'{FIGURE} select[data-option="activation"]').select_option("tanh")
    page.locator(f'{FIGURE} select[data-option="init"]').select_option("small")
    wait_idle(page, FIGURE)
    calls = "() => ((window.__nnbookMetrics || {}).calls || {})['vanishing-gradients']?.length || 0"
    page.evaluate(js.PUSH_OUT_OF_RANGE, [FIGURE, "depth"])
    refused = page.evaluate(calls)
    status = page.locator(f"{FIGURE} .widget-status")
    assert status.get_attribute("data-kind") == "error" and "hidden layers" in status.inner_text()
    page.wait_for_function(f"() => ({calls})() >= {refused} + 5", timeout=20_000)  # answers came in since
    assert status.get_attribute("data-kind") == "error" and "hidden layers" in status.inner_text()
    assert page.locator(FIGURE).get_attribute("data-status") == "error"
