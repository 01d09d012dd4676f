"""The attention figure in real Chromium: the query's scores and weights equal the engine's, with the
causal mask switched on from the keyboard and a row chosen by a click on the heat map."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="attention"]'
PAGE = "/chapters/beyond-the-basics"


def test_the_causal_mask_hides_the_future_in_the_shown_row(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    figure.get_by_label("causal mask", exact=True).focus()
    warm_page.keyboard.press(" ")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('causal mask hides')")
    options = {**directive_options(warm_page, FIGURE), "causal": True}
    expected = dispatch("attention", "initial", options)
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    i = expected["query"] - 1
    assert figure.locator("td[data-field=weight]").all_inner_texts() == [fmt(w, 3) for w in expected["row"]]
    scores = figure.locator("td[data-field=score]").all_inner_texts()
    assert scores[i + 1:] == ["masked"] * (5 - i)
    assert scores[: i + 1] == [fmt(s, 3) for s in expected["scores"][i][: i + 1]]
    assert expected["comparison"] in figure.locator(".widget-message").inner_text()


def test_switching_off_the_scaling_says_what_changes(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    figure.get_by_label("divide by √d_k", exact=True).focus()
    warm_page.keyboard.press(" ")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('not divided')")
    expected = dispatch("attention", "initial", {**directive_options(warm_page, FIGURE), "scaled": False})
    assert figure.locator(".widget-message").inner_text() == f"{expected['switch']} {expected['comparison']}"
    assert figure.locator("td[data-field=weight]").all_inner_texts() == [fmt(w, 3) for w in expected["row"]]
