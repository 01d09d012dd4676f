"""The optimizer race in real Chromium: the table is the engine's, sliders rerun the race,
divergence is said in words, the URL restores the settings, and Plotly loads only for the 3-D view.

Every number the page shows is compared with the same engine call run here in CPython.
"""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, open_figure, open_page, sig, wait_attribute, wait_idle, wait_live, wait_text

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="optimizer-race"]'
PAGE = "/chapters/training"




def shown_gaps(figure):
    return {row.get_attribute("data-optimizer"): row.locator("td").nth(3).inner_text()
            for row in figure.locator("tbody tr").all()}


def expected_gaps(result):
    return {r["name"]: "—" if r["status"] == "diverged" else sig(r["gap"]) for r in result["runs"]}


def test_the_first_frame_is_the_server_s_and_plotly_loads_only_for_the_3d_view(page, live_server):
    """One fresh tab (one Pyodide boot) for both: before the 3-D view is asked for, the live figure has
    not loaded Plotly; the button then loads the vendored copy, once, and draws the engine's paths."""
    plotly = []
    page.on("request", lambda r: "/vendor/plotly/" in r.url and plotly.append(r.url))
    open_page(page, live_server, PAGE)
    figure = page.locator(FIGURE)
    figure.locator("tbody tr").first.wait_for()
    expected = dispatch("optimizer-race", "initial", directive_options(page, FIGURE))
    assert shown_gaps(figure) == expected_gaps(expected)
    assert figure.locator("canvas").first.get_attribute("aria-label") == expected["description"]
    wait_live(page, FIGURE)
    assert plotly == [] and page.evaluate("typeof window.Plotly") == "undefined"

    figure.get_by_role("button", name="Show the surface in 3-D").click()
    page.wait_for_selector(f"{FIGURE} .race-3d .main-svg", timeout=30_000)
    assert plotly == [live_server + "/static/vendor/plotly/plotly-gl3d.min.js"]
    traces = page.evaluate(f"() => document.querySelector('{FIGURE} .race-3d').data.map(t => [t.type, t.x.length])")
    assert traces[0] == ["surface", len(expected["surface"]["mesh"]["x"])]
    assert traces[1:] == [["scatter3d", len(r["path"])] for r in expected["runs"]]
    figure.get_by_role("button", name="Hide the 3-D view").click()
    assert figure.locator(".race-3d").is_hidden()


def test_a_learning_rate_slider_reruns_the_race_like_the_engine(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    lr = figure.get_by_label("η (gradient descent, momentum, Nesterov)", exact=True)
    lr.focus()
    for _ in range(10):
        warm_page.keyboard.press("ArrowLeft")
    value = float(lr.input_value())
    options = {**directive_options(warm_page, FIGURE)}
    base = dispatch("optimizer-race", "initial", options)["options"]
    assert value == pytest.approx(base["lr"] - 10 * 0.0005)
    expected = dispatch("optimizer-race", "rerun", {"options": {**base, "lr": value}})
    wait_attribute(warm_page, f"{FIGURE} canvas", "aria-label", expected['description'])
    assert shown_gaps(figure) == expected_gaps(expected)
    assert warm_page.evaluate("window.__nnbookMetrics.redraw['optimizer-race'].length") >= 1
    fig_id = figure.get_attribute("id")
    warm_page.wait_for_function(f"() => location.search.includes('{fig_id}.lr={value:g}')")


def test_divergence_is_reported_in_words_and_never_drawn_as_nan(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    lr = figure.get_by_label("η (gradient descent, momentum, Nesterov)", exact=True)
    lr.focus()
    warm_page.keyboard.press("End")
    options = dispatch("optimizer-race", "initial", directive_options(warm_page, FIGURE))["options"]
    expected = dispatch("optimizer-race", "rerun", {"options": {**options, "lr": 0.5}})
    message = figure.locator(".widget-message")
    wait_text(warm_page, f"{FIGURE} .widget-message", expected['message'])
    assert "diverged, lower the learning rate" in message.inner_text()
    assert message.get_attribute("data-kind") == "error"
    assert "NaN" not in figure.inner_text()
    assert shown_gaps(figure)["sgd"] == "—"


def test_the_url_restores_surface_and_rates(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    fig_id = warm_page.locator(FIGURE).get_attribute("id")
    open_page(warm_page, live_server, f"{PAGE}?{fig_id}.surface=rosenbrock&{fig_id}.lr=0.001&{fig_id}.lr_adaptive=0.05")
    wait_idle(warm_page, FIGURE)
    figure = warm_page.locator(FIGURE)
    expected = dispatch("optimizer-race", "initial",
                        {**directive_options(warm_page, FIGURE), "surface": "rosenbrock", "lr": 0.001, "lr_adaptive": 0.05})
    wait_attribute(warm_page, f"{FIGURE} canvas", "aria-label", expected['description'])
    assert figure.locator("select").input_value() == "rosenbrock"
    assert shown_gaps(figure) == expected_gaps(expected)
