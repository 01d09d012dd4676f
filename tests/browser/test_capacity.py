"""Capacity in real Chromium: training and test error of the chosen width equal the engine's."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="capacity"]'
PAGE = "/chapters/strengths-and-limits"


def test_as_many_units_as_points_shows_the_engines_overfit(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    options = directive_options(warm_page, FIGURE)
    width = figure.get_by_label("hidden units h (the fit shown)", exact=True)
    width.focus()
    for _ in range(options["points"] - options["width"]):
        warm_page.keyboard.press("ArrowRight")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('with {options['points']} hidden units')")
    expected = dispatch("capacity", "initial", {**options, "width": options["points"]})
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    assert figure.locator("[data-field=train]").inner_text() == fmt(expected["train_error"][options["points"] - 1], 4)
    assert figure.locator("[data-field=test]").inner_text() == fmt(expected["test_error"][options["points"] - 1], 4)
    assert figure.locator("[data-field=best]").inner_text() == str(expected["best"])
    assert expected["regime"] in figure.locator(".widget-message").inner_text()
