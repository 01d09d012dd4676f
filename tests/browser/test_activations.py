"""The activations figure in real Chromium: curve values, softmax bars and the linear collapse against the engine."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="activations"]'
PAGE = "/chapters/activations"


def shown(value: float, digits: int) -> str:
    """How draw.js's fmt writes a number: rounded to `digits` decimals, no trailing zeros, no '-0'."""
    rounded = float(f"{value:.{digits}f}") + 0.0
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)


def numbers(text: str) -> list[float]:
    """The numbers of a displayed tuple "(a, b)"."""
    return [float(v) for v in text.strip("()").split(", ")]


def _open(page, live_server, query=""):
    return open_figure(page, live_server, PAGE + query, FIGURE)


def _wait_text(page, selector, text):
    page.wait_for_function("([s, t]) => document.querySelector(s) && document.querySelector(s).textContent === t",
                           arg=[f"{FIGURE} {selector}", text])


def test_moving_z_shows_f_and_its_derivative_from_the_engine(warm_page, live_server):
    figure = _open(warm_page, live_server)
    figure.get_by_label("activation", exact=True).select_option("tanh")
    z = figure.get_by_label("input z", exact=True)
    z.focus()
    for _ in range(25):
        warm_page.keyboard.press("ArrowRight")
    value = float(z.input_value())
    assert value == pytest.approx(1.25)
    expected = dispatch("activations", "point", {"activation": "tanh", "z": value})["point"]
    _wait_text(warm_page, '[data-field="df"]', shown(expected["df"], 4))
    assert figure.locator('[data-field="f"]').inner_text() == shown(expected["f"], 4)
    assert "tanh" in figure.locator("canvas").first.get_attribute("aria-label")
    assert warm_page.evaluate("window.__nnbookMetrics.redraw.activations.length") >= 1


def test_dragging_on_the_plot_moves_z(warm_page, live_server):
    figure = _open(warm_page, live_server)
    canvas = figure.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # The plot's data box is z in [-5, 5] inside a 28 px padding: aim at z = -2.5.
    x = box["x"] + 28 + (box["width"] - 56) * 0.25
    y = box["y"] + box["height"] / 2
    warm_page.mouse.move(x, y)
    warm_page.mouse.down()
    warm_page.mouse.move(x + 1, y)
    warm_page.mouse.up()
    z_input = figure.get_by_label("input z", exact=True)
    warm_page.wait_for_function("(s) => Math.abs(Number(document.querySelector(s).value) + 2.5) < 0.1", arg=f"{FIGURE} input[id$='-z']")
    value = float(z_input.input_value())
    expected = dispatch("activations", "point", {"activation": "sigmoid", "z": value})["point"]
    _wait_text(warm_page, '[data-field="f"]', shown(expected["f"], 4))


def test_leaky_relu_alpha_slider_changes_the_slope_below_zero(warm_page, live_server):
    figure = _open(warm_page, live_server, "?fig-4-2.activation=leaky_relu&fig-4-2.z=-2")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} select').value === 'leaky_relu'")
    alpha = figure.get_by_label("leaky slope α", exact=True)
    assert alpha.is_enabled()
    alpha.focus()
    for _ in range(10):
        warm_page.keyboard.press("ArrowRight")
    a = float(alpha.input_value())
    expected = dispatch("activations", "point", {"activation": "leaky_relu", "alpha": a, "z": -2.0})["point"]
    _wait_text(warm_page, '[data-field="df"]', shown(expected["df"], 4))
    assert expected["df"] == pytest.approx(a)


def test_softmax_bars_are_the_engines_probabilities_and_sum_to_one(warm_page, live_server):
    figure = _open(warm_page, live_server)
    logit = figure.get_by_label("logit z3", exact=True)
    logit.focus()
    for _ in range(30):
        warm_page.keyboard.press("ArrowRight")
    logits = [2.0, 1.0, float(logit.input_value())]
    expected = dispatch("activations", "softmax", {"logits": logits})["softmax"]
    _wait_text(warm_page, '[data-prob="2"]', shown(expected["probs"][2], 4))
    for k, p in enumerate(expected["probs"]):
        assert figure.locator(f'[data-prob="{k}"]').inner_text() == shown(p, 4)
    assert figure.locator('[data-field="sum"]').inner_text() == "1"
    assert expected["sum"] == pytest.approx(1.0, abs=1e-12)

    figure.get_by_label("classes K", exact=True).select_option("4")
    expected4 = dispatch("activations", "softmax", {"logits": logits + [0.0]})["softmax"]
    _wait_text(warm_page, '[data-prob="3"]', shown(expected4["probs"][3], 4))
    assert figure.locator('[data-field="sum"]').inner_text() == "1"


def test_a_huge_shift_leaves_the_probabilities_unchanged_and_says_why(warm_page, live_server):
    figure = _open(warm_page, live_server)
    before = [figure.locator(f'[data-prob="{k}"]').inner_text() for k in range(3)]
    shift = figure.get_by_label("add c to all", exact=True)
    shift.focus()
    warm_page.keyboard.press("End")
    expected = dispatch("activations", "softmax", {"logits": [2.0, 1.0, 0.1], "shift": 1000.0})["softmax"]
    assert expected["naive"]["status"] == "overflow"
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE}').innerText.includes('overflows float64')")
    after = [figure.locator(f'[data-prob="{k}"]').inner_text() for k in range(3)]
    assert after == before == [shown(p, 4) for p in expected["probs"]]
    assert figure.locator('[data-field="sum"]').inner_text() == "1"
    # The formulas in the figure's text are typeset like the chapter's, never ASCII like e^(u − max u).
    part = figure.locator(".widget-part").nth(1)
    assert part.locator(".softmax-table math").count() == 6  # three in the caption, one per row name
    assert part.locator(".widget-update math").count() >= 2
    assert "e^(" not in part.inner_text()


def test_stacked_linear_layers_match_the_single_layer_from_the_engine(warm_page, live_server):
    figure = _open(warm_page, live_server)
    k = figure.get_by_label("layers k", exact=True)
    k.focus()
    warm_page.keyboard.press("ArrowRight")
    warm_page.keyboard.press("ArrowRight")
    expected = dispatch("activations", "collapse", {"k": 5, "seed": 0, "x": [1.0, -0.5]})["collapse"]
    warm_page.wait_for_function(f"() => document.querySelectorAll('{FIGURE} [data-matrix^=W]').length === 6")
    # Shown to 4 decimals; the browser's numpy may round a last bit differently, hence half a unit of slack.
    assert numbers(figure.locator('[data-field="single"]').inner_text()) == pytest.approx(expected["output_single"], abs=5.1e-5)
    assert numbers(figure.locator('[data-field="stacked"]').inner_text()) == pytest.approx(expected["output_stacked"], abs=5.1e-5)
    cells = figure.locator('[data-matrix="W"] td')
    shown_W = [float(cells.nth(i).get_attribute("data-value")) for i in range(4)]
    assert shown_W == pytest.approx([v for row in expected["W"] for v in row], abs=1e-12)

    figure.get_by_role("button", name="New random matrices").click()
    reseeded = dispatch("activations", "collapse", {"k": 5, "seed": 1, "x": [1.0, -0.5]})["collapse"]
    first = reseeded["weights"][0][0][0]
    warm_page.wait_for_function("([s, v]) => Number(document.querySelector(s).dataset.value) === v",
                           arg=[f'{FIGURE} [data-matrix="W1"] td', first])
    warm_page.wait_for_function("() => location.search.includes('fig-4-2.seed=1')")


