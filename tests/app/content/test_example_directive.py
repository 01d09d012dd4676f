"""````{example}: Markdown shown as written beside its result, both from the same lines (the authoring guide)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from app.content.book import render_page
from app.content.course import BOOK_CONTENT
from app.content.errors import BuildError
from engine.book_numbers import book_numbers

GUIDE = BOOK_CONTENT / "authoring.md"


def examples(page_html: str) -> list[tuple[str, str]]:
    """(source as shown, result HTML) of every example on a page."""
    found = re.findall(r'<div class="example-source">.*?<code class="language-markdown">(.*?)</code></pre></div>\n'
                       r'<div class="example-result">(.*?)</div>\n</div>', page_html, re.S)
    return [(html.unescape(source), result) for source, result in found]


def test_each_example_shows_its_own_lines_of_the_file_and_their_rendering():
    page = render_page(GUIDE, BOOK_CONTENT, slug="authoring")
    shown = examples(page.html)
    source = GUIDE.read_text()
    blocks = re.findall(r"^````\{example\}\n(.*?)^````$", source, re.S | re.M)
    assert len(shown) == len(blocks) >= 6
    assert [s for s, _ in shown] == blocks  # the source column is the file, character for character


def test_the_guide_shows_every_directive_each_rendered():
    results = "\n".join(r for _, r in examples(render_page(GUIDE, BOOK_CONTENT, slug="authoring").html))
    assert '<span class="math inline">' in results and '<div class="math block">' in results
    assert '<aside class="admonition key-idea"' in results and '<details class="solution">' in results
    assert 'class="quiz"' in results or "data-quiz" in results
    figures = re.findall(r'<figure class="widget"[^>]*>', results)
    assert len(figures) == 2 and any("data-lock=" in f and "data-hide=" in f for f in figures)
    assert 'href="/chapters/perceptron#the-learning-rule"' in results


def test_an_engine_number_is_shown_as_written_and_rendered_as_its_value():
    page = render_page(GUIDE, BOOK_CONTENT, slug="authoring")
    source, result = next((s, r) for s, r in examples(page.html) if "{{" in s)
    assert "{{ ch02_and_start_w }}" in source and "{{" not in result
    assert book_numbers()["ch02_and_start_w"] in result


def test_a_problem_inside_an_example_names_its_own_line(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    text = "---\ntitle: T\nsummary: S.\n---\n\n````{example}\nFine.\n\n```{widget} perceptron\nw1: 9\n```\n````\n"
    (folder / "guide.md").write_text(text)
    with pytest.raises(BuildError) as info:
        render_page(folder / "guide.md", folder)
    assert info.value.location == "course/guide.md:9" and "w1: must be between -5 and 5" in info.value.reason


def test_the_guide_is_a_page_of_the_book_linked_from_every_page(book):
    assert book.pages["authoring"].title == "Writing for the book"
    template = (Path(__file__).resolve().parents[3] / "templates" / "base.html").read_text()
    assert 'href="/authoring"' in template
