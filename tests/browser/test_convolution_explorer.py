"""The convolution explorer in real Chromium: the window's products, their sum and the output-size
formula equal the engine's in CPython after a keyboard change; a click on the feature map moves the window."""

from __future__ import annotations

import json

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="convolution-explorer"]'
PAGE = "/chapters/beyond-the-basics"


def test_stride_from_the_keyboard_and_a_click_on_the_map_show_the_engines_numbers(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    stride = figure.get_by_label("stride S", exact=True)
    stride.focus()
    warm_page.keyboard.press("ArrowRight")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('stride 2, padding')")
    options = {**directive_options(warm_page, FIGURE), "stride": 2}
    expected = dispatch("convolution-explorer", "initial", options)
    assert figure.locator("[data-field=sum]").inner_text() == fmt(expected["window"]["sum"], 4)
    assert expected["formula"]["text"] in figure.locator("[data-field=formula]").inner_text()
    shown = [float(v) for v in figure.locator('[data-matrix="products"] td').evaluate_all("(tds) => tds.map((t) => t.dataset.value)")]
    assert shown == [v for row in expected["window"]["products"] for v in row]
    # Click the feature map's last cell: the window moves there.
    out = expected["formula"]["out"]
    canvas = figure.locator("canvas").first
    grid = json.loads(canvas.get_attribute("data-map"))
    canvas.click(position={"x": grid["x"] + (out - 0.5) * grid["cell"], "y": grid["y"] + (out - 0.5) * grid["cell"]})
    last = dispatch("convolution-explorer", "initial", {**options, "window": out * out - 1})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} [data-field=sum]').textContent === '{fmt(last['window']['sum'], 4)}'")
    assert figure.locator(".widget-alt").inner_text() == last["description"]
    assert figure.get_by_label("window position", exact=True).input_value() == str(out * out - 1)
