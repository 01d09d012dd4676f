"""The architecture figure in real Chromium: sizes edited by a reader, the table checked against the engine."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from engine.network import layer_shapes
from tests.browser.helpers import wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="architecture"]'
PAGE = "/chapters/architecture"


def _total(sizes):
    return sum(row["params"] for row in layer_shapes(sizes))


def _wait_total(page, total):
    page.wait_for_function(f"() => document.querySelector('{FIGURE} [data-field=total]').textContent === '{total}'")


def _sizes_shown(figure):
    inputs = figure.locator("input[type=number]")
    return [int(inputs.nth(i).input_value()) for i in range(inputs.count())]


def test_first_frame_is_drawn_before_the_runtime_is_ready(page, live_server):
    held = []
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("[data-field=total]").wait_for()
    assert figure.get_attribute("data-status") in ("static", "loading")
    assert figure.locator("[data-field=total]").inner_text() == str(_total([4, 8, 6, 1])) == "101"
    assert _sizes_shown(figure) == [4, 8, 6, 1]
    # one focusable target per neuron, and the canvas describes the network
    assert figure.locator("button.neuron-target").count() == 4 + 8 + 6 + 1
    assert "101 parameters in total" in figure.locator("canvas").get_attribute("aria-label")
    page.wait_for_function("() => document.querySelector('#runtime-status progress').value > 0")
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page, FIGURE)


def test_editing_layers_updates_the_table_like_layer_shapes(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.get_by_label("Layer 1 (hidden)", exact=True).fill("12")
    _wait_total(page, _total([4, 12, 6, 1]))
    for row in layer_shapes([4, 12, 6, 1]):
        assert figure.locator(f"[data-field=params-{row['layer']}]").inner_text() == str(row["params"])
    assert "W[1]: 12 × 4" in figure.locator("table.shape-table").inner_text()

    figure.get_by_role("button", name="Add hidden layer").click()
    _wait_total(page, _total([4, 12, 6, 6, 1]))
    assert _sizes_shown(figure) == [4, 12, 6, 6, 1]
    assert figure.locator("button.neuron-target").count() == 4 + 12 + 6 + 6 + 1

    figure.get_by_role("button", name="Remove hidden layer").click()
    figure.get_by_role("button", name="Remove hidden layer").click()
    _wait_total(page, _total([4, 12, 1]))
    assert _sizes_shown(figure) == [4, 12, 1]
    assert page.evaluate("window.__nnbookMetrics.redraw.architecture.length") >= 1
    page.wait_for_function("() => location.search.includes('architecture-1.sizes=4%2C12%2C1')")


def test_hovering_or_focusing_a_neuron_highlights_its_incoming_weights(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    expected = dispatch("architecture", "initial", {"sizes": [4, 8, 6, 1]})["neurons"]
    caption = figure.locator(".neuron-caption")

    target = figure.locator('button.neuron-target[data-layer="2"][data-index="2"]')
    target.hover()
    assert caption.inner_text() == expected[2][2]
    assert "neuron 3 of layer 2 receives 8 weights w[2]_{3,1..8}" in caption.inner_text()
    # the hovered neuron is painted in the highlight colour (#f2b705) at its centre
    colour = page.evaluate("""(sel) => {
        const fig = document.querySelector(sel);
        const canvas = fig.querySelector('canvas');
        const box = fig.querySelector('button.neuron-target[data-layer="2"][data-index="2"]').getBoundingClientRect();
        const c = canvas.getBoundingClientRect(), ratio = canvas.width / c.width;
        const x = Math.round((box.left + box.width / 2 - c.left) * ratio), y = Math.round((box.top + box.height / 2 - c.top) * ratio);
        return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
    }""", FIGURE)
    assert colour == [242, 183, 5]

    # keyboard: the neurons are one tab stop; arrow keys move between them and the caption follows
    assert figure.locator('button.neuron-target[tabindex="0"]').count() == 1
    figure.get_by_label("Layer 0 (input)", exact=True).focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.className") == "neuron-target", "Shift+Tab from the sizes reaches the neurons"
    figure.locator('button.neuron-target[data-layer="0"][data-index="0"]').focus()
    page.keyboard.press("ArrowDown")
    assert caption.inner_text() == expected[0][1]
    page.keyboard.press("ArrowRight")
    assert caption.inner_text() == expected[1][1]
    page.keyboard.press("End")
    assert caption.inner_text() == expected[1][7]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert caption.inner_text() == expected[3][0]
    assert figure.locator('button.neuron-target[tabindex="0"]').get_attribute("data-layer") == "3"


def test_an_out_of_range_size_is_refused_in_the_figure(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    figure.get_by_label("Layer 1 (hidden)", exact=True).fill("20")
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "sizes[1]: must be between 1 and 16, got 20" in figure.locator(".widget-status").inner_text()
    assert figure.locator("[data-field=total]").inner_text() == "101", "the last good network stays drawn"
    figure.get_by_label("Layer 1 (hidden)", exact=True).fill("5")
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')
    _wait_total(page, _total([4, 5, 6, 1]))


def test_the_url_restores_the_layer_sizes(page, live_server):
    page.goto(live_server + PAGE + "?architecture-1.sizes=3,5,5,2")
    wait_live(page, FIGURE)
    _wait_total(page, _total([3, 5, 5, 2]))
    figure = page.locator(FIGURE)
    assert _sizes_shown(figure) == [3, 5, 5, 2]
    assert figure.get_by_label("Layer 3 (output)", exact=True).input_value() == "2"


def test_the_figure_fits_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("[data-field=total]").wait_for()
    box = figure.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate(f"(() => {{ const f = document.querySelector('{FIGURE}'); return f.scrollWidth - f.clientWidth; }})()") <= 0
    target = figure.locator('button.neuron-target[data-layer="1"][data-index="0"]').bounding_box()
    assert target["width"] >= 16 and 0 <= target["x"] <= 360
    context.close()
