"""Routes of the reading site, on the real book and on a two-chapter fixture book."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini_book"


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


@pytest.fixture(scope="module")
def unbundled(unbundled_app):
    return TestClient(unbundled_app)


@pytest.fixture(scope="module")
def mini():
    return TestClient(create_app(Settings(content_dir=MINI)))


def test_home_lists_all_chapters_in_reading_order(client):
    book = client.app.state.book
    html = client.get("/").text
    slugs = re.findall(r'<a data-chapter="([^"]+)" href="/chapters/\1"', html)
    assert slugs == [c.slug for c in book.chapters]
    assert len(slugs) == 10
    assert slugs[0] == "history" and slugs[-1] == "beyond-the-basics"
    assert "Begin Learning" in html and book.tagline in html


def test_every_chapter_renders_with_navigation(client):
    book = client.app.state.book
    for i, chapter in enumerate(book.chapters):
        response = client.get(f"/chapters/{chapter.slug}")
        assert response.status_code == 200, chapter.slug
        html = response.text
        assert f"<h1>{chapter.title}</h1>" in html
        assert 'href="/notation"' in html
        assert 'aria-label="On this page"' in html
        if i > 0:
            assert f'rel="prev" href="/chapters/{book.chapters[i - 1].slug}"' in html
        if i < len(book.chapters) - 1:
            assert f'rel="next" href="/chapters/{book.chapters[i + 1].slug}"' in html


def test_notation_page(client):
    response = client.get("/notation")
    assert response.status_code == 200 and "<h1>Notation</h1>" in response.text


@pytest.mark.parametrize("path", ["/chapters/no-such-chapter", "/no-such-page", "/..%2F..%2Fetc%2Fpasswd",
                                  "/chapters/..%2F..%2Fetc%2Fpasswd", "/static/..%2F..%2Fpyproject.toml",
                                  "/static/../pyproject.toml"])
def test_unknown_and_traversal_paths_get_the_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "root:" not in response.text and "[project]" not in response.text


def test_mini_book_pipeline_end_to_end(mini):
    html = mini.get("/chapters/first").text
    # Math arrives typeset by the server's Temml as MathML, named in words for a screen reader.
    assert '<span class="math inline typeset"><math aria-label="a superscript l equals g (z superscript l)"><mrow><msup>' in html
    assert '<li class="toc-level-2"><a href="#a-section"><span class="section-number">1.1</span>A section</a></li>' in html
    assert '<li class="toc-level-3"><a href="#a-subsection"><span class="section-number">1.1.1</span>A subsection</a></li>' in html
    assert 'rel="next" href="/chapters/second"' in html
    second = mini.get("/chapters/second").text
    assert 'data-widget="perceptron"' in second and '<script data-widgets="perceptron">' in second
    assert "data-widgets=" not in html  # no worker on pages without figures


def test_pages_are_rendered_once_at_start_up(mini, monkeypatch):
    import app.content.book as book_module

    monkeypatch.setattr(book_module, "render_page", lambda *a, **k: pytest.fail("rendered per request"))
    assert mini.get("/chapters/first").status_code == 200


def test_engine_zip_is_served_with_an_etag(client):
    response = client.get("/runtime/engine.zip")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    again = client.get("/runtime/engine.zip", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_pinned_vendor_files_are_cached_for_good_and_own_files_revalidated(client):
    vendor = client.get("/static/vendor/temml/Temml-STIX2.css")
    assert vendor.status_code == 200 and "immutable" in vendor.headers["cache-control"]
    own = client.get("/static/js/runtime.js")
    assert own.status_code == 200 and own.headers["cache-control"] == "no-cache" and own.headers["etag"]


def test_home_marks_live_chapters_carries_quiz_ids_and_opens_with_a_live_figure(client):
    book = client.app.state.book
    html = client.get("/").text
    teaser = re.search(r'<figure class="widget" id="teaser" data-widget="perceptron"[^>]*data-status="static"', html)
    assert teaser, "the home page opens with the perceptron figure, first frame from the server"
    assert '<script data-widgets="perceptron">' in html and "/static/build/book.js?v=" in html
    for chapter in book.chapters:
        item = re.search(rf'<li data-progress-for="{chapter.slug}" data-quizzes="([^"]*)">(.*?)</li>', html, re.S)
        assert item, chapter.slug
        assert item.group(1).split() == chapter.quizzes and chapter.quizzes, chapter.slug
        assert ("live figure" in item.group(2)) == bool(chapter.widgets), chapter.slug
    assert "Begin Learning →" in html and "↓" not in re.search(r'class="begin"[^>]*>([^<]*)<', html).group(1)


def test_every_page_carries_its_javascript_in_one_bundle(client):
    """One async module, static/build/book.js (app/js_bundle.py), instead of some 25 module requests."""
    for path in ("/chapters/perceptron", "/notation", "/", "/playground"):
        head = client.get(path).text.split("</head>")[0]
        scripts = re.findall(r'<script type="module"[^>]*>', head)
        assert len(scripts) == 1 and re.fullmatch(r'<script type="module" async src="/static/build/book\.js\?v=[0-9a-f]{12}">', scripts[0]), path
        assert "modulepreload" not in head, path
    bundle = client.get("/static/build/book.js")
    assert bundle.status_code == 200 and bundle.headers["content-type"].startswith("text/javascript")
    # The inline early import (static/js/figures-early.js) follows the bundle's script: it imports that URL.
    head = client.get("/chapters/perceptron").text.split("</head>")[0]
    assert re.search(r'<script type="module" async src="[^"]+"></script>\s*<script>// Why: templates/partials/figure-scripts', head)


def test_a_chapter_preloads_its_first_figures_modules_before_the_other_figures(unbundled):
    """Without the bundle: a browser keeps six requests to the server at a time: the first figure's whole module
    graph is asked for first (templates/chapter.html), so the chapter's first frame does not wait behind later figures."""
    head = unbundled.get("/chapters/perceptron").text.split("</head>")[0]
    preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', head)
    assert len(preloads) == len(set(preloads))
    later = [preloads.index(f"/static/js/widgets/{name}.js") for name in ("logic-gates", "step-vs-sigmoid")]
    for module in ("/static/js/runtime.js", "/static/js/figure-mount.js", "/static/js/widgets/perceptron.js",
                   "/static/js/draw.js", "/static/js/draw-figure.js", "/static/js/math-name.js"):
        assert preloads.index(module) < min(later), f"{module} is preloaded after another figure's module"
