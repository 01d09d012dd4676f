"""The unrolled RNN in real Chromium: the readouts and the message equal the engine's after a keyboard change."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="rnn-unrolled"]'
PAGE = "/chapters/beyond-the-basics"


def test_a_longer_sequence_at_a_small_gain_shows_the_engines_vanishing_gradient(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    gain = figure.get_by_label("recurrent gain ρ", exact=True)
    gain.focus()
    warm_page.keyboard.press("Home")  # 0.1
    length = figure.get_by_label("sequence length T", exact=True)
    length.focus()
    warm_page.keyboard.press("End")  # 40
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.startsWith('T = 40 steps, gain ρ = 0.1')")
    expected = dispatch("rnn-unrolled", "initial", {**directive_options(warm_page, FIGURE), "gain": 0.1, "length": 40})
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    assert figure.locator("[data-field=output]").inner_text() == fmt(expected["output"], 4)
    for key, value in (("first", expected["grad_norms"][0]), ("last", expected["grad_norms"][-1]), ("ratio", expected["ratio"])):
        assert float(figure.locator(f"[data-field={key}]").inner_text()) == pytest.approx(value, rel=5e-3), key
    assert expected["kind"] == "warning" and figure.locator(".widget-message").get_attribute("data-kind") == "warning"
    assert expected["verdict"] in figure.locator(".widget-message").inner_text()
