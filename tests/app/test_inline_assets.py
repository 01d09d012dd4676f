"""A page's first paint needs no request but the page: its stylesheet and head scripts are inline, and the
Content-Security-Policy allows exactly those inline scripts by their hashes (app/inline_assets.py)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from app.inline_assets import INLINE_SCRIPTS, STYLESHEETS, inline_script, page_css

PAGES = ["/", "/chapters/perceptron", "/chapters/history", "/notation", "/playground"]


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


def head_of(client, path: str) -> str:
    return client.get(path).text.split("</head>", 1)[0]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_in_the_head_makes_the_first_paint_wait_for_another_request(client, path):
    head = head_of(client, path)
    # One stylesheet, inline; the print one stays a link that does not block the screen.
    assert len(re.findall(r"<style\b", head)) == 1 and '<style id="book-css"' in head
    links = re.findall(r'<link rel="stylesheet"[^>]*>', head)
    assert links and all('media="print"' in link for link in links), links
    # No script that stops the parser for a download: each <script src> is a module, or async.
    for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head):
        assert 'type="module"' in tag or " async" in tag, tag


def test_the_inline_stylesheet_is_the_books_stylesheets_with_the_math_font_from_the_root(client):
    css = re.search(r'<style id="book-css" data-version="(\w+)">(.*?)</style>', client.get("/chapters/perceptron").text, re.S)
    assert css and css.group(2).strip() == page_css().strip()
    for name in STYLESHEETS:  # every file, in cascade order
        assert f"/* {name} */" in css.group(2)
    starts = [css.group(2).index(f"/* {name} */") for name in STYLESHEETS]
    assert starts == sorted(starts)
    assert "html[data-theme=\"dark\"]" in css.group(2) and "math {" in css.group(2)
    fonts = set(re.findall(r"url\('?(/static/vendor/temml/[^)']+)'?\)", css.group(2)))
    assert fonts and "url('./" not in css.group(2)
    assert all(client.get(url).status_code == 200 for url in sorted(fonts))


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("path", PAGES)
def test_the_policy_allows_exactly_the_inline_scripts_the_page_carries(client, path):
    response = client.get(path)
    script_src = next(d for d in response.headers["content-security-policy"].split("; ") if d.startswith("script-src"))
    allowed = set(re.findall(r"'sha256-[^']+'", script_src))
    assert allowed == {_hash(inline_script(name)) for name in INLINE_SCRIPTS}
    inline = [body for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, re.S)
              if "src=" not in attrs and "application/json" not in attrs]
    assert inline, "the theme script at least"
    assert all(_hash(body) in allowed for body in inline), "an inline script the policy would refuse"
    assert _hash(inline_script("js/theme.js")) in {_hash(b) for b in inline}


def test_the_theme_runs_before_the_stylesheet_and_the_worker_starts_only_with_figures(client):
    chapter = head_of(client, "/chapters/perceptron")
    theme = chapter.index(inline_script("js/theme.js"))
    boot = chapter.index(inline_script("js/runtime-boot.js"))
    assert boot < theme < chapter.index("<style")
    assert inline_script("js/runtime-boot.js") not in head_of(client, "/notation")


def test_only_the_listed_scripts_can_be_inlined_and_nothing_that_would_end_its_element(tmp_path):
    with pytest.raises(ValueError, match="not one of the scripts"):
        inline_script("js/navigation.js")
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "book.css").write_text("a::after { content: '</style>'; }")
    with pytest.raises(ValueError, match="</style"):
        page_css(tmp_path)
