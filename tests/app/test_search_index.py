"""The search index (app/search_index.py): what it holds, that Lunr finds it, and its URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lunr.index import Index

from app.content.book import load_book
from app.search_index import build_search_index, page_documents, search_documents, tex_words
from app.settings import Settings

# `book` (tests/conftest.py) is the real book as create_app indexes it: before its math is typeset.
MINI_BOOK = Path(__file__).resolve().parent / "fixtures" / "mini_book"


@pytest.fixture(scope="module")
def index_data(book):
    # Through the site's own cache, as create_app gets it: its key covers the pages, this module's code
    # and Lunr's version, so a cached index is the one a build would give (the cache itself is tested
    # below), and the seconds of indexing the whole book are spent once, not on every run.
    return json.loads(build_search_index(book, Settings().cache_dir))


def query(index_data, text):
    index = Index.load(index_data["index"])
    return [index_data["docs"][hit["ref"]] for hit in index.search(text)]


def test_every_chapter_heading_and_figure_caption_is_a_document(book, index_data):
    docs = index_data["docs"].values()
    urls = {d["url"] for d in docs}
    for chapter in book.chapters:
        assert chapter.url in urls, f"{chapter.title}: its opening text is not indexed"
        for entry in chapter.toc:
            assert f"{chapter.url}#{entry.id}" in urls, f"heading {entry.title!r} is not indexed"
    captions = {d["url"]: d["title"] for d in docs if d["kind"] == "figure"}
    figures = sum(len(p.widgets) for p in [*book.chapters, *book.pages.values()])  # the authoring guide's too
    assert len(captions) == figures
    assert captions["/chapters/perceptron#fig-2-1"].startswith("Figure 2.1 — The perceptron")


def test_the_notation_page_is_indexed_with_its_symbols_as_words(index_data):
    notation = [d for d in index_data["docs"].values() if d["url"].startswith("/notation")]
    assert any(d["title"] == "Sizes and shapes" for d in notation)
    # $W^{[l]}$ and \sigma are indexed as words, not as the typeset glyphs.
    assert any(d["url"].startswith("/notation") for d in query(index_data, "sigma"))


def test_lunr_finds_backpropagation_and_a_caption(index_data):
    hits = query(index_data, "backpropagation")
    assert hits and hits[0]["url"].startswith("/chapters/backpropagation")
    caption_hits = query(index_data, "learning rule move line")
    assert any(d["kind"] == "figure" and d["url"].endswith("#fig-2-1") for d in caption_hits[:3])


def test_section_text_stays_in_its_section(book):
    page = book.chapter("backpropagation")
    docs = page_documents(page)
    chain = next(d for d in docs if d.anchor == "the-chain-rule")
    assert chain.title == "7.1 The chain rule"  # numbered as the heading is
    assert chain.text.startswith("Backpropagation is simply the chain rule")
    # The next heading starts a new document: its words are not in this one.
    following = docs[docs.index(chain) + 1]
    assert following.kind == "section" and following.title not in chain.text[:40]
    # A figure's JSON state and status lines are not reading text.
    assert not any("widget-state" in d.text or "live engine is loading" in d.text for d in docs)


def test_the_served_index_is_read_from_the_tex_before_the_math_is_typeset(index_data, book_app):
    """The site serves the index built from its pages' TeX ($\\sigma$ is the word "sigma"), not from the
    MathML the pages carry afterwards (glyphs: "σ")."""
    typeset = book_app.state.book  # the same book, typeset by create_app as it serves it
    assert sum("<math" in p.html for p in typeset.chapters) >= 8
    served = json.loads(book_app.state.search_index)
    assert served["docs"] == index_data["docs"]  # index_data: from the plain pages
    from_glyphs = search_documents(typeset)[1]
    assert from_glyphs != served["docs"]  # so the order in create_app matters, and this test would see it change

def test_tex_words():
    assert tex_words(r"\sigma(z^{[l]})") == "sigma (z [l] )"
    assert tex_words(r"\partial J / \partial w") == "partial J / partial w"


def test_a_restart_reads_the_cached_index(tmp_path):
    # The small book: what is cached and when it is rebuilt does not depend on the book's size, and
    # the real book's index (seconds to build, twice here) is built by index_data above.
    book = load_book(MINI_BOOK)
    first = build_search_index(book, tmp_path)
    [cached] = (tmp_path / "search").glob("index-*.json")
    assert cached.read_bytes() == first
    cached.write_bytes(b'{"marker": "from the cache"}')  # what a restart returns comes from this file
    assert build_search_index(book, tmp_path) == b'{"marker": "from the cache"}'
    # Another text is another index.
    book.chapters[0].html += "<p>One more paragraph.</p>"
    assert build_search_index(book, tmp_path) != b'{"marker": "from the cache"}'
    book.chapters[0].html = book.chapters[0].html.removesuffix("<p>One more paragraph.</p>")
    documents, _ = search_documents(book)
    assert len(documents) == len(json.loads(first)["docs"])


def test_served_once_with_an_etag(book_app):
    client = TestClient(book_app)
    response = client.get("/search-index.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert json.loads(response.content)["version"] == 1
    etag = response.headers["etag"]
    assert client.get("/search-index.json", headers={"If-None-Match": etag}).status_code == 304
    assert client.head("/search-index.json").status_code == 200


def test_the_offline_cache_carries_the_index_and_lunr(book):
    from app.offline import precache_urls

    urls = precache_urls(book, Settings().static_dir, "/runtime/engine.zip", Settings().templates_dir)
    assert "/search-index.json" in urls and "/static/vendor/lunr/lunr.min.js" in urls
