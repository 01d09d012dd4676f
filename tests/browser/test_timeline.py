"""The timeline in real Chromium: its events are the chapter's table rows, the year slider picks the
engine's milestone, and a milestone's link leads to the section that teaches it."""

from __future__ import annotations

import pytest

from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, open_figure

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="timeline"]'
PAGE = "/chapters/history"


def test_the_year_slider_picks_the_engines_milestone_and_its_link_leads_to_the_chapter(warm_page, live_server):
    figure = open_figure(warm_page, live_server, PAGE, FIGURE)
    first = dispatch("timeline", "initial", directive_options(warm_page, FIGURE))
    # One source: the page lists exactly the engine's milestones, taken from the chapter's table.
    assert figure.locator(".timeline-list li").count() == len(first["milestones"])
    figure.get_by_label("year", exact=True).focus()
    warm_page.keyboard.press("End")  # 2017
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE} .widget-alt').textContent.includes('In 2017')")
    expected = dispatch("timeline", "view", {**directive_options(warm_page, FIGURE), "year": 2017, "events": first["events"]})
    assert figure.locator(".widget-alt").inner_text() == expected["description"]
    chosen = expected["events"][expected["selected"]]
    link = figure.locator(".timeline-detail a")
    assert link.get_attribute("href") == chosen["href"] == "/chapters/beyond-the-basics#transformers-and-self-attention"
    link.click()
    warm_page.wait_for_url("**/chapters/beyond-the-basics#transformers-and-self-attention")
    assert warm_page.locator("#transformers-and-self-attention").is_visible()
