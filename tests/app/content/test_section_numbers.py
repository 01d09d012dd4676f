"""Sections are numbered once: the heading, the table of contents and "§" cross-references agree."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.content.book import load_book
from app.content.errors import BuildError

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini_book"


def _book_with(tmp_path, text_for_second: str):
    root = tmp_path / "book"
    shutil.copytree(MINI, root)
    second = root / "02-second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\n" + text_for_second + "\n", encoding="utf-8")
    return load_book(root)


def test_headings_and_toc_carry_the_same_chapter_section_numbers(tmp_path):
    book = _book_with(tmp_path, "")
    first = book.chapter("first")
    assert [(e.level, e.number, e.title) for e in first.toc][:2] == [(2, "1.1", "A section"), (3, "1.1.1", "A subsection")]
    headings = re.findall(r'<h([23])[^>]*><span class="section-number">([\d.]+)</span> ([^<]+)', first.html)
    assert [(n, t.strip()) for _, n, t in headings] == [(e.number, e.title) for e in first.toc]
    # heading ids come from the text alone, so old links keep working
    assert 'id="a-section"' in first.html
    notation = book.pages["notation"]
    assert all(e.number == "" for e in notation.toc) and 'class="section-number"' not in notation.html


def test_section_links_show_the_number_of_their_target(tmp_path):
    book = _book_with(tmp_path, "See [§](/chapters/first#a-subsection), and [§](#a-later-section) below.\n\n## A later section\n")
    second = book.chapter("second")
    later = next(e for e in second.toc if e.id == "a-later-section")
    assert '<a class="section-ref" href="/chapters/first#a-subsection">§1.1.1</a>' in second.html
    assert f'<a class="section-ref" href="#a-later-section">§{later.number}</a>' in second.html
    assert later.number.startswith("2.")
    assert f"§{later.number}" in second.text


def test_a_link_to_no_numbered_section_stops_the_build(tmp_path):
    with pytest.raises(BuildError, match=r"02-second\.md.*points to no numbered section"):
        _book_with(tmp_path, "See [§](/chapters/first#nowhere).")


def test_the_real_book_numbers_its_chapters(book):
    for chapter in book.chapters:
        numbers = [e.number for e in chapter.toc if e.level == 2]
        assert numbers == [f"{chapter.number}.{k}" for k in range(1, len(numbers) + 1)]
