"""The logic-gates figure in real Chromium: first frame, sliders, the XOR loop, the hidden layer,
NOT on a number line, URL state, refused input and a phone-sized screen.

Every number the page shows is compared with the same engine call run here in CPython.
"""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, table_column, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="logic-gates"]'
PAGE = "/chapters/perceptron"


def run_until_done(result, steps):
    while not result["done"]:
        result = dispatch("logic-gates", "step", {"state": result["state"], "steps": steps})
    return result


def test_first_frame_is_drawn_from_the_server_before_the_runtime(page, live_server):
    held = []
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()  # the module has mounted and drawn the first frame
    assert figure.get_attribute("data-status") in ("static", "loading")
    expected = dispatch("logic-gates", "initial", directive_options(page, FIGURE))
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of 4"
    assert table_column(figure, 4) == [fmt(r["z"]) for r in expected["frame"]["rows"]]
    assert figure.locator("canvas").first.get_attribute("aria-label") == expected["description"]
    painted = page.evaluate(f"""() => {{
        const c = document.querySelector('{FIGURE} canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set();
        for (let i = 0; i < d.length; i += 997 * 4) colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
        return colours.size;
    }}""")
    assert painted > 3
    page.wait_for_function("() => document.querySelector('#runtime-status progress').value > 0")
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page, FIGURE)


