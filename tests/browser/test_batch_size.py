"""Batch size in real Chromium: the three runs' numbers are the engine's, a slider reruns them, and
a learning rate that makes single samples diverge is said in words."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, open_figure, open_page, sig, wait_text, wait_attribute

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


def test_the_first_frame_is_the_server_s(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    figure = warm_page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    result = dispatch("batch-size", "initial", directive_options(warm_page, FIGURE))
    assert rows(figure) == expected(result)
    assert figure.locator("canvas").first.get_attribute("aria-label") == result["description"]


def test_sliders_rerun_the_engine_and_divergence_is_reported(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    batch = figure.get_by_label("mini-batch size B", exact=True)
    batch.focus()
    warm_page.keyboard.press("ArrowRight")
    options = directive_options(warm_page, FIGURE)
    first = dispatch("batch-size", "initial", options)["options"]
    result = dispatch("batch-size", "initial", {**first, "batch": first["batch"] + 1})
    wait_attribute(warm_page, f"{FIGURE} canvas", "aria-label", result['description'])
    assert rows(figure) == expected(result)
    lr = figure.get_by_label("learning rate η", exact=True)
    lr.focus()
    warm_page.keyboard.press("End")
    result = dispatch("batch-size", "initial", {**first, "batch": first["batch"] + 1, "lr": 1.0})
    wait_text(warm_page, f"{FIGURE} .widget-message", result['message'])
    assert "diverged, lower the learning rate" in result["message"]
    assert rows(figure) == expected(result) and "NaN" not in figure.inner_text()
