"""A formula's spoken text (app/content/math_speech.py): what a screen reader says for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.content.math_speech import spoken

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.mark.parametrize(("tex", "words"), [
    (r"\frac{\partial L}{\partial w}", "the fraction partial L over partial w end fraction"),
    (r"\frac{1}{n}", "1 over n"),
    (r"\hat{y}_i^2", "y hat sub i squared"),
    (r"\mathbb{R}^{n}", "the real numbers to the power n"),
    (r"a^{(l)} = \sigma\big(z^{(l)}\big)", "a superscript l equals sigma (z superscript l)"),
    (r"W^\top x", "W transpose x"),
    (r"\sum_{i=1}^{n} w_i x_i", "the sum from i equals 1 to n of w sub i x sub i"),
    (r"\text{for all } x \ge 0", "for all x is at least 0"),
    (r"\operatorname{ReLU}(z) = \max(0, z)", "ReLU (z) equals max (0, z)"),
    (r"w \leftarrow w - \eta \nabla_w L", "w gets w minus eta gradient sub w L"),
    (r"\sqrt{d_k}", "square root of d sub k end root"),
    (r"\Delta w \ne \delta", "capital delta w is not equal to delta"),
    (r"\mathcal{L}", "script L"),
    (r"\newmacro{x}", "newmacro x"),  # unknown: said by its name, never silence
])
def test_formulas_read_as_mathematics(tex, words):
    assert spoken(tex) == words


def _book_formulas():
    for path in sorted(CONTENT.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, re.S):
            yield path.name, match.group(1) or match.group(2)


def test_every_formula_of_the_book_gets_words_without_tex_left_in_them():
    formulas = list(_book_formulas())
    assert len(formulas) > 1000  # the whole book, not an empty glob
    for name, tex in formulas:
        words = spoken(tex)
        assert words.strip(), f"{name}: {tex!r} is read as nothing"
        assert not re.search(r"[\\{}^_]", words), f"{name}: {tex!r} is read as {words!r}"
