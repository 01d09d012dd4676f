"""Self-check quizzes in real Chromium: feedback, explanation, memory across reloads.

Uses the history chapter (quizzes, no widgets, so no Pyodide start-up). The
right answers are known from the chapter's content, not read from the page:
the XOR problem is the emblem of the first AI winter, and a McCulloch-Pitts
AND of two unit-weight inputs needs the threshold 2.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

CHAPTER = "/chapters/history"
CHOICE = 'form.quiz[data-quiz-id="history-q1"]'
NUMBER = 'form.quiz[data-quiz-id="history-q4"]'
# The chapter's timeline figure would boot Pyodide at every load and reload; no quiz needs it.
pytestmark = pytest.mark.without_runtime


def open_chapter(page, live_server):
    page.goto(live_server + CHAPTER)
    # quiz.js marks each form it has wired
    page.wait_for_selector(f'{CHOICE}[data-quiz-ready="true"]')


def stored(page, quiz_id):
    return page.evaluate(f"JSON.parse(localStorage.getItem('nnbook.quiz.{quiz_id}'))")


@pytest.mark.browser
def test_choice_quiz_gives_feedback_and_remembers_the_answer(page, live_server):
    open_chapter(page, live_server)
    quiz = page.locator(CHOICE)
    verdict = quiz.locator(".quiz-verdict")
    explanation = quiz.locator(".quiz-explanation")
    expect(explanation).to_be_hidden()
    expect(quiz.get_by_role("button", name="Show answer")).to_be_hidden()

    quiz.get_by_role("button", name="Check").click()
    expect(verdict).to_have_text("Choose an answer first.")
    assert stored(page, "history-q1") is None

    quiz.get_by_label("Vanishing gradients").check()
    quiz.get_by_role("button", name="Check").click()
    expect(verdict).to_contain_text("Not quite")
    expect(verdict).to_contain_text("Try again")
    # a wrong try keeps the explanation (and the answer) back, and offers to show it
    expect(explanation).to_be_hidden()
    expect(quiz.locator(".quiz-answer")).to_be_hidden()
    expect(quiz.get_by_role("button", name="Show answer")).to_be_visible()
    wrong = quiz.locator(".quiz-choice.is-wrong")
    expect(wrong).to_have_count(1)
    expect(wrong.locator(".quiz-mark")).to_contain_text("not this")  # words, not only colour
    expect(quiz).to_have_class(re.compile(r"\bquiz--incorrect\b"))
    assert stored(page, "history-q1")["correct"] is False

    # changing the choice clears the stale verdict until the next check
    quiz.get_by_label("The XOR problem").check()
    expect(verdict).to_have_text("")
    quiz.get_by_role("button", name="Check").click()
    expect(verdict).to_contain_text("Correct")
    expect(quiz.locator(".quiz-choice.is-correct")).to_contain_text("The XOR problem")
    expect(explanation).to_be_visible()
    assert stored(page, "history-q1")["correct"] is True

    page.reload()
    page.wait_for_selector(f'{CHOICE}[data-quiz-ready="true"]')
    quiz = page.locator(CHOICE)
    expect(quiz.get_by_label("The XOR problem")).to_be_checked()
    expect(quiz.locator(".quiz-verdict")).to_contain_text("Correct")
    expect(quiz.locator(".quiz-explanation")).to_be_visible()

    quiz.get_by_role("button", name="Reset").click()
    expect(quiz.get_by_label("The XOR problem")).not_to_be_checked()
    expect(quiz.locator(".quiz-verdict")).to_have_text("")
    expect(quiz.locator(".quiz-explanation")).to_be_hidden()
    assert stored(page, "history-q1") is None
    page.reload()
    page.wait_for_selector(f'{CHOICE}[data-quiz-ready="true"]')
    expect(page.locator(CHOICE).locator("input:checked")).to_have_count(0)


@pytest.mark.browser
def test_numeric_quiz_accepts_the_number_and_rejects_others(page, live_server):
    open_chapter(page, live_server)
    quiz = page.locator(NUMBER)
    field = quiz.get_by_label("Your answer")
    verdict = quiz.locator(".quiz-verdict")

    field.fill("two")
    quiz.get_by_role("button", name="Check").click()
    expect(verdict).to_contain_text("not a number")
    assert stored(page, "history-q4") is None

    field.fill("1")
    field.press("Enter")  # submitting the form checks it, like the button
    expect(verdict).to_contain_text("Not quite")
    expect(quiz.locator(".quiz-number.is-wrong")).to_have_count(1)
    expect(quiz.locator(".quiz-explanation")).to_be_hidden()

    field.fill(" 2.0 ")
    quiz.get_by_role("button", name="Check").click()
    expect(verdict).to_contain_text("Correct")
    expect(quiz.locator(".quiz-explanation")).to_contain_text("fires for (1, 1) alone")

    page.reload()
    page.wait_for_selector(f'{NUMBER}[data-quiz-ready="true"]')
    expect(page.locator(NUMBER).get_by_label("Your answer")).to_have_value(" 2.0 ")
    expect(page.locator(NUMBER).locator(".quiz-verdict")).to_contain_text("Correct")


@pytest.mark.browser
def test_math_in_a_revealed_explanation_is_typeset(page, live_server):
    """The explanation is in the page from the start, so the server typesets it with the rest."""
    open_chapter(page, live_server)
    page.wait_for_function("() => document.documentElement.dataset.math === 'done'")
    quiz = page.locator(NUMBER)
    quiz.get_by_label("Your answer").fill("2")
    quiz.get_by_role("button", name="Check").click()
    expect(quiz.locator(".quiz-explanation math")).to_have_count(1)


@pytest.mark.browser
def test_show_answer_after_a_wrong_try_reveals_it_and_survives_a_reload(page, live_server):
    open_chapter(page, live_server)
    quiz = page.locator(CHOICE)
    quiz.get_by_label("Vanishing gradients").check()
    quiz.get_by_role("button", name="Check").click()
    quiz.get_by_role("button", name="Show answer").click()
    expect(quiz.locator(".quiz-answer")).to_have_text("The answer: The XOR problem")
    expect(quiz.locator(".quiz-choice.is-answer")).to_contain_text("The XOR problem")
    expect(quiz.locator(".quiz-explanation")).to_contain_text("not linearly separable")
    expect(quiz.get_by_role("button", name="Show answer")).to_be_hidden()
    expect(quiz.locator(".quiz-verdict")).to_have_text("✗ Not quite.")  # no "try again" once it is shown
    record = stored(page, "history-q1")
    assert record["revealed"] is True and record["correct"] is False

    page.reload()
    page.wait_for_selector(f'{CHOICE}[data-quiz-ready="true"]')
    quiz = page.locator(CHOICE)
    expect(quiz.get_by_label("Vanishing gradients")).to_be_checked()
    expect(quiz.locator(".quiz-answer")).to_be_visible()
    expect(quiz.locator(".quiz-explanation")).to_be_visible()

    # the numeric quiz states its number
    number = page.locator(NUMBER)
    number.get_by_label("Your answer").fill("3")
    number.get_by_role("button", name="Check").click()
    number.get_by_role("button", name="Show answer").click()
    expect(number.locator(".quiz-answer")).to_have_text("The answer: 2")
