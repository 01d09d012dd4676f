"""A course of one's own: `nnbook new DIR` makes a folder that `nnbook check/serve DIR` take as it is."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import cli
from app.content.book import load_book
from app.content.course import BOOK_CONTENT, book_chapter_slugs
from app.content.errors import BuildError
from app.main import create_app
from app.settings import Settings


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def set_chapters(course: Path, chapters: list[str]) -> None:
    toml = course / "book.toml"
    toml.write_text(re.sub(r"chapters = \[.*?\]", "chapters = " + json.dumps(chapters), toml.read_text(), flags=re.S))


@pytest.fixture
def course(tmp_path, capsys):
    folder = tmp_path / "ml-lab"
    assert cli.main(["new", str(folder), "--title", "Machine Learning Lab"]) == 0
    assert "wrote" in capsys.readouterr().out
    return folder


def test_new_makes_a_course_that_checks_and_serves_without_touching_the_book(course, capsys):
    before = fingerprint(BOOK_CONTENT)
    assert sorted(p.name for p in course.iterdir()) == ["book.toml", "welcome.md"]
    assert cli.main(["check", str(course)]) == 0
    # notation and authoring from the book, and the glossary built from the chapters' terms
    assert f"ok: {1 + len(book_chapter_slugs())} chapters, 3 extra pages" in capsys.readouterr().out

    app = create_app(Settings(content_dir=course))
    book = app.state.book
    assert book.title == "Machine Learning Lab"
    assert [c.slug for c in book.chapters] == ["welcome", *book_chapter_slugs()]
    assert [c.number for c in book.chapters] == list(range(1, len(book.chapters) + 1))
    assert book.chapters[0].source_path == course / "welcome.md"
    assert book.chapters[2].source_path == BOOK_CONTENT / "02-perceptron.md"
    client = TestClient(app)
    home = client.get("/").text
    assert "Machine Learning Lab" in home and 'href="/chapters/welcome"' in home
    welcome = client.get("/chapters/welcome").text
    figure = re.search(r'<figure class="widget"[^>]*>', welcome)[0]
    assert 'data-lock="{&quot;dataset&quot;:&quot;or&quot;}"' in figure and 'data-hide="[&quot;eta&quot;]"' in figure
    assert client.get("/authoring").status_code == 200
    assert fingerprint(BOOK_CONTENT) == before


def test_a_course_chooses_reorders_and_renumbers_the_books_chapters(course):
    set_chapters(course, ["backpropagation", "welcome", "02-perceptron"])
    book = load_book(course)
    assert [(c.number, c.slug) for c in book.chapters] == [(1, "backpropagation"), (2, "welcome"), (3, "perceptron")]
    # Figures follow the chapter's place in the course: the perceptron's first figure is now 3.1.
    assert 'id="fig-3-1"' in book.chapter("perceptron").html


def test_new_refuses_a_folder_that_already_holds_a_course(course, capsys):
    (course / "welcome.md").write_text("mine")
    assert cli.main(["new", str(course)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (course / "welcome.md").read_text() == "mine"


def test_serve_and_check_refuse_a_folder_without_book_toml(tmp_path, capsys):
    for command in ("check", "serve"):
        assert cli.main([command, str(tmp_path)]) == 2
        assert "has no book.toml" in capsys.readouterr().err


def test_an_unknown_chapter_names_the_books_slugs(course):
    set_chapters(course, ["welcome", "perceptrons"])
    with pytest.raises(BuildError, match=r"chapter 'perceptrons' is listed but .*its chapters: history, perceptron"):
        load_book(course)


def test_a_course_chapter_of_its_own_takes_the_place_of_the_books(course):
    (course / "perceptron.md").write_text("---\ntitle: Our perceptron\nsummary: The lab's version.\n---\n\nOurs.\n")
    set_chapters(course, ["perceptron"])
    assert load_book(course).chapters[0].title == "Our perceptron"


def test_a_section_reference_to_a_chapter_the_course_leaves_out_still_serves(course):
    """The book's "§" links into chapters a course drops cannot be numbered; the course still builds."""
    set_chapters(course, ["backpropagation", "welcome"])
    book = load_book(course)
    html = book.chapter("backpropagation").html
    assert '<a class="section-ref" href="/chapters/loss-functions#the-gradient-comparison">a chapter not in this course</a>' in html
