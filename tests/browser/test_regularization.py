"""Regularization in real Chromium: the readout is the engine's; switching early stopping on by
keyboard retrains, marks the kept epoch and says so, like the engine in CPython."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure, open_page

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="regularization"]'
PAGE = "/chapters/training"


def readout(figure):
    return [figure.locator(f"[data-field={k}]").inner_text() for k in ("best", "run", "train", "val")]


def expected(result):
    return [str(result["best_epoch"]), str(result["epochs_run"]), fmt(result["final_train"], 4), fmt(result["final_val"], 4)]


def test_the_first_frame_is_the_server_s(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    figure = warm_page.locator(FIGURE)
    figure.locator("[data-field=best]").wait_for()
    result = dispatch("regularization", "initial", directive_options(warm_page, FIGURE))
    assert readout(figure) == expected(result)
    assert figure.locator("canvas").first.get_attribute("aria-label") == result["description"]
    assert figure.locator(".widget-message").inner_text() == result["message"]


def test_early_stopping_switched_on_by_keyboard_keeps_the_best_epoch(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    box = figure.get_by_label("early stopping", exact=True)
    box.focus()
    warm_page.keyboard.press("Space")
    result = dispatch("regularization", "initial", {**directive_options(warm_page, FIGURE), "early_stopping": True})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-message').textContent === {result['message']!r}",
                           timeout=90_000)
    assert readout(figure) == expected(result)
    assert "kept the weights of epoch" in result["message"]
    fig_id = figure.get_attribute("id")
    warm_page.wait_for_function(f"() => location.search.includes('{fig_id}.early_stopping=')")
