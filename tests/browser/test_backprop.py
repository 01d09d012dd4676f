"""The backpropagation stepper in real Chromium: every number it reveals is the engine's."""

from __future__ import annotations

import copy
import re

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import open_page, wait_idle

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



def test_next_reveals_forward_loss_deltas_gradients_and_update_as_the_engine_computes_them(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    expected = dispatch("backprop", "initial", {"hidden": 2, "weights": "example", "loss": "bce", "eta": 0.5})
    previous = warm_page.locator("#fig-7-1-previous")
    assert previous.is_disabled()
    for stage in range(1, 9):
        warm_page.click("#fig-7-1-next")
        title = expected["stages"][stage]["title"]
        assert caption(warm_page).startswith(f"Step {stage + 1} of 9: {title}.")
        assert warm_page.locator(f"{FIGURE} .backprop-list > li").count() == stage + 1
    assert warm_page.locator("#fig-7-1-next").is_disabled()
    assert_lists(warm_page, expected, 8)
    # The chapter's worked numbers: loss 0.7668, delta[2] = -0.5355, new loss 0.4993.
    shown = listed(warm_page)
    assert shown["loss"] == 0.7668 and shown["delta2_0"] == -0.5355 and shown["loss_after"] == 0.4993
    previous.click()
    assert caption(warm_page).startswith("Step 8 of 9")
    warm_page.wait_for_function("() => location.search.includes('fig-7-1.step=7')")


def test_auto_steps_by_itself_and_pauses(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    warm_page.click("#fig-7-1-auto")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .backprop-stage').textContent.startsWith('Step 3 of 9')", timeout=10_000)
    warm_page.click("#fig-7-1-auto")  # now "Pause"
    assert warm_page.locator("#fig-7-1-auto").inner_text() == "Auto"
    where = caption(warm_page)[:12]
    warm_page.wait_for_timeout(2000)
    assert caption(warm_page)[:12] == where


def test_mse_and_a_new_input_recompute_every_gradient(warm_page, live_server):
    open_page(warm_page, live_server, PAGE + "?fig-7-1.step=8")
    wait_idle(warm_page, FIGURE)
    warm_page.select_option("#fig-7-1-loss", "mse")
    x1 = warm_page.locator("#fig-7-1-x1")
    x1.focus()
    for _ in range(5):
        warm_page.keyboard.press("ArrowLeft")
    assert x1.input_value() == "0.5"
    state = copy.deepcopy(dispatch("backprop", "initial", {})["state"])
    state.update(loss="mse", x=[0.5, 2.0])
    expected = dispatch("backprop", "evaluate", {"state": state})
    warm_page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label').startsWith(text)",  # then the step shown
        arg=[FIGURE, expected["description"]],
    )
    assert_lists(warm_page, expected, 8)
    assert warm_page.evaluate("window.__nnbookMetrics.redraw.backprop.length") >= 1


def test_check_gradients_shows_tiny_relative_errors_for_every_parameter(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    warm_page.click("#fig-7-1-check")
    table = warm_page.locator(f"{FIGURE} .backprop-check-table")
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


def test_apply_update_moves_to_the_new_weights(warm_page, live_server):
    open_page(warm_page, live_server, PAGE + "?fig-7-1.step=8")
    wait_idle(warm_page, FIGURE)
    warm_page.click("#fig-7-1-apply")
    expected = dispatch("backprop", "apply", {"state": dispatch("backprop", "initial", {})["state"]})
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .backprop-stage').textContent.includes('(round 2)')")
    assert caption(warm_page).startswith("Step 1 of 9 (round 2)")
    assert_lists(warm_page, expected, 0)
    message = warm_page.locator(f"{FIGURE} .widget-message").inner_text()
    assert re.search(r"from 0\.7668 to 0\.4993", message)
    # The text and the buttons agree: back at the first step, Next is the way on, Apply waits for the end.
    assert "Press Next" in message and warm_page.locator("#fig-7-1-next").is_enabled()
    assert warm_page.locator("#fig-7-1-apply").is_disabled() and "apply another update" not in message
    assert warm_page.locator(f"{FIGURE} .widget-message").get_attribute("data-kind") == "success"


def test_three_hidden_units_switch_to_seeded_random_weights(warm_page, live_server):
    open_page(warm_page, live_server, PAGE)
    wait_idle(warm_page, FIGURE)
    warm_page.select_option("#fig-7-1-hidden", "3")
    expected = dispatch("backprop", "initial", {"hidden": 3, "weights": "random", "seed": 1, "x1": 1.0, "x2": 2.0, "y": 1,
                                                "loss": "bce", "eta": 0.5})
    warm_page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label').startsWith(text)",  # then the step shown
        arg=[FIGURE, expected["description"]],
    )
    assert warm_page.locator("#fig-7-1-weights").input_value() == "random"
    assert_lists(warm_page, expected, 0)
    warm_page.click("#fig-7-1-reseed")
    reseeded = dispatch("backprop", "initial", {"hidden": 3, "weights": "random", "seed": 2, "x1": 1.0, "x2": 2.0, "y": 1,
                                                "loss": "bce", "eta": 0.5})
    warm_page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' canvas').getAttribute('aria-label').startsWith(text)",  # then the step shown
        arg=[FIGURE, reseeded["description"]],
    )
    assert_lists(warm_page, reseeded, 0)


