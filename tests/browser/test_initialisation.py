"""Initialisation in real Chromium: per-layer numbers equal the engine's, zeros say why they fail,
and the URL restores the choice."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="initialisation"]'
PAGE = "/chapters/training"


def sig(value, digits=3):
    if value == 0:
        return "0"
    if abs(value) < 1e-4 or abs(value) >= 1e6:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    else:
        text = repr(float(f"{value:.{digits}g}"))
        text = text[:-2] if text.endswith(".0") else text
    return text.replace("-", "−")


def rows(figure):
    return [[c.inner_text() for c in row.locator("td").all()] for row in figure.locator("tbody tr").all()]


def expected_rows(result):
    return [[str(l["layer"]), sig(l["std"]), f"{round(100 * l['zero_fraction'], 1):g}%",
             f"{l['distinct_units']} of 100", sig(l["grad_norm"]), f"{l['distinct_gradients']} of 100"]
            for l in result["layers"]]


def test_the_first_frame_is_the_engine_s_layer_by_layer(page, live_server):
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    result = dispatch("initialisation", "initial", directive_options(page, FIGURE))
    assert rows(figure) == expected_rows(result)
    assert figure.locator(".ch8-grid").get_attribute("aria-label") == result["description"]


def test_zeros_chosen_by_keyboard_show_one_distinct_unit_and_say_why(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.locator("select").first.focus()
    figure.locator("select").first.select_option("zeros")
    result = dispatch("initialisation", "initial", {**directive_options(page, FIGURE), "init": "zeros"})
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-message').textContent === {result['message']!r}")
    assert rows(figure) == expected_rows(result)
    assert figure.locator(".widget-message").get_attribute("data-kind") == "error"
    fig_id = figure.get_attribute("id")
    page.wait_for_function(f"() => location.search.includes('{fig_id}.init=zeros')")
    page.reload()
    wait_live(page, FIGURE)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-message').textContent === {result['message']!r}")
    assert figure.locator("select").first.input_value() == "zeros"
