"""`nnbook check` lists every problem at once, each with its file and line, broken cross-references included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app import cli
from app.content.book import load_book
from app.content.course import BOOK_CONTENT
from app.content.cross_refs import broken_links

FRONT = "---\ntitle: {title}\nsummary: A chapter for the checker.\n---\n\n"


def write_course(folder: Path, chapters: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "book.toml").write_text(f'title = "Check"\nchapters = {json.dumps(list(chapters))}\npages = []\n')
    for slug, body in chapters.items():
        (folder / f"{slug}.md").write_text(body)
    return folder


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def run_check(folder: Path, capsys) -> list[str]:
    assert cli.main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    return err.strip().splitlines()


def test_every_problem_of_every_file_is_reported_with_its_line(tmp_path, capsys):
    one = (FRONT.format(title="One") + "## Start\n\n```{widget} teleporter\n```\n\nText.\n\n"
           "```{widget} perceptron\nw1: 99\n```\n\n!!! sparkle \"Odd\"\n    Body.\n\n"
           "Value {{ no_such_number }}.\n\n```{quiz}\nid: q1\nquestion: Why?\n```\n")
    two = "no front matter here\n"
    three = FRONT.format(title="Three") + "```{widget} perceptron\nhide: [teleport]\nlock: {eta: 7}\n```\n"
    course = write_course(tmp_path / "course", {"one": one, "two": two, "three": three})
    lines = run_check(course, capsys)
    expected = [
        (f"course/one.md:{line_of(one, '```{widget} teleporter')}:", "unknown widget 'teleporter'"),
        (f"course/one.md:{line_of(one, '```{widget} perceptron')}:", "option w1: must be between -5 and 5, got 99"),
        (f"course/one.md:{line_of(one, '!!! sparkle')}:", "unknown admonition 'sparkle'"),
        (f"course/one.md:{line_of(one, 'Value {{')}:", "unknown book number {{ no_such_number }}"),
        (f"course/one.md:{line_of(one, '```{quiz}')}:", "quiz needs either"),
        ("course/two.md:1:", "missing front matter"),
        (f"course/three.md:{line_of(three, '```{widget}')}:", "option hide: 'teleport' is not a control"),
    ]
    for location, reason in expected:
        assert any(line.startswith(location) and reason in line for line in lines), (location, reason, lines)
    assert lines[-1] == f"nnbook: {len(expected)} problem(s) in {course.resolve()}"


def test_broken_cross_references_are_reported_where_they_are_written(tmp_path, capsys):
    text = (FRONT.format(title="Links") + "## Here\n\nA [good link](#here), a [good chapter](/chapters/links#here),\n"
            "a [missing anchor](#nowhere) on the next line,\n"
            "then [a missing chapter](/chapters/no-such-chapter) and [a missing section](/chapters/links#gone).\n\n"
            "The book's [perceptron](/chapters/perceptron) is not in this course; "
            "[the API](/api/docs) and [the web](https://example.org/#x) are not chapters.\n")
    course = write_course(tmp_path / "course", {"links": text})
    lines = run_check(course, capsys)
    assert len(lines) == 5, lines
    anchor, chapter = line_of(text, "[missing anchor]"), line_of(text, "[a missing chapter]")
    assert f"course/links.md:{anchor}: broken link '#nowhere': no anchor #nowhere on this page" in lines
    assert f"course/links.md:{chapter}: broken link '/chapters/no-such-chapter': the book has no page " \
           "/chapters/no-such-chapter" in lines
    assert f"course/links.md:{chapter}: broken link '/chapters/links#gone': no anchor #gone on this page" in lines
    assert any(line.startswith(f"course/links.md:{line_of(text, 'perceptron](')}: broken link '/chapters/perceptron'")
               and "this course leaves out" in line for line in lines)


def test_hide_and_lock_are_checked_against_the_option_table_with_file_and_line(tmp_path, capsys):
    blocks = {
        "hide: [teleport]": "option hide: 'teleport' is not a control or part of this figure",
        "hide: eta": "option hide: must be a list",
        "lock: {eta: 7}": "option lock.eta: must be between 0.01 and 1, got 7",
        "lock: {dataset: xor}": "option lock.dataset: must be one of and, or, separable, got 'xor'",
        "lock: {speed: 3}": "option lock.speed: is not an option of this figure",
        "eta: 0.2\nlock: {eta: 0.3}": "option lock.eta: is both a starting value and locked",
    }
    text = FRONT.format(title="Figures")
    for block in blocks:
        text += f"Before.\n\n```{{widget}} perceptron\n{block}\n```\n\n"
    course = write_course(tmp_path / "course", {"figures": text})
    lines = run_check(course, capsys)
    starts = [m.start() for m in re.finditer(r"```\{widget\}", text)]
    for start, reason in zip(starts, blocks.values()):
        location = f"course/figures.md:{text[:start].count(chr(10)) + 1}: widget 'perceptron' {reason}"
        assert any(line.startswith(location) for line in lines), (location, lines)
    assert len(lines) == len(blocks) + 1


def test_start_up_still_stops_at_the_first_problem(tmp_path):
    course = write_course(tmp_path / "course", {"one": FRONT.format(title="One") + "```{widget} teleporter\n```\n"})
    with pytest.raises(Exception, match="unknown widget 'teleporter'"):
        load_book(course)


def test_the_books_own_cross_references_all_resolve():
    problems: list = []
    book = load_book(BOOK_CONTENT, problems)
    assert problems == []
    assert sum(len(p.links) for p in book.chapters) > 100  # the links were found at all
    assert broken_links(book) == []
