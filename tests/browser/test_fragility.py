"""Fragility in real Chromium: the probabilities before and after the attack equal the engine's."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="fragility"]'
PAGE = "/chapters/strengths-and-limits"


def test_no_perturbation_changes_nothing_and_the_default_one_flips_the_decision(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    options = directive_options(warm_page, FIGURE)
    flipped = dispatch("fragility", "initial", options)
    assert flipped["flipped"]
    assert figure.locator(".widget-message").inner_text() == flipped["verdict"]
    figure.get_by_label("perturbation ε", exact=True).focus()
    warm_page.keyboard.press("Home")  # ε = 0
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('ε = 0 times')")
    expected = dispatch("fragility", "initial", {**options, "epsilon": 0.0})
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    assert figure.locator("[data-field=p]").inner_text() == figure.locator("[data-field=p_adv]").inner_text() == fmt(expected["p"], 3)
    assert figure.locator("[data-field=smallest]").inner_text() == fmt(expected["smallest"], 3)
    assert figure.locator(".widget-message").inner_text() == expected["verdict"]
