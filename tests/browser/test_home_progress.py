"""The home page: a live teaser figure, and the reader's progress (chapters opened, quiz scores)
kept in this browser only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_width, open_page, wait_live


def _answer(page, quiz_id, label, *, reveal=False):
    quiz = page.locator(f'form.quiz[data-quiz-id="{quiz_id}"]')
    quiz.get_by_label(label).check()
    quiz.get_by_role("button", name="Check").click()
    expect(quiz.locator(".quiz-verdict")).not_to_have_text("")
    if reveal:
        quiz.get_by_role("button", name="Show answer").click()
        expect(quiz.locator(".quiz-answer")).to_be_visible()


@pytest.mark.browser
@pytest.mark.without_runtime
def test_home_shows_chapters_opened_and_quiz_scores(page, live_server):
    page.goto(live_server + "/")
    history = page.locator('li[data-progress-for="history"]')
    expect(history.locator(".chapter-progress")).to_have_text("")  # a new reader has no progress

    page.goto(live_server + "/chapters/history")
    page.wait_for_selector('form.quiz[data-quiz-id="history-q1"][data-quiz-ready="true"]')
    _answer(page, "history-q1", "The XOR problem")  # right
    _answer(page, "history-q2", "The XOR problem", reveal=True)  # wrong, then revealed: not a score

    page.goto(live_server + "/")
    expect(history.locator(".chapter-progress")).to_have_text("✓ Opened · Quiz: 1 of 4 right")
    expect(history).to_have_class("is-opened")
    expect(page.locator('li[data-progress-for="perceptron"] .chapter-progress')).to_have_text("")
    # chapters with figures say so in words
    expect(page.locator('li[data-progress-for="perceptron"] .chapter-live')).to_contain_text("live figure")


@pytest.mark.browser
@pytest.mark.without_runtime
def test_a_chapter_reached_by_instant_navigation_counts_as_opened(page, live_server):
    page.goto(live_server + "/chapters/history")
    page.locator("nav.book-nav a", has_text="6. Loss Functions").click()
    page.wait_for_url("**/chapters/loss-functions")
    page.locator("header a", has_text="Contents").click()
    page.wait_for_url("**/#contents")
    expect(page.locator('li[data-progress-for="loss-functions"] .chapter-progress')).to_have_text("✓ Opened")
    expect(page.locator('li[data-progress-for="history"] .chapter-progress')).to_have_text("✓ Opened")


@pytest.mark.browser
def test_home_opens_with_a_live_figure_and_begin_points_to_chapter_one(warm_page, live_server):
    # On the warm tab (the home page's own boot in a fresh tab is the CSP test's full load of "/").
    page = warm_page
    open_page(page, live_server, "/")
    begin = page.get_by_role("link", name="Begin Learning")
    assert begin.get_attribute("href") == "/chapters/history"
    assert "↓" not in begin.inner_text()
    wait_live(page, "figure#teaser")
    figure = page.locator("figure#teaser")
    epoch_before = figure.inner_text()
    figure.get_by_role("button", name="Step").click()
    page.wait_for_function("(before) => document.querySelector('figure#teaser').innerText !== before", arg=epoch_before,
                           timeout=30_000)


@pytest.mark.browser
def test_the_teaser_fits_a_phone(warm_page, live_server):
    page = warm_page
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, live_server, "/")
    wait_live(page, "figure#teaser")
    assert_fits_width(page, "figure#teaser", 360)
    begin = page.get_by_role("link", name="Begin Learning").bounding_box()
    assert begin["y"] + begin["height"] <= 740, "Begin Learning is on the first screen"
