"""The {term} role and the glossary builder, on small pages written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.book import load_book
from app.content.errors import BuildError
from app.content.glossary import defining_sentence
from app.content.markdown_setup import make_markdown


def render(text: str) -> str:
    return make_markdown().render(text, {"path": "t.md"})


def test_role_renders_a_defining_instance_with_an_anchor():
    out = render("A {term}`perceptron` learns; {term}`hidden layers <hidden layer>` compute.")
    assert '<dfn class="term" id="term-perceptron" data-term="perceptron">perceptron</dfn>' in out
    assert '<dfn class="term" id="term-hidden-layer" data-term="hidden layer">hidden layers</dfn>' in out


def test_role_leaves_code_and_other_braces_alone():
    out = render("Write `{term}` or {other}`x` and `a {term}`.")
    assert "<dfn" not in out


def test_sentence_is_cut_outside_math_and_tags_and_made_portable():
    html = (
        '<p>First one. The <dfn class="term" id="term-x" data-term="x">x</dfn> has '
        '<span class="math inline">a. B</span> and <a href="#sec">see. Here</a> too. Next one.</p>'
    )
    sentence = defining_sentence(html, html.index("<dfn"), "/chapters/c")
    assert sentence.startswith("The <dfn") and sentence.endswith("too.")
    assert 'href="/chapters/c#sec"' in sentence and 'id="' not in sentence


def write_book(root: Path, chapters: dict[str, str]) -> Path:
    content = root / "content"
    content.mkdir()
    (content / "book.toml").write_text(
        "title = 'T'\nchapters = [" + ", ".join(f"'{name}'" for name in chapters) + "]\n", encoding="utf-8"
    )
    for name, body in chapters.items():
        (content / f"{name}.md").write_text(f"---\ntitle: {name}\nsummary: S.\n---\n\n{body}\n", encoding="utf-8")
    return content


def test_glossary_page_is_built_from_the_chapters(tmp_path):
    content = write_book(tmp_path, {
        "01-one": "## Start\n\nA {term}`neuron` sums. Then more.",
        "02-two": "## Later\n\nThe {term}`bias` shifts it.",
    })
    book = load_book(content)
    glossary = book.pages["glossary"]
    assert glossary.url == "/glossary"
    assert '<a href="/chapters/one#term-neuron">neuron</a>' in glossary.html
    assert "Chapter 2, 02-two: §2.1 Later" in glossary.html
    assert '<h2 id="letter-b">B</h2>' in glossary.html and '<h2 id="letter-n">N</h2>' in glossary.html


def test_a_term_defined_twice_stops_the_build(tmp_path):
    content = write_book(tmp_path, {
        "01-one": "A {term}`neuron` sums.",
        "02-two": "A {term}`Neuron` again.",
    })
    with pytest.raises(BuildError, match="defined twice"):
        load_book(content)


def test_no_terms_no_glossary(tmp_path):
    book = load_book(write_book(tmp_path, {"01-one": "Plain prose."}))
    assert "glossary" not in book.pages
