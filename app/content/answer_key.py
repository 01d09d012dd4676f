"""The answer key of a chapter's self-check questions, printed at the chapter's end.

On screen a quiz answers when the reader checks it (static/js/quiz.js); on paper
nothing can, so each page carries (``Page.answer_key``, placed after its text by
the templates) a ``<section class="answer-key" hidden>`` that only the print
stylesheet (static/css/print.css) shows: per
question its number (the same counter print.css writes before the question),
the answer (the choice's letter and text, or the number and its tolerance) and
the explanation. The quiz directive records each question in the render ``env``
as it renders it; :func:`answer_key_html` turns the list into the section.
"""

from __future__ import annotations

import string


def remember_quiz(env: dict | None, options: dict, md) -> None:
    """Record an already validated quiz (render_quiz checked it) for the page's answer key."""
    if env is None:
        return
    if "choices" in options:
        index = int(options["answer"])
        answer = f'<span class="answer-key-letter">{string.ascii_lowercase[index]})</span> ' + md.renderInline(str(options["choices"][index]))
    else:
        value = options["answer_number"]
        answer = str(value)  # as the author wrote it: 0.0009765625, not a rounded 0.000976562
        if options.get("tolerance"):
            answer += f" (± {options['tolerance']})"
    env.setdefault("quizzes", []).append({
        "question": md.renderInline(str(options["question"])),
        "answer": answer,
        "explanation": md.renderInline(str(options["explanation"])),
    })


def answer_key_html(env: dict) -> str:
    """The page's answer key, or "" for a page without questions."""
    quizzes = env.get("quizzes") or []
    if not quizzes:
        return ""
    items = "\n".join(
        f'<li><p class="answer-key-question">{q["question"]}</p>'
        f'<p class="answer-key-answer"><strong>Answer:</strong> {q["answer"]}</p>'
        f'<p class="answer-key-explanation">{q["explanation"]}</p></li>'
        for q in quizzes)
    return ('<section class="answer-key" hidden>\n<h2 class="answer-key-title">Answers to the self-check questions</h2>\n'
            f'<ol class="answer-key-list">\n{items}\n</ol>\n</section>\n')
