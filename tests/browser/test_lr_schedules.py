"""Learning-rate schedules in real Chromium: the table is the engine's, a slider redraws η(t) at once
and the retrained losses follow, equal to the engine's in CPython."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure, open_page

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="lr-schedules"]'
PAGE = "/chapters/training"


def shown(figure):
    return {row.get_attribute("data-schedule"): [c.inner_text() for c in row.locator("td").all()[1:]]
            for row in figure.locator("tbody tr").all()}


def expected(result):
    return {r["name"]: [fmt(r["final_lr"], 4), "diverged" if r["status"] == "diverged" else fmt(r["loss"], 3)]
            for r in result["runs"]}


def test_the_first_frame_is_the_server_s(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    figure = warm_page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    result = dispatch("lr-schedules", "initial", directive_options(warm_page, FIGURE))
    assert shown(figure) == expected(result)
    assert figure.locator("canvas").first.get_attribute("aria-label") == result["description"]


def test_a_slider_redraws_the_rates_then_the_retrained_losses_like_the_engine(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    kappa = figure.get_by_label("step decay factor κ", exact=True)
    kappa.focus()
    warm_page.keyboard.press("ArrowLeft")
    warm_page.keyboard.press("ArrowLeft")
    options = dispatch("lr-schedules", "initial", directive_options(warm_page, FIGURE))["options"]
    value = float(kappa.input_value())
    assert value == pytest.approx(options["kappa"] - 0.1)
    result = dispatch("lr-schedules", "train", {"options": {**options, "kappa": value}})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label') === {result['description']!r}",
                           timeout=60_000)
    assert shown(figure) == expected(result)
    assert figure.locator(".widget-message").inner_text() == result["message"]
    fig_id = figure.get_attribute("id")
    warm_page.wait_for_function(f"() => location.search.includes('{fig_id}.kappa={value:g}')")
