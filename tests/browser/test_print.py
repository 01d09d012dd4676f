"""Printing: the print stylesheet on a chapter (print emulation), and the whole book as a PDF.

Chapter 7 has everything paper must handle: figures drawn on canvas and SVG, collapsed
solutions, multiple-choice and numeric questions, and links to other chapters.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from pypdf import PdfReader

from app.content.course import book_chapter_slugs
from app.local_server import serve_process
from app.print_pdf import READY, print_book_pdf

pytestmark = pytest.mark.browser

DRAWN = "() => [...document.querySelectorAll('figure.widget')].every((f) => f.dataset.status !== 'static')"


def visible(locator) -> bool:
    # checkVisibility: a closed <details> hides its content with content-visibility: hidden, under which
    # a box can still have a size (any script that measures it lays it out), so the size alone cannot tell.
    return locator.evaluate("""(e) => { const r = e.getBoundingClientRect();
        return e.checkVisibility({ visibilityProperty: true }) && r.width > 0 && r.height > 0; }""")


@pytest.mark.without_runtime  # the first frames print; no live engine is needed
def test_a_chapter_prints_its_solutions_open_and_its_answer_key(page, live_server):
    page.goto(live_server + "/chapters/backpropagation")
    page.wait_for_function(DRAWN, timeout=60_000)
    solution = page.locator("details.solution").first
    body = solution.locator("p").first
    assert not visible(body), "on screen a solution starts collapsed"
    key = page.locator("section.answer-key")
    assert not visible(key), "on screen the answer key is hidden"

    page.emulate_media(media="print")
    assert solution.get_attribute("open") is None  # still closed: the stylesheet alone shows it
    assert visible(body)
    assert visible(key)
    quizzes = page.locator("form.quiz")
    answers = key.locator("li")
    assert answers.count() == quizzes.count() >= 2
    # Each entry answers its question: the lettered choice matches the quiz's data-answer.
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        entry = answers.nth(i).inner_text()
        if quiz.get_attribute("data-quiz-kind") == "choice":
            index = int(quiz.get_attribute("data-answer"))
            choice = quiz.locator(".quiz-choice label").nth(index).inner_text().strip()
            assert f"{'abcdefgh'[index]})" in entry, entry
            assert choice.split("\n")[0][:12].strip() in entry.replace("\n", " ") or "<math" in quiz.inner_html()
        else:
            assert quiz.get_attribute("data-answer") in entry
    # Questions are numbered as the key numbers them; buttons and feedback do not print.
    label = page.evaluate("() => getComputedStyle(document.querySelector('form.quiz .quiz-question'), '::before').content")
    assert label.startswith('"Question ')
    assert not visible(quizzes.first.locator(".quiz-check"))

    # No header, navigation or search; links say where they lead.
    for chrome in ("header.site-header", "nav.book-nav", "nav.prev-next", "form.site-search"):
        assert not visible(page.locator(chrome).first), chrome
    after = page.evaluate("() => getComputedStyle(document.querySelector('.chapter-body a[href^=\"/chapters/\"]'), '::after').content")
    assert "/chapters/" in after

    # Figures: the drawing and the caption print, the controls do not.
    figure = page.locator("figure.widget").first
    drawing = figure.locator("canvas, svg").first
    assert visible(drawing)
    assert visible(figure.locator("figcaption"))
    assert not visible(figure.locator(".widget-controls"))
    assert figure.locator("button").count() == 0 or not visible(figure.locator("button").first)


COURSE_TOML = """title = "Print Test Course"
subtitle = "Two of the book's chapters"
tagline = "Printed by the PDF test."
chapters = ["perceptron", "backpropagation"]
pages = ["notation", "authoring"]
"""


@pytest.fixture(scope="module")
def two_chapter_course(tmp_path_factory):
    """A course of two of the book's chapters (canvas and SVG figures, quizzes, solutions, links) and its
    appendices, served by `nnbook serve DIR`: the PDF pipeline is the book's, at a fifth of the pages."""
    folder = tmp_path_factory.mktemp("print-course")
    (folder / "book.toml").write_text(COURSE_TOML)
    with serve_process(args=(str(folder),)) as (url, _process):
        yield url


