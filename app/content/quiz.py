"""```{quiz}: a self-check question that works in the reader's browser alone.

A chapter writes a fenced block of YAML; the pipeline hands the parsed mapping
to :func:`render_quiz`, which validates it strictly (a typo must stop the
build, not silently produce a quiz that marks every answer wrong) and returns
an accessible form. ``static/js/quiz.js`` wires the form: it only compares the
reader's choice with ``data-answer`` (or a number with ``data-answer`` within
``data-tolerance``); no mathematics lives in JavaScript.

Two kinds of question::

    id: perceptron-q1                 # unique across the book
    question: Which gate ...?         # inline Markdown and $math$
    choices: [AND, OR, NOT, XOR]      # at least two, all different
    answer: 3                         # 0-based index into choices
    explanation: XOR is not ...       # shown with a right answer, or after "Show answer"

    id: activations-q2
    question: What is the largest value of the sigmoid's derivative?
    answer_number: 0.25
    tolerance: 0.001                  # optional, absolute
    explanation: ...

A numeric answer ``x`` is accepted when ``|x - answer| <= max(tolerance,
1e-9 * |answer|)``: without ``tolerance`` the check is relative (1e-9, enough
to forgive decimal round-off, nothing more); with it, the author states how
far a reader's rounding may go.
"""

from __future__ import annotations

import math
import re
from html import escape

from .errors import DirectiveError

CHOICE_KEYS = {"id", "question", "choices", "answer", "explanation"}
NUMBER_KEYS = {"id", "question", "answer_number", "tolerance", "explanation"}
KNOWN_KEYS = CHOICE_KEYS | NUMBER_KEYS
DEFAULT_RELATIVE_TOLERANCE = 1e-9
# The id becomes part of HTML ids and of a localStorage key, so keep it plain.
QUIZ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def _is_number(value) -> bool:
    # YAML turns `yes`/`true` into booleans, and bool is an int subclass.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _required_text(options: dict, key: str, location: str) -> str:
    value = options.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DirectiveError(location, f"quiz needs a non-empty text {key!r} (got {value!r}); quote it if YAML read it as something else")
    return value.strip()


def _validate_id(options: dict, location: str) -> str:
    quiz_id = options.get("id")
    if not isinstance(quiz_id, str) or not QUIZ_ID.match(quiz_id):
        raise DirectiveError(location, f"quiz 'id' must be letters, digits, '-' or '_' (e.g. perceptron-q1), got {quiz_id!r}")
    return quiz_id


def _validate_choices(options: dict, location: str) -> tuple[list[str], int]:
    choices = options.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        raise DirectiveError(location, "quiz 'choices' must be a list of at least two answers")
    texts = []
    for i, choice in enumerate(choices):
        if isinstance(choice, bool) or choice is None or isinstance(choice, (list, dict)):
            raise DirectiveError(location, f"quiz choice {i} is {choice!r}; write it as text (quote yes/no/true/false/null)")
        text = str(choice).strip()
        if not text:
            raise DirectiveError(location, f"quiz choice {i} is empty")
        texts.append(text)
    if len(set(texts)) != len(texts):
        raise DirectiveError(location, "quiz 'choices' contains the same answer twice")
    answer = options.get("answer")
    if not isinstance(answer, int) or isinstance(answer, bool):
        raise DirectiveError(location, f"quiz 'answer' must be the 0-based index of the right choice, got {answer!r}")
    if not 0 <= answer < len(texts):
        raise DirectiveError(location, f"quiz 'answer' {answer} is out of range: there are {len(texts)} choices (0 to {len(texts) - 1})")
    return texts, answer


def _validate_number(options: dict, location: str) -> tuple[float, float]:
    """Return (answer, absolute tolerance the browser compares against)."""
    answer = options.get("answer_number")
    if not _is_number(answer) or not math.isfinite(answer):
        raise DirectiveError(location, f"quiz 'answer_number' must be a finite number, got {answer!r}")
    tolerance = options.get("tolerance", 0.0)
    if not _is_number(tolerance) or not math.isfinite(tolerance) or tolerance < 0:
        raise DirectiveError(location, f"quiz 'tolerance' must be a number >= 0, got {tolerance!r}")
    return float(answer), max(float(tolerance), DEFAULT_RELATIVE_TOLERANCE * abs(float(answer)))


