"""Chapter 9's data-hunger sweep in real Chromium: run as a server job, drawn with words that match the result."""

from __future__ import annotations

import pytest

from .test_digits_cnn import fresh_server  # noqa: F401  (the book with an empty job cache)

PAGE = "/chapters/strengths-and-limits"
FIGURE = 'figure.widget[data-widget="training-sweep"]'


# The sweep is a server job: no browser engine is needed, and this server's origin (its own port) has no
# cached, compiled Pyodide, so a boot here would download and compile it from scratch beside the sweep.
@pytest.mark.without_runtime
def test_the_data_hunger_sweep_runs_on_the_server_and_is_drawn(page, fresh_server):  # noqa: F811
    page.goto(fresh_server + PAGE)
    figure = page.locator(FIGURE).first
    figure.locator("button[id$='-run']").wait_for()
    figure.locator("input[id$='-epochs']").fill("5")
    figure.locator("input[id$='-repeats']").fill("1")
    figure.locator("button[id$='-run']").click()
    page.wait_for_selector(f'{FIGURE}[data-swept="true"]', timeout=90_000)
    assert figure.locator(".job-panel").get_attribute("data-state") == "done"
    legend = figure.locator(".sweep-legend").inner_text()
    assert legend.startswith("Blue: training error; orange: test error on 450 held-out images")
    assert "With 20 training images the test error is" in legend
    assert page.locator(FIGURE).count() == 2  # the data-hunger and the capacity sweep
