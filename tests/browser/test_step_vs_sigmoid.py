"""The step-vs-sigmoid figure in real Chromium: both panels, sliders, training, overshoot,
refused input, URL state and a phone-sized screen.

Every number the page shows is compared with the same engine call run here in CPython.
"""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, table_column, wait_live

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


def test_both_panels_are_drawn_from_the_server_before_the_runtime(page, live_server):
    held = []
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()  # the module has mounted and drawn the first frame
    assert figure.get_attribute("data-status") in ("static", "loading")
    expected = dispatch("step-vs-sigmoid", "initial", directive_options(page, FIGURE))
    rows = expected["frame"]["rows"]
    assert table_column(figure, 4) == [fmt(r["z"]) for r in rows]
    assert table_column(figure, 5) == [fmt(r["step"]) for r in rows]
    assert table_column(figure, 6) == [fmt(r["p"]) for r in rows]
    assert figure.locator("[data-field=loss]").inner_text() == fmt(expected["frame"]["loss"], 4)
    # The step panel has two flat regions; the sigmoid panel a gradual shading with many more colours.
    assert canvas_colours(page, 0) > 3
    assert canvas_colours(page, 1) > 2 * canvas_colours(page, 0)
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page, FIGURE)


def test_a_weight_slider_moves_both_panels_with_the_engine_numbers(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    w2 = figure.get_by_label("w₂", exact=True)
    w2.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    value = float(w2.input_value())
    options = directive_options(page, FIGURE)
    assert value == pytest.approx(options["w2"] + 0.5)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('w2 = {value:.3f}')")
    start = dispatch("step-vs-sigmoid", "initial", options)["state"]
    expected = dispatch("step-vs-sigmoid", "evaluate", {"state": {**start, "w": [start["w"][0], value]}})
    assert table_column(figure, 6) == [fmt(r["p"]) for r in expected["frame"]["rows"]]
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of 4"
    assert figure.locator("canvas").nth(1).get_attribute("aria-label") == expected["description"]
    timings = page.evaluate("window.__nnbookMetrics.redraw['step-vs-sigmoid']")
    assert len(timings) >= 1
    page.wait_for_function(f"() => location.search.includes('step-vs-sigmoid-1.w2={value:g}')")


def test_training_brings_the_loss_down_like_the_engine(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.get_by_role("button", name="Train").click()
    message = figure.locator(".widget-message", has_text="Loss below")
    message.wait_for(timeout=90_000)
    expected = dispatch("step-vs-sigmoid", "initial", directive_options(page, FIGURE))
    first_loss = expected["frame"]["loss"]
    while not expected["done"]:
        expected = dispatch("step-vs-sigmoid", "step", {"state": expected["state"], "steps": EPOCHS_PER_TICK})
    assert message.inner_text() == expected["message"]
    assert figure.locator("[data-field=epoch]").inner_text() == str(expected["state"]["epoch"])
    assert figure.locator("[data-field=loss]").inner_text() == fmt(expected["frame"]["loss"], 4)
    assert expected["frame"]["loss"] < first_loss
    assert float(figure.get_by_label("w₁", exact=True).input_value()) == pytest.approx(expected["state"]["w"][0], abs=0.05)


def test_a_large_learning_rate_overshoots_and_the_figure_says_so(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    eta = figure.get_by_label("learning rate η", exact=True)
    eta.focus()
    page.keyboard.press("End")  # the slider's cap, 20
    assert eta.input_value() == "20"
    for epoch in range(1, 6):
        figure.get_by_role("button", name="Step").click()
        page.wait_for_function(f"() => document.querySelector('{FIGURE} [data-field=epoch]').textContent === '{epoch}'")
    expected = dispatch("step-vs-sigmoid", "initial", {**directive_options(page, FIGURE), "eta": 20.0})
    for _ in range(5):
        expected = dispatch("step-vs-sigmoid", "step", {"state": expected["state"], "steps": 1})
    assert expected["state"]["rises"] > 0
    assert figure.locator(".widget-message").inner_text() == expected["message"]
    assert "Lower the learning rate" in expected["message"]


def test_a_learning_rate_beyond_the_cap_is_refused_in_the_figure(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    page.evaluate(f"""() => {{
        const eta = document.querySelector('{FIGURE} input[id$="-eta"]');
        eta.max = 100; eta.value = 25; eta.dispatchEvent(new Event('input'));
    }}""")
    figure.get_by_role("button", name="Step").click()
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "eta: must be between 0.01 and 20, got 25" in figure.locator(".widget-status").inner_text()
    assert figure.locator("[data-field=epoch]").inner_text() == "0"


def test_the_url_restores_the_settings(page, live_server):
    query = "step-vs-sigmoid-1.dataset=separable&step-vs-sigmoid-1.w1=-2&step-vs-sigmoid-1.w2=1.5&step-vs-sigmoid-1.b=0.25"
    page.goto(f"{live_server}{PAGE}?{query}")
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} select').value === 'separable'")
    assert figure.get_by_label("w₁", exact=True).input_value() == "-2"
    expected = dispatch("step-vs-sigmoid", "initial",
                        {**directive_options(page, FIGURE), "dataset": "separable", "w1": -2.0, "w2": 1.5, "b": 0.25})
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of 20"
    assert figure.locator("[data-field=loss]").inner_text() == fmt(expected["frame"]["loss"], 4)
    assert figure.locator("table").count() == 0  # 20 points: no table, the panels carry them


def test_it_works_on_a_phone_sized_screen(browser, live_server, watch):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    watch.attach(page)
    try:
        page.goto(live_server + PAGE)
        wait_live(page, FIGURE)
        figure = page.locator(FIGURE)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for canvas in figure.locator("canvas").all():
            box = canvas.bounding_box()
            assert box["width"] > 200 and box["x"] + box["width"] <= 360
        figure.get_by_role("button", name="Step").click()
        page.wait_for_function(f"() => document.querySelector('{FIGURE} [data-field=epoch]').textContent === '1'")
        watch.assert_clean()
    finally:
        context.close()
