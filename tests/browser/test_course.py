"""A course folder served by `nnbook serve DIR`, in real Chromium: presets, hidden and locked controls."""

from __future__ import annotations

import json

import pytest

from app import cli
from app.local_server import serve_process
from engine.widgets.protocol import dispatch
from tests.browser.helpers import wait_live

pytestmark = pytest.mark.browser

LAB = """---
title: Perceptron lab
summary: Two perceptrons set up for a lab.
---

## Preset, learning rate hidden

```{widget} perceptron
w1: 1.25
eta: 0.05
hide: [eta]
caption: Learning rate fixed at 0.05 for this lab.
```

## Data set locked

```{widget} perceptron
lock: {dataset: or}
```
"""
HIDDEN = "#fig-1-1"
LOCKED = "#fig-1-2"


@pytest.fixture(scope="module")
def course_server(tmp_path_factory):
    """`nnbook new` then `nnbook serve DIR` on a free port, with the lab chapter first."""
    folder = tmp_path_factory.mktemp("course") / "lab-course"
    assert cli.main(["new", str(folder), "--title", "Perceptron Lab"]) == 0
    (folder / "lab.md").write_text(LAB)
    toml = folder / "book.toml"
    toml.write_text(toml.read_text().replace('  "welcome",', '  "lab",\n  "welcome",', 1))
    with serve_process(args=(str(folder),)) as (url, _process):
        yield url


@pytest.mark.without_runtime
def test_the_course_is_served_with_its_own_title_and_chapter_first(page, course_server):
    page.goto(course_server + "/")
    assert "Perceptron Lab" in page.title()
    assert page.locator('a[data-chapter]').first.get_attribute("href") == "/chapters/lab"


def test_a_preset_a_hidden_control_and_a_locked_option_that_a_link_cannot_change(page, course_server):
    """Both figures of the lab chapter on one visit (one Pyodide boot); the link sets options of the
    locked figure only."""
    page.goto(course_server + f"/chapters/lab?fig-1-2.dataset=separable&fig-1-2.w1=2")
    a_preset_shows_its_value_and_a_hidden_control_is_not_shown(page)
    a_locked_option_is_shown_disabled_and_a_link_cannot_change_it(page)


def a_preset_shows_its_value_and_a_hidden_control_is_not_shown(page):
    wait_live(page, HIDDEN)
    figure = page.locator(HIDDEN)
    assert figure.locator('.control[data-option="w1"] input').input_value() == "1.25"
    eta = figure.locator('.control[data-option="eta"]')
    assert eta.count() == 1 and not eta.is_visible()  # the mount holds it (and its value), the reader sees none
    assert figure.locator('.control[data-option="w2"]').is_visible()
    assert figure.locator('.control[data-option="dataset"]').is_visible()
    assert "Learning rate fixed at 0.05 for this lab." in figure.locator("figcaption").inner_text()
    # The hidden learning rate still drives training: one Step is the engine's step at η = 0.05.
    config = json.loads(figure.get_attribute("data-config"))
    initial = dispatch("perceptron", "initial", config)
    expected = dispatch("perceptron", "step", {"state": initial["state"], "steps": 1})["description"]
    assert expected != initial["description"]
    figure.get_by_role("button", name="Step").click()
    page.wait_for_function("([sel, text]) => document.querySelector(sel + ' .widget-alt').textContent === text",
                           arg=[HIDDEN, expected], timeout=60_000)


def a_locked_option_is_shown_disabled_and_a_link_cannot_change_it(page):
    wait_live(page, LOCKED)
    figure = page.locator(LOCKED)
    # The link's other value is taken (so the URL was read), the locked one is not.
    page.wait_for_function("(sel) => document.querySelector(sel + ' .control[data-option=\"w1\"] input').value === '2'",
                           arg=LOCKED, timeout=60_000)
    dataset = figure.locator('.control[data-option="dataset"] select')
    assert dataset.input_value() == "or" and dataset.is_disabled()
    expected = dispatch("perceptron", "initial", {"dataset": "or", "w1": 2.0})["description"]
    page.wait_for_function("([sel, text]) => document.querySelector(sel + ' .widget-alt').textContent === text",
                           arg=[LOCKED, expected], timeout=60_000)
    assert "OR" in expected


def test_the_authoring_guides_figures_run_with_their_presets(page, live_server):
    """The guide's figures sit inside {example} blocks: they still load the runtime and go live."""
    page.goto(live_server + "/authoring")
    locked = page.locator("figure.widget[data-lock]")
    assert locked.count() == 1
    wait_live(page, "figure.widget[data-lock]")
    wait_live(page, "figure.widget:not([data-lock])")
    assert locked.locator('.control[data-option="dataset"] select').is_disabled()
    assert not locked.locator('.control[data-option="eta"]').is_visible()
    source = page.locator(".authoring-example", has=locked).locator(".example-source").inner_text()
    assert "lock: {dataset: or}" in source and "hide: [eta]" in source
