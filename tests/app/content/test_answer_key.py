"""The answer key a page carries for print (app/content/answer_key.py)."""

from __future__ import annotations

import re

from app.content.book import render_page
from app.content.markdown_setup import make_markdown

PAGE = """---
title: Quizzes
summary: Two questions.
---

Some text.

```{quiz}
id: t-q1
question: Which is *even*?
choices: ["1", "2", "$3$"]
answer: 1
explanation: Two is divisible by two.
```

```{quiz}
id: t-q2
question: What is $0.25^5$?
answer_number: 0.0009765625
tolerance: 0.0000001
explanation: A quarter, five times.
```
"""


def render(tmp_path, source):
    path = tmp_path / "content" / "01-quizzes.md"
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    return render_page(path, path.parent, make_markdown(), number=1, slug="quizzes")


def test_the_key_follows_the_text_and_answers_each_question_in_order(tmp_path):
    page = render(tmp_path, PAGE)
    assert page.html.count('<form class="quiz"') == 2 and "answer-key" not in page.html  # the text stays the text
    key = page.answer_key
    assert key.startswith('<section class="answer-key" hidden>')
    items = re.findall(r"<li>(.*?)</li>", key, re.S)
    assert len(items) == 2
    assert "Which is <em>even</em>?" in items[0]
    assert '<span class="answer-key-letter">b)</span> 2' in items[0]  # choice 1 is the second: b)
    assert "Two is divisible by two." in items[0]
    assert "0.0009765625 (± 1e-07)" in items[1]  # the number as written, not rounded
    assert '<span class="math inline">0.25^5</span>' in items[1]  # math is typeset with the page


def test_the_key_is_not_reading_text_and_a_page_without_questions_has_none(tmp_path):
    page = render(tmp_path, PAGE)
    assert "Answers to the self-check questions" not in page.text
    plain = render(tmp_path / "other", "---\ntitle: T\nsummary: S.\n---\n\nNo questions.\n")
    assert plain.answer_key == ""
