"""The whole book on one page, /print (app/print_book.py): what `nnbook pdf` prints."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from app.print_book import localize


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


@pytest.fixture(scope="module")
def printed(client):
    response = client.get("/print")
    assert response.status_code == 200
    return response.text


def test_every_chapter_in_order_then_the_notation(client, printed):
    book = client.app.state.book
    starts = [printed.index(f'<section class="print-chapter" id="{c.slug}"') for c in book.chapters]
    assert starts == sorted(starts)
    assert printed.index('id="notation"') > starts[-1]
    for chapter in book.chapters:
        assert f"<h1>{chapter.title}</h1>" in printed
    # The contents list every chapter, linking into the page.
    contents = printed[printed.index('class="print-contents"'):starts[0]]
    for chapter in book.chapters:
        assert f'href="#{chapter.slug}"' in contents and f"{chapter.number}. {chapter.title}" in contents


def test_ids_are_unique_and_every_in_page_link_resolves(printed):
    ids = re.findall(r'\sid="([^"]+)"', printed)
    duplicated = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicated, duplicated[:5]
    targets = set(ids)
    broken = sorted({h for h in re.findall(r'href="#([^"]+)"', printed) if h not in targets})
    assert not broken, broken[:5]
    # Links between chapters became links inside the document.
    assert 'href="/chapters/' not in printed


def test_every_chapter_carries_its_answer_key(client, printed):
    for chapter in client.app.state.book.chapters:
        quizzes = chapter.html.count('<form class="quiz"')
        if quizzes:
            assert chapter.answer_key.count('class="answer-key-question"') == quizzes
            assert 'class="math inline typeset"' in chapter.answer_key or "math" not in chapter.answer_key
    assert printed.count('<section class="answer-key" hidden>') == sum(
        '<form class="quiz"' in c.html for c in client.app.state.book.chapters)


def test_localize_prefixes_ids_and_rewrites_book_links():
    html = ('<h2 id="summary">S</h2><a href="#summary">up</a><a href="/chapters/other#x">o</a>'
            '<a href="/chapters/other">c</a><a href="https://example.org/a#b">e</a><label for="q-1">')
    out = localize(html, "this", {"/chapters/other": "other", "/chapters/this": "this"})
    assert 'id="this--summary"' in out and 'href="#this--summary"' in out
    assert 'href="#other--x"' in out and 'href="#other"' in out
    assert 'href="https://example.org/a#b"' in out and 'for="this--q-1"' in out


def test_the_cli_says_plainly_when_chromium_is_missing(monkeypatch, capsys, tmp_path):
    from app.cli import main

    monkeypatch.setenv("NNBOOK_CHROMIUM", str(tmp_path / "no-chromium"))
    assert main(["pdf", str(tmp_path / "book.pdf")]) == 2
    assert "no Chromium at" in capsys.readouterr().err
    assert not (tmp_path / "book.pdf").exists()
