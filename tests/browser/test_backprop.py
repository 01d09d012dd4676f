"""The backpropagation stepper in real Chromium: every number it reveals is the engine's."""

from __future__ import annotations

import copy
import re

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import assert_fits_width, choose_refused_option, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="backprop"]'
PAGE = "/chapters/backpropagation"


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def listed(page) -> dict[str, float]:
    """key -> value of every number in the text list, read from what it shows ("label = value")."""
    out = {}
    for span in page.locator(f"{FIGURE} .backprop-list span[data-key]").all():
        out[span.get_attribute("data-key")] = number(span.inner_text().rsplit(" = ", 1)[1])
    return out


def assert_lists(page, result: dict, up_to_stage: int):
    shown = listed(page)
    expected = {e["key"]: e["value"] for e in result["entries"] if e["stage"] <= up_to_stage}
    assert set(shown) == set(expected)
    for key, value in expected.items():
        assert shown[key] == pytest.approx(value, rel=6e-4, abs=1e-12), key


def caption(page) -> str:
    return page.locator(f"{FIGURE} .backprop-stage").inner_text()


def test_first_frame_is_the_chapters_example_before_the_runtime_is_ready(page, live_server):
    held = []
    page.route("**/runtime/engine.zip", lambda route: held.append(route))
    page.goto(live_server + PAGE)
    assert page.locator(FIGURE).get_attribute("data-status") in ("static", "loading")
    assert caption(page).startswith("Step 1 of 9: Input and weights.")
    assert_lists(page, dispatch("backprop", "initial", {"hidden": 2, "weights": "example", "loss": "bce", "eta": 0.5}), 0)
    for route in held:
        route.continue_()
    page.unroute("**/runtime/engine.zip")
    wait_live(page, FIGURE)


