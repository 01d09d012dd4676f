"""The forward-pass figure in real Chromium: each step's matrices and the cache against the engine."""

from __future__ import annotations

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import assert_fits_width, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="forward-pass"]'
PAGE = "/chapters/forward-propagation"


def _open(page, live_server, query=""):
    page.goto(live_server + PAGE + query)
    wait_live(page, FIGURE)
    return page.locator(FIGURE)


def _wait_step(page, step):
    page.wait_for_function("([s, t]) => document.querySelector(s).textContent === t",
                           arg=[f'{FIGURE} [data-field="step"]', f"{step} of 6"])


def _matrix(figure, name):
    """The full-precision numbers of a displayed matrix, as an array of its shape."""
    block = figure.locator(f'.fp-step [data-matrix="{name}"]')
    rows = block.locator("tr")
    return np.array([[float(v) for v in rows.nth(i).locator("td").evaluate_all("tds => tds.map(t => t.dataset.value)")]
                     for i in range(rows.count())])


def test_next_walks_the_pass_with_the_engines_numbers(page, live_server):
    figure = _open(page, live_server)
    assert figure.get_by_role("button", name="Previous").is_disabled()
    for step in range(1, 7):
        figure.get_by_role("button", name="Next").click()
        _wait_step(page, step)
        expected = dispatch("forward-pass", "forward", {"network": "example", "x": [1.0, 2.0], "step": step})
        view = expected["view"]
        if view["kind"] == "linear":
            assert _matrix(figure, "W") == pytest.approx(np.array(view["W"]), abs=1e-12)
            assert _matrix(figure, "a_prev") == pytest.approx(np.array(view["a_prev"]), abs=1e-12)
            assert _matrix(figure, "b") == pytest.approx(np.array(view["b"]), abs=1e-12)
            assert _matrix(figure, "z") == pytest.approx(np.array(view["z"]), abs=1e-12)
            # one written-out sum per neuron
            assert figure.locator(".fp-sums li").count() == len(view["z"])
        else:
            assert _matrix(figure, "a") == pytest.approx(np.array(view["a"]), abs=1e-12)
        # the cache holds a[0] and one more entry per step
        names = figure.locator(".fp-cache li").evaluate_all("items => items.map(i => i.dataset.name)")
        assert names == [entry["name"] for entry in expected["cache"]]
    assert figure.get_by_role("button", name="Next").is_disabled()
    yhat = float(figure.locator('[data-field="yhat"]').inner_text())
    assert yhat == pytest.approx(expected["prediction"][0][0], abs=5e-5)
    assert "prediction ŷ" in figure.locator("canvas").get_attribute("aria-label")
    figure.get_by_role("button", name="Previous").click()
    _wait_step(page, 5)
    figure.get_by_role("button", name="Start over").click()
    _wait_step(page, 0)
    assert figure.locator(".fp-cache li").count() == 1


def test_moving_an_input_recomputes_the_current_step(page, live_server):
    figure = _open(page, live_server, "?forward-pass-1.step=2")
    _wait_step(page, 2)
    x1 = figure.get_by_label("input x₁", exact=True)
    x1.focus()
    for _ in range(15):
        page.keyboard.press("ArrowLeft")
    x = [float(x1.input_value()), 2.0]
    assert x[0] == pytest.approx(-0.5)
    expected = dispatch("forward-pass", "forward", {"x": x, "step": 2})["view"]
    page.wait_for_function("([s, v]) => Math.abs(Number(document.querySelector(s).dataset.value) - v) < 1e-9",
                           arg=[f'{FIGURE} .fp-step [data-matrix="a"] td', expected["a"][0][0]])
    assert _matrix(figure, "a") == pytest.approx(np.array(expected["a"]), abs=1e-12)
    assert page.evaluate("window.__nnbookMetrics.redraw['forward-pass'].length") >= 1
    page.wait_for_function("() => location.search.includes('forward-pass-1.x=-0.5%2C2')")


def test_batch_mode_shows_shapes_and_the_broadcast_bias(page, live_server):
    figure = _open(page, live_server)
    figure.get_by_label("Batch mode: m samples at once", exact=True).check()
    m = figure.get_by_label("samples m", exact=True)
    assert m.is_enabled()
    m.focus()
    page.keyboard.press("ArrowRight")  # 4 -> 5
    figure.get_by_role("button", name="Next").click()
    _wait_step(page, 1)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .fp-step').innerText.includes('Z[1] (3 × 5)')")
    text = figure.locator(".fp-step").inner_text()
    for caption in ("W[1] (3 × 2)", "A[0] (2 × 5)", "b[1] (3 × 1) copied into 5 columns", "Z[1] (3 × 5)"):
        assert caption in text
    expected = dispatch("forward-pass", "forward", {"x": [1.0, 2.0], "step": 1, "batch": True, "m": 5})["view"]
    assert _matrix(figure, "a_prev") == pytest.approx(np.array(expected["a_prev"]), abs=1e-12)
    assert _matrix(figure, "b") == pytest.approx(np.array(expected["b_broadcast"]), abs=1e-12)
    assert _matrix(figure, "z") == pytest.approx(np.array(expected["z"]), abs=1e-12)
    assert "Z[1]: 3 × 5 matrix" in figure.locator(".fp-cache").inner_text()


def test_the_url_restores_network_step_and_batch(page, live_server):
    query = "?forward-pass-1.network=seeded&forward-pass-1.seed=3&forward-pass-1.step=4&forward-pass-1.batch=1&forward-pass-1.m=3"
    figure = _open(page, live_server, query)
    _wait_step(page, 4)
    assert figure.locator("select").input_value() == "seeded"
    assert figure.get_by_label("Batch mode: m samples at once", exact=True).is_checked()
    frame = dispatch("forward-pass", "forward", {"network": "seeded", "seed": 3, "x": [1.0, 2.0], "step": 4,
                                                 "batch": True, "m": 3})
    assert _matrix(figure, "a") == pytest.approx(np.array(frame["view"]["a"]), abs=1e-12)
    # the seeded weights are all listed, in order W[1], b[1], W[2], …
    figure.locator(".fp-params summary").click()
    listed = [float(v) for v in figure.locator(".fp-params td").evaluate_all("tds => tds.map(t => t.dataset.value)")]
    flat = [v for p in frame["params"] for key in ("W", "b") for row in p[key] for v in row]
    assert listed == pytest.approx(flat, abs=1e-12)


def test_an_out_of_range_input_is_refused_in_the_figure(page, live_server):
    figure = _open(page, live_server)
    page.evaluate("""(sel) => {
        const x = document.querySelector(sel + " input[id$='-x1']");
        x.max = "10"; x.value = "5"; x.dispatchEvent(new Event("input"));
    }""", FIGURE)
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "x[0]: must be a number between -3 and 3, got 5" in figure.locator(".widget-status").inner_text()
    x1 = figure.get_by_label("input x₁", exact=True)
    x1.focus()
    page.keyboard.press("Home")
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')


def test_the_figure_fits_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    figure.locator("canvas").first.wait_for()
    assert_fits_width(page, FIGURE)
    context.close()
