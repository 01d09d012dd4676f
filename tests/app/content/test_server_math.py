"""Math typeset on the server at start-up: one Node process, a disk cache, TeX left where KaTeX refuses."""

from __future__ import annotations

import re

from app.content.server_math import MathTypesetter, find_katex

PAGE = ('<p>Inline <span class="math inline">a^{[l]} = g(z^{[l]})</span> and</p>\n'
        '<div class="math block">\\sum_{i=1}^{n} w_i x_i &lt; b</div>\n')


def test_formulas_become_katex_html_and_keep_their_tex(tmp_path):
    out = MathTypesetter(tmp_path).typeset([PAGE])[0]
    assert 'class="math inline typeset"><span class="katex" role="math"' in out
    assert 'class="math block typeset"><span class="katex-display"><span class="katex" role="math"' in out
    # Each formula is named with words a screen reader says (app/content/math_speech.py).
    assert 'aria-label="the sum from i equals 1 to n of w sub i x sub i is less than b"' in out
    # The TeX survives as MathML's annotation (what screen readers and copy-paste get).
    assert '<annotation encoding="application/x-tex">\\sum_{i=1}^{n} w_i x_i &lt; b</annotation>' in out
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


def test_a_formula_katex_rejects_is_left_as_tex_for_the_browser_to_report(tmp_path):
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

    assert find_katex(), "KaTeX is not vendored: run `make vendor`"
    client = TestClient(book_app)
    html = client.get("/chapters/perceptron").text
    assert len(re.findall(r'class="math (?:inline|block) typeset"', html)) > 100
    assert not re.search(r'class="math (?:inline|block)">', html), "a formula was left as TeX"
    assert not re.search(r"<script[^>]+katex\.min\.js", html), "the page still loads KaTeX up front"
