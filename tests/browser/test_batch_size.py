"""Batch size in real Chromium: the three runs' numbers are the engine's, a slider reruns them, and
a learning rate that makes single samples diverge is said in words."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, wait_live
from tests.browser.test_initialisation import sig

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="batch-size"]'
PAGE = "/chapters/training"


def rows(figure):
    return {row.get_attribute("data-run"): [c.inner_text() for c in row.locator("td").all()[1:]]
            for row in figure.locator("tbody tr").all()}


def expected(result):
    return {r["name"]: [str(r["steps"]), str(r["per_epoch"])] + (["diverged", "—"] if r["status"] == "diverged"
                                                                 else [sig(r["gap"]), sig(r["spread"])])
            for r in result["runs"]}


def test_the_first_frame_is_the_server_s(page, live_server):
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    result = dispatch("batch-size", "initial", directive_options(page, FIGURE))
    assert rows(figure) == expected(result)
    assert figure.locator("canvas").first.get_attribute("aria-label") == result["description"]


def test_sliders_rerun_the_engine_and_divergence_is_reported(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    batch = figure.get_by_label("mini-batch size B", exact=True)
    batch.focus()
    page.keyboard.press("ArrowRight")
    options = directive_options(page, FIGURE)
    first = dispatch("batch-size", "initial", options)["options"]
    result = dispatch("batch-size", "initial", {**first, "batch": first["batch"] + 1})
    page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label') === {result['description']!r}")
    assert rows(figure) == expected(result)
    lr = figure.get_by_label("learning rate η", exact=True)
    lr.focus()
    page.keyboard.press("End")
    result = dispatch("batch-size", "initial", {**first, "batch": first["batch"] + 1, "lr": 1.0})
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-message').textContent === {result['message']!r}")
    assert "diverged, lower the learning rate" in result["message"]
    assert rows(figure) == expected(result) and "NaN" not in figure.inner_text()
