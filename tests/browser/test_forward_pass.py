"""The forward-pass figure in real Chromium: each step's matrices and the cache against the engine."""

from __future__ import annotations

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="forward-pass"]'
PAGE = "/chapters/forward-propagation"


def _open(page, live_server, query=""):
    return open_figure(page, live_server, PAGE + query, FIGURE)


def _wait_step(page, step):
    page.wait_for_function("([s, t]) => document.querySelector(s).textContent === t",
                           arg=[f'{FIGURE} [data-field="step"]', f"{step} of 6"])


def _matrix(figure, name):
    """The full-precision numbers of a displayed matrix, as an array of its shape."""
    block = figure.locator(f'.fp-step [data-matrix="{name}"]')
    rows = block.locator("tr")
    return np.array([[float(v) for v in rows.nth(i).locator("td").evaluate_all("tds => tds.map(t => t.dataset.value)")]
                     for i in range(rows.count())])


def test_next_walks_the_pass_with_the_engines_numbers(warm_page, live_server):
    figure = _open(warm_page, live_server)
    assert figure.get_by_role("button", name="Previous").is_disabled()
    for step in range(1, 7):
        figure.get_by_role("button", name="Next").click()
        _wait_step(warm_page, step)
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
    _wait_step(warm_page, 5)
    figure.get_by_role("button", name="Start over").click()
    _wait_step(warm_page, 0)
    assert figure.locator(".fp-cache li").count() == 1


def test_moving_an_input_recomputes_the_current_step(warm_page, live_server):
    figure = _open(warm_page, live_server, "?fig-5-1.step=2")
    _wait_step(warm_page, 2)
    x1 = figure.get_by_label("input x₁", exact=True)
    x1.focus()
    for _ in range(15):
        warm_page.keyboard.press("ArrowLeft")
    x = [float(x1.input_value()), 2.0]
    assert x[0] == pytest.approx(-0.5)
    expected = dispatch("forward-pass", "forward", {"x": x, "step": 2})["view"]
    # Every entry, not only the first: on the way from x₁ = 1.0 to -0.5 the first entry is a ReLU at 0 from
    # 0.6 on, so a wait on it alone passed at an input the presses went through (0.3: [0, 0, 1.69]).
    warm_page.wait_for_function(
        "([s, want]) => { const got = [...document.querySelectorAll(s)].map((td) => Number(td.dataset.value));"
        " return got.length === want.length && got.every((v, i) => Math.abs(v - want[i]) < 1e-9); }",
        arg=[f'{FIGURE} .fp-step [data-matrix="a"] td', np.ravel(expected["a"]).tolist()])
    assert _matrix(figure, "a") == pytest.approx(np.array(expected["a"]), abs=1e-12)
    assert warm_page.evaluate("window.__nnbookMetrics.redraw['forward-pass'].length") >= 1
    warm_page.wait_for_function("() => location.search.includes('fig-5-1.x=-0.5%2C2')")


def test_batch_mode_shows_shapes_and_the_broadcast_bias(warm_page, live_server):
    figure = _open(warm_page, live_server)
    figure.get_by_label("a batch of samples at once", exact=True).check()
    m = figure.get_by_label("samples m", exact=True)
    assert m.is_enabled()
    m.focus()
    warm_page.keyboard.press("ArrowRight")  # 4 -> 5
    figure.get_by_role("button", name="Next").click()
    _wait_step(warm_page, 1)
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .fp-step').innerText.includes('Z[1] (3 × 5)')")
    text = figure.locator(".fp-step").inner_text()
    for caption in ("W[1] (3 × 2)", "A[0] (2 × 5)", "b[1] (3 × 1) copied into 5 columns", "Z[1] (3 × 5)"):
        assert caption in text
    expected = dispatch("forward-pass", "forward", {"x": [1.0, 2.0], "step": 1, "batch": True, "m": 5})["view"]
    assert _matrix(figure, "a_prev") == pytest.approx(np.array(expected["a_prev"]), abs=1e-12)
    assert _matrix(figure, "b") == pytest.approx(np.array(expected["b_broadcast"]), abs=1e-12)
    assert _matrix(figure, "z") == pytest.approx(np.array(expected["z"]), abs=1e-12)
    assert "Z[1]: 3 × 5 matrix" in figure.locator(".fp-cache").inner_text()


