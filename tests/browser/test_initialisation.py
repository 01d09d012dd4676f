"""Initialisation in real Chromium: per-layer numbers equal the engine's, zeros say why they fail,
and the URL restores the choice."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, open_figure, open_page, sig, wait_attribute, wait_idle, wait_text

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="initialisation"]'
PAGE = "/chapters/training"




def rows(figure):
    return [[c.inner_text() for c in row.locator("td").all()] for row in figure.locator("tbody tr").all()]


def expected_rows(result):
    return [[str(l["layer"]), sig(l["std"]), f"{round(100 * l['zero_fraction'], 1):g}%",
             f"{l['distinct_units']} of {result['units']}", sig(l["grad_norm"]),
             f"{l['distinct_gradients']} of {result['units']}"]
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
    # The link with the choice opened again: swapped in on the warm worker (a reload would boot
    # Python once more for the same check of what the figure reads from the URL).
    shared = warm_page.url
    open_page(warm_page, live_server, shared[len(live_server):])
    wait_idle(warm_page, FIGURE)
    wait_text(warm_page, f"{FIGURE} .widget-message", result['message'])
    assert figure.locator("select").first.input_value() == "zeros"


def test_a_units_drag_shows_the_engine_s_numbers_for_every_value_it_reaches(warm_page, live_server):
    # The worker computes the slider's next values ahead (static/js/figure-ahead.js): what is drawn
    # must still be the engine's frame for the value shown, going up and coming back down.
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    options = dispatch("initialisation", "initial", directive_options(warm_page, FIGURE))["options"]
    units = figure.get_by_label("units per layer", exact=True)
    units.focus()
    for key, value in [("ArrowRight", options["units"] + 10), ("ArrowRight", options["units"] + 20),
                       ("ArrowLeft", options["units"] + 10), ("ArrowLeft", options["units"])]:
        warm_page.keyboard.press(key)
        result = dispatch("initialisation", "initial", {**options, "units": value})
        wait_attribute(warm_page, f"{FIGURE} .ch8-grid", "aria-label", result["description"], timeout=60_000)
        assert rows(figure) == expected_rows(result)
