"""The loss explorer in real Chromium: the numbers it shows are the engine's, for slider, label and drag."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import assert_fits_width, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="loss-explorer"]'
PAGE = "/chapters/loss-functions"
FIELDS = {"y_hat": "y_hat", "slope": "sigmoid_slope", "mse": "mse", "bce": "bce", "mse_dz": "mse_dz",
          "bce_dz": "bce_dz", "ratio": "gradient_ratio"}


def shown(page, field: str) -> float:
    text = page.locator(f"{FIGURE} [data-field={field}]").inner_text()
    return float(text.replace("−", "-"))


def assert_shows(page, point: dict):
    """Every readout equals the engine's value to the four significant digits on screen."""
    for field, key in FIELDS.items():
        assert shown(page, field) == pytest.approx(point[key], rel=6e-4, abs=1e-9), field


def test_first_frame_is_drawn_before_the_runtime_is_ready(page, live_server):
    held = []
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + PAGE)
    figure = page.locator(FIGURE)
    assert figure.get_attribute("data-status") in ("static", "loading")
    assert_shows(page, dispatch("loss-explorer", "initial", {"label": 1, "z": 0})["point"])
    painted = page.evaluate(f"""() => {{
        const c = document.querySelector('{FIGURE} canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set();
        for (let i = 0; i < d.length; i += 499 * 4) colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
        return colours.size;
    }}""")
    assert painted > 3, "the loss plot is blank before the runtime is ready"
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page, FIGURE)


def test_moving_z_with_the_keyboard_shows_the_engines_losses_and_gradients(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    z = page.locator(f"{FIGURE} input[type=range]")
    z.focus()
    for _ in range(60):
        page.keyboard.press("ArrowLeft")
    assert z.input_value() == "-0.6"
    page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('z = -0.60')")
    expected = dispatch("loss-explorer", "evaluate", {"label": 1, "z": -0.6})
    assert_shows(page, expected["point"])
    assert page.locator(f"{FIGURE} .widget-message").inner_text() == expected["message"]
    assert page.evaluate("window.__nnbookMetrics.redraw['loss-explorer'].length") >= 1
    page.wait_for_function("() => location.search.includes('loss-explorer-1.z=-0.6')")
    assert page.locator(FIGURE).get_attribute("data-status") == "live"


def test_confidently_wrong_label_shows_mse_gradient_vanishing(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    z = page.locator(f"{FIGURE} input[type=range]")
    z.focus()
    page.keyboard.press("End")  # z = 7: confident that the class is 1
    page.select_option(f"{FIGURE} select", "0")  # ... but it is 0
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-message').dataset.regime === 'confidently-wrong'")
    expected = dispatch("loss-explorer", "evaluate", {"label": 0, "z": 7})
    assert_shows(page, expected["point"])
    assert shown(page, "bce_dz") > 0.99 and shown(page, "mse_dz") < 0.002
    assert "Confidently wrong" in page.locator(f"{FIGURE} .widget-message").inner_text()


def test_dragging_on_the_plot_moves_the_prediction(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    canvas = page.locator(f"{FIGURE} canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    padding = 34  # the plot's margin in CSS pixels, as the widget draws it
    target = 0.2
    x = box["x"] + padding + target * (box["width"] - 2 * padding)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(x, y, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => Math.abs(Number(document.querySelector('{FIGURE} [data-field=y_hat]').textContent) - {target}) < 0.01")
    y_hat = shown(page, "y_hat")
    expected = dispatch("loss-explorer", "evaluate", {"label": 1, "y_hat": y_hat})
    assert_shows(page, expected["point"])
    z_slider = float(page.locator(f"{FIGURE} input[type=range]").input_value())
    assert z_slider == pytest.approx(expected["state"]["z"], abs=0.006)


def test_url_restores_label_and_z(page, live_server):
    page.goto(live_server + PAGE + "?loss-explorer-1.label=0&loss-explorer-1.z=3.5")
    wait_live(page, FIGURE)
    page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('z = 3.50')")
    assert page.locator(f"{FIGURE} select").input_value() == "0"
    assert page.locator(f"{FIGURE} input[type=range]").input_value() == "3.5"
    assert_shows(page, dispatch("loss-explorer", "evaluate", {"label": 0, "z": 3.5})["point"])


def test_an_out_of_range_label_is_refused_in_the_figure(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    page.evaluate(f"""() => {{
        const s = document.querySelector('{FIGURE} select');
        const o = document.createElement('option'); o.value = '2'; s.append(o);
        s.value = '2'; s.dispatchEvent(new Event('change'));
    }}""")
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "label: must be one of 1, 0, got 2" in page.locator(f"{FIGURE} .widget-status").inner_text()
    page.select_option(f"{FIGURE} select", "1")
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')


def test_works_at_360_pixels(page, live_server):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    assert_fits_width(page, FIGURE)
    z = page.locator(f"{FIGURE} input[type=range]")
    assert z.is_visible() and page.locator(f"label[for='{z.get_attribute('id')}']").is_visible()
    z.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('{FIGURE} canvas').getAttribute('aria-label').includes('z = 0.01')")
    assert_shows(page, dispatch("loss-explorer", "evaluate", {"label": 1, "z": 0.01})["point"])
