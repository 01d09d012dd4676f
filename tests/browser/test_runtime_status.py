"""The header says what the figures' engine is doing in a learner's words, with a bar only while it loads."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import engine_download_held, wait_live

LABEL = "#runtime-status .runtime-label"
TECHNICAL = re.compile(r"python|numpy|pyodide|wasm|worker", re.I)


@pytest.mark.browser
def test_status_words_while_starting_and_when_live(page, live_server):
    with engine_download_held(page):
        page.goto(live_server + "/chapters/perceptron")
        # Held before the engine arrives: the status is one of the loading phases.
        page.wait_for_function("() => (document.querySelector('#runtime-status')?.dataset.state) === 'loading'", timeout=30_000)
        label = page.locator(LABEL).inner_text()
        assert label.startswith("Figures: ") and not TECHNICAL.search(label), label
        assert page.locator("#runtime-status progress").is_visible()
    wait_live(page)
    page.wait_for_function("() => document.querySelector('#runtime-status').dataset.state === 'ready'", timeout=30_000)
    assert page.locator(LABEL).inner_text() == "Figures: live in your browser"
    assert not page.locator("#runtime-status progress").is_visible()
