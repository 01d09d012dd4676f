"""The architecture figure in real Chromium: sizes edited by a reader, the table checked against the engine."""

from __future__ import annotations

import json

import pytest

from engine.widgets.protocol import dispatch
from engine.network import layer_shapes
from tests.browser import figure_contract_js as js
from tests.browser.helpers import open_figure, open_page, wait_idle, settle_labels

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



def test_editing_layers_updates_the_table_like_layer_shapes(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    figure.get_by_label("Layer 1 (hidden)", exact=True).fill("12")
    _wait_total(warm_page, _total([4, 12, 6, 1]))
    for row in layer_shapes([4, 12, 6, 1]):
        assert figure.locator(f"[data-field=params-{row['layer']}]").inner_text() == str(row["params"])
    assert "W[1]: 12 × 4" in figure.locator("table.shape-table").inner_text()

    figure.get_by_role("button", name="Add hidden layer").click()
    _wait_total(warm_page, _total([4, 12, 6, 6, 1]))
    assert _sizes_shown(figure) == [4, 12, 6, 6, 1]
    assert figure.locator("button.neuron-target").count() == 4 + 12 + 6 + 6 + 1

    figure.get_by_role("button", name="Remove hidden layer").click()
    figure.get_by_role("button", name="Remove hidden layer").click()
    _wait_total(warm_page, _total([4, 12, 1]))
    assert _sizes_shown(figure) == [4, 12, 1]
    assert warm_page.evaluate("window.__nnbookMetrics.redraw.architecture.length") >= 1
    warm_page.wait_for_function("() => location.search.includes('fig-3-1.sizes=4%2C12%2C1')")


def test_hovering_or_focusing_a_neuron_highlights_its_incoming_weights(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    expected = dispatch("architecture", "initial", {"sizes": [4, 8, 6, 1]})["neurons"]
    caption = figure.locator(".neuron-caption")

    target = figure.locator('button.neuron-target[data-layer="2"][data-index="2"]')
    target.hover()
    assert caption.inner_text() == expected[2][2]
    assert "neuron 3 of layer 2 receives 8 weights w[2]_{3,1..8}" in caption.inner_text()
    # the hovered neuron is painted in the highlight colour (#f2b705) at its centre
    colour = warm_page.evaluate("""(sel) => {
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
    warm_page.keyboard.press("Shift+Tab")
    assert warm_page.evaluate("document.activeElement.className") == "neuron-target", "Shift+Tab from the sizes reaches the neurons"
    figure.locator('button.neuron-target[data-layer="0"][data-index="0"]').focus()
    warm_page.keyboard.press("ArrowDown")
    assert caption.inner_text() == expected[0][1]
    warm_page.keyboard.press("ArrowRight")
    assert caption.inner_text() == expected[1][1]
    warm_page.keyboard.press("End")
    assert caption.inner_text() == expected[1][7]
    warm_page.keyboard.press("ArrowRight")
    warm_page.keyboard.press("ArrowRight")
    assert caption.inner_text() == expected[3][0]
    assert figure.locator('button.neuron-target[tabindex="0"]').get_attribute("data-layer") == "3"




def test_a_size_beyond_the_limit_is_said_in_words_and_the_drawing_agrees(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    most = next(o for o in json.loads(figure.get_attribute("data-options")) if o["name"] == "sizes")["max"]
    figure.get_by_label("Layer 1 (hidden)", exact=True).fill("40")
    figure.locator(".architecture-limit", has_text=f"at most {most} neurons").wait_for()
    _wait_total(warm_page, _total([4, most, 6, 1]))
    assert _sizes_shown(figure) == [4, most, 6, 1]  # the box shows what the drawing shows
    assert figure.locator('button.neuron-target[data-layer="1"]').count() == most
    assert f"W[1]: {most} × 4" in figure.locator("table.shape-table").inner_text()


def test_at_the_layer_limit_the_labels_stay_apart_and_add_says_why_it_is_off(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    add = figure.get_by_role("button", name="Add hidden layer")
    while not add.is_disabled():
        add.click()
    _wait_total(warm_page, _total([4, 8, 6, 6, 6, 6, 1]))
    why = figure.locator(".architecture-why")
    assert "At most 7 layers here (5 hidden layers)" in why.inner_text()
    assert add.get_attribute("aria-describedby") == why.get_attribute("id")
    for width in (1280, 360):
        warm_page.set_viewport_size({"width": width, "height": 800})
        settle_labels(warm_page, FIGURE)
        assert warm_page.evaluate(js.LABEL_PROBLEMS, FIGURE) == [], f"at {width} px"
        drawn = warm_page.evaluate(f"() => document.querySelector('{FIGURE} canvas').drawnLabels.map((l) => l.text)")
        assert len(drawn) == 7, f"every layer is named at {width} px: {drawn}"


def test_the_parameter_count_reads_correctly_for_one_bias(warm_page, live_server):
    open_page(warm_page, live_server, PAGE + "?fig-3-1.sizes=4,1")
    wait_idle(warm_page, FIGURE)
    _wait_total(warm_page, 5)
    assert "Total (4 weights + 1 bias)" in warm_page.locator(f"{FIGURE} tfoot").inner_text()
