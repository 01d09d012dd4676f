"""Batch norm in real Chromium: the table is the engine's; a slider marks the curves out of date and
the retrained numbers that follow equal the engine's in CPython."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure, open_page

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="batch-norm"]'
PAGE = "/chapters/training"


def rows(figure):
    return {row.get_attribute("data-run"): [c.inner_text() for c in row.locator("td").all()[1:]]
            for row in figure.locator("tbody tr").all()}


def expected(result):
    return {r["name"]: [fmt(r["loss"], 3), f"{fmt(100 * r['accuracy'], 1)}%",
                        f"{fmt(r['final_band'][0], 2)} to {fmt(r['final_band'][2], 2)}"] for r in result["runs"]}


def test_the_first_frame_is_the_server_s(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    figure = warm_page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    result = dispatch("batch-norm", "initial", directive_options(warm_page, FIGURE))
    assert rows(figure) == expected(result)
    assert figure.locator("canvas").first.get_attribute("aria-label") == result["description"]


def test_a_changed_option_retrains_both_networks_like_the_engine(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    figure.get_by_label("layer watched", exact=True).select_option("first")
    assert figure.locator(".widget-message").inner_text() == "Training both networks for the new settings…"
    result = dispatch("batch-norm", "initial", {**directive_options(warm_page, FIGURE), "layer": "first"})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label') === {result['description']!r}",
                           timeout=90_000)
    assert rows(figure) == expected(result)
    assert figure.locator(".widget-message").inner_text() == result["message"]