def test_a_book_prints_to_one_pdf_with_contents_and_page_numbers(context, two_chapter_course, tmp_path):
    # Paper shows first frames: the printing tab never downloads the browser runtime (app/print_pdf.py).
    runtime_files = []
    def on_response(response):
        if "/static/vendor/pyodide/" in response.url:
            runtime_files.append(response.url)
    context.on("response", on_response)
    try:
        report = print_book_pdf(tmp_path / "book.pdf", base_url=two_chapter_course, context=context)
    finally:
        context.remove_listener("response", on_response)
    assert runtime_files == [], runtime_files
    reader = PdfReader(io.BytesIO(report.path.read_bytes()))
    pages = PageTexts(reader)
    assert report.pages == len(pages) > 12
    titles = page_titles(two_chapter_course, context)
    assert titles == ["The Perceptron", "Backpropagation"], titles
    assert "Authoring" not in [" ".join(str(item.title).split()) for item in reader.outline if not isinstance(item, list)]
    # Page numbers in the footer: "n / total" on every page.
    total = len(pages)
    for n in (1, total // 2, total):
        assert f"{n} / {total}" in pages[n - 1], pages[n - 1][-80:]
    # The contents (page 2 on) list each chapter with the page it starts on, and it does start there.
    starts = list(report.chapter_pages.values())
    assert starts == sorted(starts) and len(starts) == len(titles) + 2  # + the notation and glossary appendices
    contents = re.sub(r"\s+", " ", pages[1] + " " + pages[2])
    for (slug, start), title in zip(report.chapter_pages.items(), titles):
        assert re.search(rf"{re.escape(title)}\s*{start}\b", contents), f"contents lack '{title} … {start}'"
        assert title in re.sub(r"\s+", " ", pages[start - 1]), f"{slug} does not start on page {start}"
    # The outline (bookmarks) holds every chapter.
    outline = {" ".join(str(item.title).split()) for item in reader.outline if not isinstance(item, list)}
    assert set(titles) <= outline


@pytest.mark.without_runtime  # the first frames are the server's: READY asks for mounted figures, not live ones
def test_the_whole_book_is_ready_to_print_on_one_page(page, live_server):
    """What `nnbook pdf` prints: /print holds all ten chapters in the book's order, then the appendices,
    and every figure of the book draws its first frame there (the PDF itself is tested on a course above)."""
    titles = page_titles(live_server, page.context)
    assert len(titles) == 10, titles
    page.goto(live_server + "/print")
    page.wait_for_function(READY, timeout=180_000)
    sections = page.evaluate("() => [...document.querySelectorAll('section.print-chapter')].map((s) => s.id)")
    chapters = book_chapter_slugs()
    assert sections[:10] == chapters and sections[10:] == ["notation", "glossary"], sections
    figures = page.locator("section.print-chapter figure.widget")
    assert figures.count() >= 28
    assert page.locator(".print-contents-entry").count() == len(sections)  # each with its page-number slot
    assert page.locator(".print-contents-entry .print-page-number").count() == len(sections)


class PageTexts:
    """The PDF's pages' texts, each extracted when first read: pypdf takes some 50 ms a page, and the
    checks read a handful of a few dozen pages."""

    def __init__(self, reader):
        self.reader = reader
        self.texts = {}

    def __len__(self):
        return len(self.reader.pages)

    def __getitem__(self, index):
        if index not in self.texts:
            self.texts[index] = self.reader.pages[index].extract_text() or ""
        return self.texts[index]


def page_titles(live_server, context):
    """The chapters' titles as /print places them (the notation appendix has no "Chapter" kicker)."""
    response = context.request.get(live_server + "/print")
    found = re.findall(r'<section class="print-chapter" id="[^"]+" data-title="([^"]+)">\s*<header class="chapter-header">\s*'
                       r'<p class="chapter-kicker">Chapter', response.text())
    return [html.unescape(title) for title in found]
