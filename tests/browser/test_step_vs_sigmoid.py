"""The step-vs-sigmoid figure in real Chromium: both panels, sliders, training, overshoot,
refused input, URL state and a phone-sized screen.

Every number the page shows is compared with the same engine call run here in CPython.
"""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser import figure_contract_js as js
from tests.browser.helpers import directive_options, fmt, open_figure, open_page, table_column, wait_idle, settle_labels

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="step-vs-sigmoid"]'
PAGE = "/chapters/perceptron"
EPOCHS_PER_TICK = 5  # what the page's Train button asks for per call


def canvas_colours(page, index):
    return page.evaluate(f"""() => {{
        const c = document.querySelectorAll('{FIGURE} canvas')[{index}];
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set();
        for (let i = 0; i < d.length; i += 499 * 4) colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
        return colours.size;
    }}""")



def test_a_weight_slider_moves_both_panels_with_the_engine_numbers(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    w2 = figure.get_by_label("w₂", exact=True)
    w2.focus()
    for _ in range(10):
        warm_page.keyboard.press("ArrowRight")
    value = float(w2.input_value())
    options = directive_options(warm_page, FIGURE)
    assert value == pytest.approx(options["w2"] + 0.5)
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('w2 = {value:.3f}')")
    start = dispatch("step-vs-sigmoid", "initial", options)["state"]
    expected = dispatch("step-vs-sigmoid", "evaluate", {"state": {**start, "w": [start["w"][0], value]}})
    assert table_column(figure, 6) == [fmt(r["p"]) for r in expected["frame"]["rows"]]
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of 4"
    assert figure.locator("canvas").nth(1).get_attribute("aria-label") == expected["description"]
    timings = warm_page.evaluate("window.__nnbookMetrics.redraw['step-vs-sigmoid']")
    assert len(timings) >= 1
    warm_page.wait_for_function(f"() => location.search.includes('fig-2-3.w2={value:g}')")


def test_training_brings_the_loss_down_like_the_engine(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    figure.get_by_role("button", name="Train").click()
    message = figure.locator(".widget-message", has_text="Loss below")
    message.wait_for(timeout=90_000)
    expected = dispatch("step-vs-sigmoid", "initial", directive_options(warm_page, FIGURE))
    first_loss = expected["frame"]["loss"]
    while not expected["done"]:
        expected = dispatch("step-vs-sigmoid", "step", {"state": expected["state"], "steps": EPOCHS_PER_TICK})
    assert message.inner_text() == expected["message"]
    assert figure.locator("[data-field=epoch]").inner_text() == str(expected["state"]["epoch"])
    assert figure.locator("[data-field=loss]").inner_text() == fmt(expected["frame"]["loss"], 4)
    assert expected["frame"]["loss"] < first_loss
    assert float(figure.get_by_label("w₁", exact=True).input_value()) == pytest.approx(expected["state"]["w"][0], abs=0.05)


def test_a_large_learning_rate_overshoots_and_the_figure_says_so(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    eta = figure.get_by_label("learning rate η", exact=True)
    eta.focus()
    warm_page.keyboard.press("End")  # the slider's cap, 20
    assert eta.input_value() == "20"
    for epoch in range(1, 6):
        figure.get_by_role("button", name="Step").click()
        warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} [data-field=epoch]').textContent === '{epoch}'")
    expected = dispatch("step-vs-sigmoid", "initial", {**directive_options(warm_page, FIGURE), "eta": 20.0})
    for _ in range(5):
        expected = dispatch("step-vs-sigmoid", "step", {"state": expected["state"], "steps": 1})
    assert expected["state"]["rises"] > 0
    assert figure.locator(".widget-message").inner_text() == expected["message"]
    assert "Lower the learning rate" in expected["message"]




def test_a_contour_label_never_sits_on_the_axis_name(warm_page, live_server):
    # A vertical 0.1 contour at x₁ ≈ −0.4 ends at the top left, where the x₂ axis is named.
    open_page(warm_page, live_server, PAGE + "?fig-2-3.w1=1&fig-2-3.w2=0&fig-2-3.b=-1.8")
    wait_idle(warm_page, FIGURE)
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('b = -1.800')")
    for width in (1280, 360):
        warm_page.set_viewport_size({"width": width, "height": 800})
        settle_labels(warm_page, FIGURE)
        assert warm_page.evaluate(js.LABEL_PROBLEMS, FIGURE) == [], f"at {width} px"
        sigmoid = warm_page.evaluate(f"() => document.querySelectorAll('{FIGURE} canvas')[1].drawnLabels.map((l) => l.text)")
        assert "0.1" in sigmoid and "x₂" in sigmoid, sigmoid
