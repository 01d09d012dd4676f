"""The ```{quiz} directive: strict validation and accessible, self-contained HTML."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from app.content.errors import DirectiveError
from app.content.markdown_setup import make_markdown
from app.content.quiz import render_quiz

LOCATION = "content/02-perceptron.md:120"


@pytest.fixture(scope="module")
def md():
    return make_markdown()


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list[Element] = []
        self.text_parts: list[str] = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(self.text_parts) + "".join(c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag=None, cls=None):
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)]

    def find(self, tag=None, cls=None):
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}> in the quiz HTML"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"unbalanced </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)


def parse(fragment: str) -> Element:
    builder = TreeBuilder()
    builder.feed(fragment)
    builder.close()
    assert builder.current is builder.root, "some element was left open"
    return builder.root


CHOICE = {
    "id": "perceptron-q1",
    "question": "Which gate can a **single** perceptron NOT learn, given $\\sigma(z)$?",
    "choices": ["AND", "OR", "NOT", "XOR"],
    "answer": 3,
    "explanation": "XOR is not *linearly separable*.",
}

NUMBER = {
    "id": "activations-q2",
    "question": "What is the largest value of the sigmoid's derivative?",
    "answer_number": 0.25,
    "tolerance": 0.001,
    "explanation": "At $z = 0$: $0.5 \\times 0.5$.",
}


def test_choice_quiz_is_an_accessible_form(md):
    root = parse(render_quiz(dict(CHOICE), LOCATION, md))
    form = root.find("form", "quiz")
    assert form.attrs["data-quiz-id"] == "perceptron-q1"
    assert form.attrs["data-quiz-kind"] == "choice"
    assert form.attrs["data-answer"] == "3"
    # the question is grouped with its answers: fieldset + legend
    fieldset = form.find("fieldset")
    legend = fieldset.find("legend")
    assert legend.find("strong").text() == "single"
    math = legend.find("span", "math")
    assert math.text() == "\\sigma(z)"  # left as TeX for the typesetter
    radios = [e for e in fieldset.find_all("input") if e.attrs.get("type") == "radio"]
    assert [r.attrs["value"] for r in radios] == ["0", "1", "2", "3"]
    assert len({r.attrs["name"] for r in radios}) == 1, "one radio group per quiz"
    labels = {lab.attrs["for"]: lab.text() for lab in fieldset.find_all("label")}
    assert [labels[r.attrs["id"]] for r in radios] == ["AND", "OR", "NOT", "XOR"]
    check = [b for b in form.find_all("button") if b.text() == "Check"]
    assert check and check[0].attrs["type"] == "submit"
    assert any(b.text() == "Reset" and b.attrs["type"] == "button" for b in form.find_all("button"))
    live = [e for e in form.iter() if e.attrs.get("aria-live") == "polite"]
    assert live, "feedback must be announced to screen readers"
    # the explanation travels with the page: in a data attribute and pre-rendered (hidden)
    assert "<em>linearly separable</em>" in html.unescape(form.attrs["data-explanation"])
    explanation = form.find(cls="quiz-explanation")
    assert "hidden" in explanation.attrs
    assert explanation.find("em").text() == "linearly separable"
    assert any(explanation in list(node.iter()) for node in live)


def test_numeric_quiz_has_a_labelled_input_and_tolerance(md):
    root = parse(render_quiz(dict(NUMBER), LOCATION, md))
    form = root.find("form", "quiz")
    assert form.attrs["data-quiz-kind"] == "number"
    assert float(form.attrs["data-answer"]) == 0.25
    assert float(form.attrs["data-tolerance"]) == 0.001
    inputs = form.find_all("input")
    assert len(inputs) == 1 and inputs[0].attrs.get("type") != "radio"
    label = form.find("label")
    assert label.attrs["for"] == inputs[0].attrs["id"]
    assert not [e for e in form.iter() if e.attrs.get("type") == "radio"]


def test_numeric_default_tolerance_is_relative(md):
    options = {k: v for k, v in NUMBER.items() if k != "tolerance"}
    options["answer_number"] = 2.5e-6
    form = parse(render_quiz(options, LOCATION, md)).find("form", "quiz")
    assert float(form.attrs["data-tolerance"]) == pytest.approx(2.5e-15)
    # a stated absolute tolerance smaller than the relative floor does not tighten it
    options["tolerance"] = 0
    form = parse(render_quiz(options, LOCATION, md)).find("form", "quiz")
    assert float(form.attrs["data-tolerance"]) == pytest.approx(2.5e-15)


def test_ids_are_unique_per_quiz_so_two_quizzes_do_not_share_radios(md):
    other = dict(CHOICE, id="perceptron-q2")
    a = parse(render_quiz(dict(CHOICE), LOCATION, md))
    b = parse(render_quiz(other, LOCATION, md))
    ids_a = {e.attrs["id"] for e in a.iter() if "id" in e.attrs}
    ids_b = {e.attrs["id"] for e in b.iter() if "id" in e.attrs}
    assert ids_a and not ids_a & ids_b


def test_markup_in_the_yaml_cannot_break_out_of_attributes(md):
    options = dict(CHOICE, explanation='A "quoted" <b>tag</b> & more')
    form = parse(render_quiz(options, LOCATION, md)).find("form", "quiz")
    assert form.attrs["data-quiz-id"] == "perceptron-q1"
    assert "quoted" in form.attrs["data-explanation"]
    assert form.attrs["data-answer"] == "3"


def test_the_fence_directive_reaches_render_quiz(md):
    source = (
        "Intro.\n\n"
        "```{quiz}\n"
        "id: ch-q1\n"
        "question: Pick $b$.\n"
        "choices: ['$a$', '$b$']\n"
        "answer: 1\n"
        "explanation: It is $b$.\n"
        "```\n"
    )
    root = parse(md.render(source, {"path": "content/x.md"}))
    form = root.find("form", "quiz")
    assert form.attrs["data-answer"] == "1"
    labels = form.find_all("label")
    assert [lab.find("span", "math").text() for lab in labels] == ["a", "b"]


MALFORMED = [
    ("missing id", {k: v for k, v in CHOICE.items() if k != "id"}, "id"),
    ("id with spaces", dict(CHOICE, id="my quiz"), "id"),
    ("id not text", dict(CHOICE, id=7), "id"),
    ("missing question", {k: v for k, v in CHOICE.items() if k != "question"}, "question"),
    ("empty question", dict(CHOICE, question="   "), "question"),
    ("missing explanation", {k: v for k, v in CHOICE.items() if k != "explanation"}, "explanation"),
    ("unknown key", dict(CHOICE, hint="think"), "hint"),
    ("misspelt key", dict(NUMBER, tolerence=0.1), "tolerence"),
    ("one choice", dict(CHOICE, choices=["XOR"], answer=0), "at least two"),
    ("choices not a list", dict(CHOICE, choices="AND, OR"), "list"),
    ("answer out of range", dict(CHOICE, answer=4), "out of range"),
    ("negative answer", dict(CHOICE, answer=-1), "out of range"),
    ("answer as text", dict(CHOICE, answer="XOR"), "index"),
    ("answer as bool", dict(CHOICE, answer=True), "index"),
    ("missing answer", {k: v for k, v in CHOICE.items() if k != "answer"}, "index"),
    ("answer without choices", {k: v for k, v in CHOICE.items() if k != "choices"}, "list"),
    ("yaml boolean choice", dict(CHOICE, choices=[True, False], answer=0), "quote"),
    ("duplicate choices", dict(CHOICE, choices=["AND", "AND"], answer=0), "twice"),
    ("both kinds", dict(CHOICE, answer_number=1.0), "not both"),
    ("neither kind", {"id": "x", "question": "Q?", "explanation": "E."}, "either"),
    ("number as text", dict(NUMBER, answer_number="0.25"), "answer_number"),
    ("number not finite", dict(NUMBER, answer_number=float("nan")), "finite"),
    ("negative tolerance", dict(NUMBER, tolerance=-0.1), "tolerance"),
    ("tolerance without number", {k: v for k, v in CHOICE.items()} | {"tolerance": 0.1}, "not both"),
]


@pytest.mark.parametrize("options, needle", [(o, n) for _, o, n in MALFORMED], ids=[name for name, _, _ in MALFORMED])
def test_malformed_quiz_raises_with_location(md, options, needle):
    with pytest.raises(DirectiveError) as info:
        render_quiz(options, LOCATION, md)
    assert info.value.location == LOCATION
    assert needle in info.value.reason


def test_not_a_mapping_raises(md):
    with pytest.raises(DirectiveError) as info:
        render_quiz(["id", "question"], LOCATION, md)
    assert info.value.location == LOCATION


def test_a_bad_quiz_in_a_chapter_names_its_file_and_line(md):
    source = "Para.\n\nMore.\n\n```{quiz}\nid: q\nquestion: Q?\nchoices: [a, b]\nanswer: 2\nexplanation: E.\n```\n"
    with pytest.raises(DirectiveError) as info:
        md.render(source, {"path": "content/03-architecture.md"})
    assert info.value.location == "content/03-architecture.md:5"


def test_every_quiz_in_the_book_builds_and_ids_are_unique(book):
    """Each reader's answer is stored under its quiz id, so two quizzes must never share one."""
    import re

    ids = [quiz_id for page in [*book.chapters, *book.pages.values()]
           for quiz_id in re.findall(r'<form class="quiz" data-quiz-id="([^"]+)"', page.html)]
    assert ids, "the book has no quizzes at all"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"quiz ids used twice: {duplicates}"


def test_the_answer_waits_hidden_behind_a_show_answer_button(md):
    """A wrong try must not give the answer away: the button and the answer line start hidden."""
    for options, answer_text in ((CHOICE, "XOR"), (NUMBER, "0.25")):
        form = parse(render_quiz(dict(options), LOCATION, md)).find("form", "quiz")
        show = [b for b in form.find_all("button") if b.text() == "Show answer"]
        assert len(show) == 1 and show[0].attrs["type"] == "button" and "hidden" in show[0].attrs
        answer = form.find(cls="quiz-answer")
        assert "hidden" in answer.attrs
        assert answer.text() == f"The answer: {answer_text}"
