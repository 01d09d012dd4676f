"""The timeline in real Chromium: its events are the chapter's table rows, the year slider picks the
engine's milestone, and a milestone's link leads to the section that teaches it."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="timeline"]'
PAGE = "/chapters/history"


def test_the_year_slider_picks_the_engines_milestone_and_its_link_leads_to_the_chapter(page, live_server):
    page.goto(live_server + PAGE)
    wait_live(page, FIGURE)
    figure = page.locator(FIGURE)
    first = dispatch("timeline", "initial", directive_options(page, FIGURE))
    # One source: the page lists exactly the engine's milestones, taken from the chapter's table.
    assert figure.locator(".timeline-list li").count() == len(first["milestones"])
    figure.get_by_label("year", exact=True).focus()
    page.keyboard.press("End")  # 2017
    page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('In 2017')")
    expected = dispatch("timeline", "view", {**directive_options(page, FIGURE), "year": 2017, "events": first["events"]})
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    chosen = expected["events"][expected["selected"]]
    link = figure.locator(".timeline-detail a")
    assert link.get_attribute("href") == chosen["href"] == "/chapters/beyond-the-basics#transformers-and-self-attention"
    link.click()
    page.wait_for_url("**/chapters/beyond-the-basics#transformers-and-self-attention")
    assert page.locator("#transformers-and-self-attention").is_visible()