def test_next_reveals_forward_loss_deltas_gradients_and_update_as_the_engine_computes_them(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    expected = dispatch("backprop", "initial", {"hidden": 2, "weights": "example", "loss": "bce", "eta": 0.5})
    previous = page.locator("#backprop-1-previous")
    assert previous.is_disabled()
    for stage in range(1, 9):
        page.click("#backprop-1-next")
        title = expected["stages"][stage]["title"]
        assert caption(page).startswith(f"Step {stage + 1} of 9: {title}.")
        assert page.locator(f"{FIGURE} .backprop-list > li").count() == stage + 1
    assert page.locator("#backprop-1-next").is_disabled()
    assert_lists(page, expected, 8)
    # The chapter's worked numbers: loss 0.7668, delta[2] = -0.5355, new loss 0.4993.
    shown = listed(page)
    assert shown["loss"] == 0.7668 and shown["delta2_0"] == -0.5355 and shown["loss_after"] == 0.4993
    previous.click()
    assert caption(page).startswith("Step 8 of 9")
    page.wait_for_function("() => location.search.includes('backprop-1.step=7')")


def test_auto_steps_by_itself_and_pauses(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    page.click("#backprop-1-auto")
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .backprop-stage').textContent.startsWith('Step 3 of 9')", timeout=10_000)
    page.click("#backprop-1-auto")  # now "Pause"
    assert page.locator("#backprop-1-auto").inner_text() == "Auto"
    where = caption(page)[:12]
    page.wait_for_timeout(2000)
    assert caption(page)[:12] == where


def test_mse_and_a_new_input_recompute_every_gradient(page, live_server):
    page.goto(live_server + PAGE + "?backprop-1.step=8")
    wait_live(page, FIGURE)
    page.select_option("#backprop-1-loss", "mse")
    x1 = page.locator("#backprop-1-x1")
    x1.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert x1.input_value() == "0.5"
    state = copy.deepcopy(dispatch("backprop", "initial", {})["state"])
    state.update(loss="mse", x=[0.5, 2.0])
    expected = dispatch("backprop", "evaluate", {"state": state})
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label') === text",
        arg=[FIGURE, expected["description"]],
    )
    assert_lists(page, expected, 8)
    assert page.evaluate("window.__nnbookMetrics.redraw.backprop.length") >= 1


def test_check_gradients_shows_tiny_relative_errors_for_every_parameter(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    page.click("#backprop-1-check")
    table = page.locator(f"{FIGURE} .backprop-check-table")
    table.wait_for()
    expected = dispatch("backprop", "check", {"state": dispatch("backprop", "initial", {})["state"]})
    rows = table.locator("tr").all()[1:]
    assert len(rows) == len(expected["rows"]) == 9
    for row, want in zip(rows, expected["rows"]):
        cells = row.locator("th, td").all_inner_texts()
        assert cells[0] == want["label"]
        assert number(cells[1]) == pytest.approx(want["backprop"], rel=1e-5)
        assert number(cells[2]) == pytest.approx(want["numeric"], rel=1e-5)
        assert number(cells[3]) < 1e-6
    assert "all agree" in table.locator("caption").inner_text()


def test_apply_update_moves_to_the_new_weights(page, live_server):
    page.goto(live_server + PAGE + "?backprop-1.step=8")
    wait_live(page, FIGURE)
    page.click("#backprop-1-apply")
    expected = dispatch("backprop", "apply", {"state": dispatch("backprop", "initial", {})["state"]})
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .backprop-stage').textContent.includes('(round 2)')")
    assert caption(page).startswith("Step 1 of 9 (round 2)")
    assert_lists(page, expected, 0)
    message = page.locator(f"{FIGURE} .widget-message").inner_text()
    assert re.search(r"from 0\.7668 to 0\.4993", message)


def test_three_hidden_units_switch_to_seeded_random_weights(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    page.select_option("#backprop-1-hidden", "3")
    expected = dispatch("backprop", "initial", {"hidden": 3, "weights": "random", "seed": 1, "x1": 1.0, "x2": 2.0, "y": 1,
                                                "loss": "bce", "eta": 0.5})
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label') === text",
        arg=[FIGURE, expected["description"]],
    )
    assert page.locator("#backprop-1-weights").input_value() == "random"
    assert_lists(page, expected, 0)
    page.click("#backprop-1-reseed")
    reseeded = dispatch("backprop", "initial", {"hidden": 3, "weights": "random", "seed": 2, "x1": 1.0, "x2": 2.0, "y": 1,
                                                "loss": "bce", "eta": 0.5})
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label') === text",
        arg=[FIGURE, reseeded["description"]],
    )
    assert_lists(page, reseeded, 0)


def test_url_restores_network_loss_and_step(page, live_server):
    query = "?backprop-1.hidden=3&backprop-1.weights=random&backprop-1.seed=4&backprop-1.loss=mse&backprop-1.eta=0.2&backprop-1.step=5"
    page.goto(live_server + PAGE + query)
    wait_live(page, FIGURE)
    expected = dispatch("backprop", "initial", {"hidden": 3, "weights": "random", "seed": 4, "loss": "mse", "eta": 0.2})
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label') === text",
        arg=[FIGURE, expected["description"]],
    )
    assert caption(page).startswith("Step 6 of 9")
    assert_lists(page, expected, 5)
    assert page.locator("#backprop-1-loss").input_value() == "mse"


def test_an_impossible_network_is_refused_in_the_figure(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    choose_refused_option(page, "#backprop-1-hidden", "4")
    page.wait_for_selector(f'{FIGURE}[data-status="error"]')
    assert "hidden: must be one of 2, 3, got 4" in page.locator(f"{FIGURE} .widget-status").inner_text()
    page.select_option("#backprop-1-hidden", "2")
    page.wait_for_selector(f'{FIGURE}[data-status="live"]')


def test_works_at_360_pixels(page, live_server):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    assert_fits_width(page, FIGURE)
    page.locator("#backprop-1-next").focus()
    page.keyboard.press("Enter")
    assert caption(page).startswith("Step 2 of 9")
    for control in ("hidden", "weights", "x1", "x2", "y", "loss", "eta"):
        assert page.locator(f"label[for='backprop-1-{control}']").is_visible()