def test_a_weight_slider_redraws_with_the_engine_numbers_and_lands_in_the_url(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    b = figure.get_by_label("b", exact=True)
    b.focus()
    for _ in range(12):
        page.keyboard.press("ArrowLeft")  # 12 steps of 0.05 down from the start
    options = directive_options(page, FIGURE)
    b_value = float(b.input_value())
    assert b_value == pytest.approx(options["b"] - 0.6)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('b = {b_value:.3f}')")
    start = dispatch("logic-gates", "initial", options)["state"]
    expected = dispatch("logic-gates", "evaluate", {"state": {**start, "b": b_value}})
    assert table_column(figure, 4) == [fmt(r["z"]) for r in expected["frame"]["rows"]]
    assert figure.locator("[data-field=errors]").inner_text() == f"{expected['frame']['errors']} of 4"
    assert page.evaluate("window.__nnbookMetrics.redraw['logic-gates'].length") >= 1
    page.wait_for_function(f"() => location.search.includes('logic-gates-1.b={b_value:g}')")


def test_on_xor_the_errors_never_reach_zero_and_the_figure_says_why(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.get_by_label("Gate", exact=True).select_option("xor")
    figure.locator("caption", has_text="Truth table of XOR").wait_for()
    figure.get_by_role("button", name="Train").click()
    message = figure.locator(".widget-message", has_text="not linearly separable")
    message.wait_for(timeout=60_000)
    figure.get_by_role("button", name="Train").wait_for()  # the button reads "Train" again: stopped
    options = {**directive_options(page, FIGURE), "gate": "xor"}
    expected = run_until_done(dispatch("logic-gates", "initial", options), steps=1)
    assert message.inner_text() == expected["message"]
    history = expected["state"]["history"]
    assert min(history) > 0
    assert figure.locator("canvas.epoch-chart").get_attribute("aria-label") == f"Errors per epoch: {', '.join(map(str, history))}"
    assert figure.locator("[data-field=epoch]").inner_text() == str(expected["state"]["epoch"])


def test_the_hidden_layer_learns_xor_with_the_engine_numbers(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.get_by_label("Gate", exact=True).select_option("xor")
    figure.locator("caption", has_text="Truth table of XOR").wait_for()
    figure.get_by_label("add a hidden layer (2-2-1 network)", exact=True).check()
    figure.locator("[data-part=loss]").wait_for()
    assert figure.get_by_label("w₁", exact=True).is_hidden()
    figure.get_by_role("button", name="Train").click()
    solved = figure.locator(".widget-message", has_text="Solved XOR")
    solved.wait_for(timeout=90_000)
    options = {"gate": "xor", "hidden": True, "activation": "tanh", "seed": 0, "eta": directive_options(page, FIGURE)["eta"]}
    expected = run_until_done(dispatch("logic-gates", "initial", options), steps=20)  # the page trains 20 epochs a tick
    assert solved.inner_text() == expected["message"]
    assert figure.locator("[data-field=epoch]").inner_text() == str(expected["state"]["epoch"])
    assert figure.locator("[data-field=loss]").inner_text() == fmt(expected["frame"]["loss"], 4)
    assert figure.locator("[data-field=errors]").inner_text() == "0 of 4"
    assert table_column(figure, 6) == [fmt(r["p"]) for r in expected["frame"]["rows"]]
    assert figure.locator("tbody tr.wrong").count() == 0


def test_not_is_drawn_on_a_number_line(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.get_by_label("Gate", exact=True).select_option("not")
    figure.locator("caption", has_text="Truth table of NOT").wait_for()
    assert figure.get_by_label("w₂", exact=True).is_hidden()
    assert figure.get_by_label("add a hidden layer (2-2-1 network)", exact=True).is_disabled()
    assert "number line" in figure.locator(".gates-legend").inner_text()
    options = directive_options(page, FIGURE)
    expected = dispatch("logic-gates", "initial", {**options, "gate": "not"})
    assert figure.locator("canvas").first.get_attribute("aria-label") == expected["description"]
    assert figure.locator("tbody tr").count() == 2


def test_the_url_restores_the_settings(page, live_server):
    query = "logic-gates-1.gate=xor&logic-gates-1.hidden=1&logic-gates-1.activation=sigmoid&logic-gates-1.seed=4&logic-gates-1.eta=1.5"
    page.goto(f"{live_server}{PAGE}?{query}")
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.locator("caption", has_text="Truth table of XOR").wait_for()
    assert figure.get_by_label("add a hidden layer (2-2-1 network)", exact=True).is_checked()
    assert figure.get_by_label("Hidden units", exact=True).input_value() == "sigmoid"
    assert figure.get_by_label("learning rate η", exact=True).input_value() == "1.5"
    expected = dispatch("logic-gates", "initial", {"gate": "xor", "hidden": True, "activation": "sigmoid", "seed": 4, "eta": 1.5})
    assert table_column(figure, 6) == [fmt(r["p"]) for r in expected["frame"]["rows"]]
    assert figure.locator("[data-field=loss]").inner_text() == fmt(expected["frame"]["loss"], 4)


def test_a_learning_rate_out_of_range_is_refused_in_the_figure(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    page.evaluate(f"""() => {{
        const eta = document.querySelector('{FIGURE} input[id$="-eta"]');
        eta.max = 10; eta.value = 5; eta.dispatchEvent(new Event('input'));
    }}""")
    figure.get_by_role("button", name="Step").click()
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "eta: must be between 0.01 and 3, got 5" in figure.locator(".widget-status").inner_text()
    figure.get_by_label("learning rate η", exact=True).fill("0.5")
    figure.get_by_role("button", name="Step").click()
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')
    assert figure.locator(".widget-update").inner_text().startswith("Row 1: x = (0, 0)")


def test_it_works_on_a_phone_sized_screen(browser, live_server, watch):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    watch.attach(page)
    try:
        page.goto(live_server + PAGE)
        wait_live(page, FIGURE)
        figure = page.locator(FIGURE)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        box = figure.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        for name in ("Step", "Train", "Reset"):
            button = figure.get_by_role("button", name=name)
            button_box = button.bounding_box()
            assert button.is_visible() and button_box["x"] + button_box["width"] <= 360
        figure.get_by_role("button", name="Step").click()
        figure.locator(".widget-update", has_text="Row 1").wait_for()
        watch.assert_clean()
    finally:
        context.close()
