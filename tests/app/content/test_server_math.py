"""Math typeset on the server at start-up: one Node process, a disk cache, TeX left where Temml refuses."""

from __future__ import annotations

import re

from app.content.server_math import MathTypesetter, find_temml

PAGE = ('<p>Inline <span class="math inline">a^{[l]} = g(z^{[l]})</span> and</p>\n'
        '<div class="math block">\\sum_{i=1}^{n} w_i x_i &lt; b</div>\n')


def test_formulas_become_mathml_named_in_words(tmp_path):
    out = MathTypesetter(tmp_path).typeset([PAGE])[0]
    # MathML only: no second, visual copy in <span> boxes for the browser to lay out.
    assert 'class="math inline typeset"><math aria-label="a superscript l equals g (z superscript l)"><mrow><msup>' in out
    # An inline formula may break after its relation, as TeX would: one <mrow> on either side.
    inline = re.search(r'<span class="math inline typeset">(<math[^>]*>)(.*?)</math></span>', out)[2]
    assert inline.startswith("<mrow>") and inline.count("</mrow><mrow>") == 1 and "<mo>=</mo></mrow><mrow>" in inline
    block = re.search(r'<div class="math block typeset">(<math [^>]*>)(.*?)</math></div>', out, re.S)
    assert block and 'display="block"' in block[1], out
    # Each formula is named with words a screen reader says (app/content/math_speech.py).
    assert 'aria-label="the sum from i equals 1 to n of w sub i x sub i is less than b"' in block[1]
    assert "<munderover>" in block[2] and "<mo>&lt;</mo>" in block[2]
    assert "<span" not in out.split("</p>", 1)[1], "a formula was drawn in HTML boxes"
    assert "<p>Inline " in out and "</p>" in out


def test_the_disk_cache_spares_node_on_the_next_start(tmp_path):
    first = MathTypesetter(tmp_path)
    typeset = first.typeset([PAGE])[0]
    assert first.node_runs == 1
    again = MathTypesetter(tmp_path, node="/nonexistent/node")  # would fail if it ran Node
    assert again.typeset([PAGE])[0] == typeset
    assert again.node_runs == 0
    # One new formula: only it is sent, in one run.
    added = PAGE + '<span class="math inline">x^2</span>'
    third = MathTypesetter(tmp_path)
    assert 'class="math inline typeset"' in third.typeset([added])[0].rsplit("</div>", 1)[1]
    assert third.node_runs == 1


def test_a_formula_temml_rejects_is_left_as_tex_for_the_browser_to_report(tmp_path):
    page = '<span class="math inline">\\frac{1}{</span> <span class="math inline">y</span>'
    out = MathTypesetter(tmp_path).typeset([page])[0]
    assert '<span class="math inline">\\frac{1}{</span>' in out  # untouched: math.js marks it as an error
    assert 'class="math inline typeset"' in out


def test_without_node_the_pages_are_left_for_the_browser(tmp_path):
    typesetter = MathTypesetter(tmp_path, node="")
    typesetter.node = None
    assert typesetter.typeset([PAGE]) == [PAGE]


def test_every_page_the_site_serves_has_its_math_typeset(book_app):
    from fastapi.testclient import TestClient

    assert find_temml(), "Temml is not vendored: run `make vendor`"
    client = TestClient(book_app)
    html = client.get("/chapters/perceptron").text
    assert len(re.findall(r'class="math (?:inline|block) typeset"', html)) > 100
    assert not re.search(r'class="math (?:inline|block)">', html), "a formula was left as TeX"
    assert not re.search(r"<script[^>]+(?:temml|katex)[^>]*\.js", html), "the page still loads a typesetter up front"
    assert "katex" not in html.lower()
