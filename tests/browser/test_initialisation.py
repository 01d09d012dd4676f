"""Initialisation in real Chromium: per-layer numbers equal the engine's, zeros say why they fail,
and the URL restores the choice."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, open_figure, open_page, sig, wait_idle, wait_text

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="initialisation"]'
PAGE = "/chapters/training"




def rows(figure):
    return [[c.inner_text() for c in row.locator("td").all()] for row in figure.locator("tbody tr").all()]


def expected_rows(result):
    return [[str(l["layer"]), sig(l["std"]), f"{round(100 * l['zero_fraction'], 1):g}%",
             f"{l['distinct_units']} of 100", sig(l["grad_norm"]), f"{l['distinct_gradients']} of 100"]
            for l in result["layers"]]


def test_the_first_frame_is_the_engine_s_layer_by_layer(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    figure = warm_page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    result = dispatch("initialisation", "initial", directive_options(warm_page, FIGURE))
    assert rows(figure) == expected_rows(result)
    assert figure.locator(".ch8-grid").get_attribute("aria-label") == result["description"]


def test_zeros_chosen_by_keyboard_show_one_distinct_unit_and_say_why(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    figure.locator("select").first.focus()
    figure.locator("select").first.select_option("zeros")
    result = dispatch("initialisation", "initial", {**directive_options(warm_page, FIGURE), "init": "zeros"})
    wait_text(warm_page, f"{FIGURE} .widget-message", result['message'])
    assert rows(figure) == expected_rows(result)
    assert figure.locator(".widget-message").get_attribute("data-kind") == "error"
    fig_id = figure.get_attribute("id")
    warm_page.wait_for_function(f"() => location.search.includes('{fig_id}.init=zeros')")
    warm_page.reload()
    wait_idle(warm_page, FIGURE)
    wait_text(warm_page, f"{FIGURE} .widget-message", result['message'])
    assert figure.locator("select").first.input_value() == "zeros"
