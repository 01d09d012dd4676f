"""The math font's subset of common characters: cut as declared, and enough for every formula of the book."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from app.inline_assets import page_css
from app.math_font import code_points, ensure_subsets, font_face_css, subsets

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
SUBSET, SPEC = next(iter(subsets().items()))


def italic(char: str) -> str:
    """The letter a lone <mi> shows (CSS text-transform: math-auto, Unicode's mathematical italic)."""
    code = ord(char)
    if char == "h":
        return "\u210e"  # Planck's constant stands where the italic h would be
    if "A" <= char <= "Z":
        return chr(0x1D434 + code - ord("A"))
    if "a" <= char <= "z":
        return chr(0x1D44E + code - ord("a"))
    if 0x391 <= code <= 0x3A9:
        return chr(0x1D6E2 + code - 0x391)
    if 0x3B1 <= code <= 0x3C9:
        return chr(0x1D6FC + code - 0x3B1)
    extra = {"ı": 0x1D6A4, "ȷ": 0x1D6A5, "∇": 0x1D6FB, "∂": 0x1D715, "ϵ": 0x1D716, "ϑ": 0x1D717,
             "ϰ": 0x1D718, "ϕ": 0x1D719, "ϱ": 0x1D71A, "ϖ": 0x1D71B, "ϴ": 0x1D6F3}
    return chr(extra[char]) if char in extra else char


def drawn_characters(mathml: str) -> set[str]:
    """Every character the MathML draws: its token elements' text, a lone <mi> letter in italic."""
    drawn = set()
    for tag, attrs, text in re.findall(r"<(mi|mo|mn|mtext|ms)\b([^>]*)>([^<]*)</\1>", mathml):
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if tag == "mi" and len(text) == 1 and "mathvariant" not in attrs:
            text = italic(text)
        drawn.update(text)
    return drawn


@pytest.fixture(scope="module")
def subset_font():
    return TTFont(VENDOR / SUBSET)


def test_the_subset_is_the_pinned_cut_of_its_range_with_the_math_table(subset_font):
    assert hashlib.sha256((VENDOR / SUBSET).read_bytes()).hexdigest() == SPEC["sha256"]
    whole = TTFont(VENDOR / SPEC["from"])
    wanted = code_points(SPEC["unicode_range"]) & set(whole.getBestCmap())
    # Every character of the range the font has (and a few its substitutions reach, as \not's negations).
    assert wanted <= set(subset_font.getBestCmap()) and len(subset_font.getBestCmap()) < 1.2 * len(wanted)
    assert "MATH" in subset_font and "GSUB" in subset_font  # MathML's stretched and large glyphs; ss01, ss04
    constants = subset_font["MATH"].table.MathConstants
    assert constants.AxisHeight.Value == whole["MATH"].table.MathConstants.AxisHeight.Value
    assert (VENDOR / SUBSET).stat().st_size < (VENDOR / SPEC["from"]).stat().st_size / 3


def test_every_character_the_book_s_formulas_draw_is_in_the_subset(book_app):
    """So a chapter downloads the small font only; a formula with a rarer character would fetch the whole one."""
    book = book_app.state.book
    pages = [*book.chapters, *book.pages.values()]
    drawn = set().union(*(drawn_characters(page.html + page.answer_key) for page in pages))
    assert len(drawn) > 100 and "\U0001d465" in drawn  # italic x: lone letters are counted as drawn
    outside = sorted(c for c in drawn if ord(c) not in code_points(SPEC["unicode_range"]) and not c.isspace())
    assert not outside, [f"U+{ord(c):04X} {c}" for c in outside]


def test_the_page_declares_the_subset_after_the_whole_font_with_the_same_range():
    css = page_css()
    whole, part = css.index("/static/vendor/temml/STIXTwoMath.woff2"), css.index(f"/static/vendor/{SUBSET}")
    assert whole < part  # the last-declared face of a family is checked first
    assert f"unicode-range: {SPEC['unicode_range']};" in font_face_css() and font_face_css() in css
    assert re.search(r"font-family: STIX2;[^}]*" + re.escape(SUBSET), css)


def test_code_points_reads_a_unicode_range_and_refuses_what_is_not_one():
    assert code_points("U+0041-0043, U+1D434") == {0x41, 0x42, 0x43, 0x1D434}
    with pytest.raises(ValueError, match="U\\+12G"):
        code_points("U+0041, U+12G")


@pytest.mark.slow  # two cuts of the whole font, about 1.5 s each: `make vendor`'s path, not the inner loop's
def test_ensure_subsets_cuts_what_is_missing_and_refuses_bytes_other_than_the_pin(tmp_path):
    (tmp_path / "temml").mkdir()
    (tmp_path / SPEC["from"]).write_bytes((VENDOR / SPEC["from"]).read_bytes())
    tiny = {"from": SPEC["from"], "unicode_range": "U+0041-0042", "sha256": "0" * 64}
    assert ensure_subsets(tmp_path, {"temml/tiny.woff2": tiny}, check_only=True) == [
        "missing or wrong: static/vendor/temml/tiny.woff2"]
    [problem] = ensure_subsets(tmp_path, {"temml/tiny.woff2": tiny})
    assert problem.startswith("temml/tiny.woff2: fontTools ") and "the manifest pins 000" in problem
    assert not (tmp_path / "temml" / "tiny.woff2").exists()  # nothing unpinned is left to be served
    pinned = {**tiny, "sha256": re.search(r"cut sha256 ([0-9a-f]{64})", problem)[1]}  # the same cut, pinned
    assert ensure_subsets(tmp_path, {"temml/tiny.woff2": pinned}) == []
    made = (tmp_path / "temml" / "tiny.woff2").stat().st_mtime_ns
    assert ensure_subsets(tmp_path, {"temml/tiny.woff2": pinned}) == []  # in place and right: not cut again
    assert (tmp_path / "temml" / "tiny.woff2").stat().st_mtime_ns == made
    assert set(TTFont(tmp_path / "temml" / "tiny.woff2").getBestCmap()) >= {0x41, 0x42}
