"""Universal approximation in real Chromium: errors equal the engine's after adding a bump from the
keyboard and after dragging a bump's height; the trained network's error is the engine's fit."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, open_figure, wait_url_written

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="universal-approximation"]'
PAGE = "/chapters/strengths-and-limits"


def test_adding_a_bump_and_training_show_the_engines_errors(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    options = directive_options(warm_page, FIGURE)
    figure.get_by_label("bumps n", exact=True).focus()
    warm_page.keyboard.press("ArrowRight")
    n = options["bumps"] + 1
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.startsWith('{n} bumps')")
    expected = dispatch("universal-approximation", "initial", {**options, "bumps": n})
    assert figure.locator("[data-field=max]").inner_text() == fmt(expected["error"]["max"], 3)
    assert figure.locator("[data-field=rms]").inner_text() == fmt(expected["error"]["rms"], 3)
    figure.get_by_role("button", name="Train a network of this size").click()
    fitted = dispatch("universal-approximation", "fit", {**options, "bumps": n})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} [data-field=fit]').textContent !== '—'", timeout=120_000)
    assert figure.locator("[data-field=fit]").inner_text() == fmt(fitted["fit"]["error"]["max"], 3)
    assert figure.locator(".widget-message").inner_text() == fitted["fit"]["text"]


def test_dragging_a_bump_sets_its_height_by_hand(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    canvas = figure.locator("canvas").first
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.3})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('by hand')")
    assert not figure.get_by_label("heights from the target", exact=True).is_checked()
    wait_url_written(warm_page)
    figure_id = figure.get_attribute("id")
    query = dict(part.split("=", 1) for part in warm_page.evaluate("decodeURIComponent(location.search)").lstrip("?").split("&"))
    heights = [float(v) for v in query[f"{figure_id}.heights"].split(",")]
    assert query[f"{figure_id}.auto"] == "0"
    expected = dispatch("universal-approximation", "initial", {**directive_options(warm_page, FIGURE), "auto": False, "heights": heights})
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    assert figure.locator("[data-field=max]").inner_text() == fmt(expected["error"]["max"], 3)
