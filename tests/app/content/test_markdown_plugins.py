"""Markdown in, HTML out: each plugin of the pipeline on a small fixture."""

from __future__ import annotations

import pytest

from app.content.errors import DirectiveError
from app.content.markdown_setup import make_markdown, slugify


def render(text: str, path: str = "content/99-test.md") -> str:
    md = make_markdown()
    return md.render(text, {"path": path})


def test_inline_and_display_math_are_left_as_tex_for_the_typesetter():
    html = render("A sum $z = w \\cdot x + b$ here.\n\n$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n$$\n")
    assert '<span class="math inline">z = w \\cdot x + b</span>' in html
    assert '<div class="math block">\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n</div>' in html


def test_math_is_html_escaped():
    assert '<span class="math inline">a &lt; b</span>' in render("Then $a < b$.")


def test_admonitions_note_warning_key_idea():
    html = render('!!! warning "Careful"\n    Not exponentiation.\n\n!!! key-idea "Key idea"\n    Depth.\n')
    assert '<aside class="admonition warning" role="note" aria-label="Warning">' in html
    assert '<p class="admonition-title">Careful</p>' in html
    assert '<aside class="admonition key-idea"' in html and "<p>Depth.</p>" in html


def test_solution_is_a_collapsed_details_element():
    html = render('??? solution "Solution to 1"\n    It is **4**.\n\nAfter.\n')
    assert html.startswith('<details class="solution">\n<summary>Solution to 1</summary>\n<p>It is <strong>4</strong>.</p>\n</details>')
    assert "<p>After.</p>" in html


def test_unknown_admonition_names_file_and_line():
    with pytest.raises(DirectiveError) as info:
        render("Intro.\n\n!!! danger\n    Boom.\n")
    assert info.value.location == "content/99-test.md:3"
    assert "unknown admonition 'danger'" in info.value.reason


def test_heading_anchors_for_h2_and_h3_only():
    html = render("## Vanishing & Exploding Gradients\n\n### The 0.25 bound\n\n#### Not anchored\n")
    assert '<h2 id="vanishing--exploding-gradients">' in html
    assert '<h3 id="the-025-bound">' in html
    assert "<h4>Not anchored</h4>" in html


def test_slugify_is_github_style():
    assert slugify("Derivatives of Activation Functions") == "derivatives-of-activation-functions"
    assert slugify("Adam (Adaptive Moment Estimation)") == "adam-adaptive-moment-estimation"


def test_tables_and_footnotes():
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText.[^n]\n\n[^n]: A note.\n")
    assert "<table>" in html and "<td>2</td>" in html
    assert 'class="footnote-ref"' in html and "A note." in html


def test_ordinary_code_fences_stay_code():
    html = render("```python\nx = {1: 2}\n```\n")
    assert '<pre><code class="language-python">x = {1: 2}\n</code></pre>' in html


def test_unknown_directive_names_file_and_line():
    with pytest.raises(DirectiveError) as info:
        render("Para.\n\n```{sparkle}\na: 1\n```\n")
    assert info.value.location == "content/99-test.md:3"
    assert "unknown directive {sparkle}" in info.value.reason


def test_malformed_directive_yaml_names_file_and_line():
    with pytest.raises(DirectiveError) as info:
        render("One.\n\nTwo.\n\n```{widget} perceptron\ndataset: [and\n```\n")
    assert info.value.location == "content/99-test.md:5"
    assert "malformed YAML" in info.value.reason


def test_directive_options_must_be_a_mapping():
    with pytest.raises(DirectiveError, match="must be a YAML mapping"):
        render("```{widget} perceptron\n- a\n- b\n```\n")


def test_multi_line_book_numbers_keep_the_block_indentation(monkeypatch):
    from app.content import book_numbers_substitution as sub

    monkeypatch.setattr(sub, "book_numbers", lambda: {"t": "| a |\n|---|\n| 1 |"})
    text, line_map = sub.substitute_numbers('??? solution "S"\n    {{ t }}\n\nAfter.\n', "content/x.md")
    assert text.split("\n")[1:4] == ["    | a |", "    |---|", "    | 1 |"]
    assert line_map[:5] == [1, 2, 2, 2, 3]
    html = render(text)
    assert html.index("<table>") < html.index("</details>")


def test_unknown_book_number_names_file_and_line():
    from app.content.book_numbers_substitution import substitute_numbers
    from app.content.errors import BuildError

    with pytest.raises(BuildError) as info:
        substitute_numbers("One.\n\nThere are {{ no_such_number }} parameters.\n", "content/03-x.md")
    assert info.value.location == "content/03-x.md:3"


def test_table_alignment_is_a_class_not_an_inline_style():
    # Styling lives in the stylesheet: the only inline styles a page carries are the typeset math's own.
    html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert "style=" not in html
    assert '<th class="align-left">a</th>' in html and '<td class="align-right">3</td>' in html
    assert '<th class="align-center">b</th>' in html
