"""URL rewriting for a published copy: one rule, applied to pages, styles, the manifest and sw.js."""

from __future__ import annotations

import json

import pytest

from app.export.rebase import (normalise_base, public_url, rebase_css, rebase_html, rebase_manifest,
                               rebase_service_worker)

PAGES = {"/", "/chapters/perceptron", "/notation"}


@pytest.mark.parametrize("given, base", [("/", "/"), ("", "/"), ("nn-course", "/nn-course/"),
                                         ("/nn-course", "/nn-course/"), ("/a/b/", "/a/b/")])
def test_base_paths_are_normalised(given, base):
    assert normalise_base(given) == base


@pytest.mark.parametrize("url, base, public", [
    ("/", "/", "/"),
    ("/", "/nn/", "/nn/"),
    ("/chapters/perceptron", "/", "/chapters/perceptron/"),  # a page is a folder in the copy
    ("/chapters/perceptron#the-learning-rule", "/nn/", "/nn/chapters/perceptron/#the-learning-rule"),
    ("/notation?x=1#a", "/nn/", "/nn/notation/?x=1#a"),
    ("/#contents", "/nn/", "/nn/#contents"),
    ("/static/css/book.css?v=abc", "/nn/", "/nn/static/css/book.css?v=abc"),  # a file keeps its name
    ("/runtime/engine.zip", "/nn/", "/nn/runtime/engine.zip"),
])
def test_public_urls(url, base, public):
    assert public_url(url, base, PAGES) == public


def test_html_attributes_move_under_the_base_and_the_page_is_marked_static():
    page = ('<html lang="en" data-worker-url="/static/js/worker.js?v=1"><a href="/chapters/perceptron#x">'
            '<a href="#local"><a href="https://example.org/"><a href="//cdn.example/x"><img src="/static/i.svg">'
            '<figure data-config="{&quot;a&quot;:1}"><a href="/notation?a=1&amp;b=2">')
    out = rebase_html(page, "/nn/", PAGES)
    assert out.startswith('<html data-site="static" data-base-url="/nn/" lang="en" data-worker-url="/nn/static/js/worker.js?v=1">')
    assert 'href="/nn/chapters/perceptron/#x"' in out and 'src="/nn/static/i.svg"' in out
    assert 'href="#local"' in out and 'href="https://example.org/"' in out and 'href="//cdn.example/x"' in out
    assert 'data-config="{&quot;a&quot;:1}"' in out
    assert 'href="/nn/notation/?a=1&amp;b=2"' in out  # entities decoded, then escaped again


def test_the_pages_inline_stylesheet_names_the_math_font_under_the_base():
    page = ('<style id="book-css">@font-face{src:url(\'/static/vendor/temml/M.woff2\') format("woff2")}</style>'
            '<p>url(/not/css) in the text stays</p>')
    out = rebase_html(page, "/nn/", PAGES)
    assert "url('/nn/static/vendor/temml/M.woff2')" in out and "<p>url(/not/css) in the text stays</p>" in out


def test_css_manifest_and_service_worker():
    assert rebase_css("a{background:url(/static/x.png)} b{src:url('fonts/y.woff2')}", "/nn/", PAGES) == \
        "a{background:url(/nn/static/x.png)} b{src:url('fonts/y.woff2')}"
    manifest = json.loads(rebase_manifest(json.dumps({"start_url": "/", "scope": "/", "icons": [{"src": "/static/i.svg"}]}),
                                          "/nn/", PAGES))
    assert manifest == {"start_url": "/nn/", "scope": "/nn/", "icons": [{"src": "/nn/static/i.svg"}]}
    source = 'const VERSION = "abc";\nconst PRECACHE = [\n"/",\n"/chapters/perceptron"\n];\n// body\n'
    out = rebase_service_worker(source, "/nn/", PAGES, ["/runtime/jobs/index.json"])
    assert '"/nn/chapters/perceptron/"' in out and '"/nn/runtime/jobs/index.json"' in out and out.endswith("// body\n")
    assert 'const VERSION = "abc"' not in out  # another copy, another cache
    with pytest.raises(ValueError):
        rebase_service_worker("// no list", "/nn/", PAGES, [])


@pytest.mark.parametrize("bad", ["https://example.org/", "/a b/", "/../", "/x/?y"])
def test_base_urls_that_are_no_paths_are_refused(bad):
    with pytest.raises(ValueError, match="base-url"):
        normalise_base(bad)