def _validate_shape(options: dict, location: str) -> str:
    """Decide the kind ('choice' or 'number') and reject stray or mixed keys."""
    if not isinstance(options, dict):
        raise DirectiveError(location, "quiz options must be a YAML mapping")
    unknown = sorted(str(k) for k in options if k not in KNOWN_KEYS)
    if unknown:
        raise DirectiveError(location, f"unknown quiz key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(KNOWN_KEYS))}")
    has_choice = "choices" in options or "answer" in options
    has_number = "answer_number" in options or "tolerance" in options
    if has_choice and has_number:
        raise DirectiveError(location, "a quiz is either multiple choice (choices + answer) or numeric (answer_number [+ tolerance]), not both")
    if not has_choice and not has_number:
        raise DirectiveError(location, "quiz needs either 'choices' + 'answer' or 'answer_number'")
    return "choice" if has_choice else "number"


def _number_attr(value: float) -> str:
    # repr round-trips a float exactly, and JavaScript's Number() parses it.
    return repr(float(value))


def _number_text(value: float) -> str:
    # 2.0 reads as "2" to a reader; other numbers as the author wrote them.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def render_quiz(options: dict, location: str, md) -> str:
    """Validate a quiz's YAML options and return its HTML form.

    ``location`` ("content/file.md:LINE") names the block in every error;
    ``md`` is the book's MarkdownIt, used for the inline Markdown and math of
    the question, the choices and the explanation.
    """
    kind = _validate_shape(options, location)
    quiz_id = _validate_id(options, location)
    question = _required_text(options, "question", location)
    explanation = _required_text(options, "explanation", location)
    if kind == "choice":
        choices, answer = _validate_choices(options, location)
        answer_attrs = f'data-answer="{answer}"'
        answer_html = md.renderInline(choices[answer])
    else:
        answer_value, tolerance = _validate_number(options, location)
        answer_attrs = f'data-answer="{_number_attr(answer_value)}" data-tolerance="{_number_attr(tolerance)}"'
        answer_html = escape(_number_text(answer_value))

    explanation_html = md.renderInline(explanation)
    field_name = f"quiz-{quiz_id}"
    parts = [
        f'<form class="quiz" data-quiz-id="{escape(quiz_id)}" data-quiz-kind="{kind}" {answer_attrs} '
        f'data-explanation="{escape(explanation_html, quote=True)}" novalidate>',
        "<fieldset>",
        f'<legend class="quiz-question">{md.renderInline(question)}</legend>',
    ]
    if kind == "choice":
        parts.append('<div class="quiz-choices">')
        for i, choice in enumerate(choices):
            input_id = f"{field_name}-{i}"
            parts.append(
                f'<div class="quiz-choice"><input type="radio" name="{field_name}" id="{input_id}" value="{i}">'
                f'<label for="{input_id}">{md.renderInline(choice)}</label>'
                '<span class="quiz-mark" aria-hidden="true"></span></div>'
            )
        parts.append("</div>")
    else:
        input_id = f"{field_name}-value"
        # type="text" + inputmode: a number input would hide what the reader typed
        # (e.g. "0,25") behind an empty value; quiz.js parses it and says what it read.
        parts.append(
            f'<div class="quiz-number"><label for="{input_id}">Your answer</label> '
            f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" name="{field_name}" id="{input_id}">'
            '<span class="quiz-mark" aria-hidden="true"></span></div>'
        )
    parts += [
        '<div class="quiz-actions">'
        '<button type="submit" class="quiz-check">Check</button> '
        # Offered by quiz.js only after a wrong try: the reader tries again first.
        '<button type="button" class="quiz-show" hidden>Show answer</button> '
        '<button type="button" class="quiz-reset">Reset</button></div>',
        '<div class="quiz-feedback" aria-live="polite">'
        '<p class="quiz-verdict"></p>'
        f'<p class="quiz-answer" hidden>The answer: {answer_html}</p>'
        # Rendered here (not only in data-explanation) so the server typesets its math
        # with the rest of the page; quiz.js reveals it after a check.
        f'<p class="quiz-explanation" hidden>{explanation_html}</p>'
        "</div>",
        "</fieldset>",
        "</form>",
    ]
    return "\n".join(parts) + "\n"
