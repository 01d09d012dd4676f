"""The book's prose uses real dashes: a spaced hyphen ("network - a single neuron") is a typo.

The book's style is a spaced em dash (" — ") for a break in a sentence and an
en dash for ranges ("1958–1969"). A hyphen with a space on both sides is
allowed only where it is a minus sign: inside math (``$y - \\hat{y}$``) and
code. The check reads every rendered page — quiz explanations (kept in an
attribute) and figure captions included — with math and code removed, and
the summaries and hero lines that the home page shows.
"""

from __future__ import annotations

import html
import re

from tests.content.content_html import MATH

CODE = re.compile(r"<(code|pre|script|style)\b.*?</\1>", re.S)
EXPLANATION_ATTRIBUTE = re.compile(r'data-explanation="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
SPACED_HYPHEN = re.compile(r"(?:^|\s)-\s")  # " - " between words; "e.g. -1" or "multi-layer" are fine


def prose_of(rendered: str) -> str:
    """The page's reading text: quiz explanations added, math, code and tags removed."""
    extra = [html.unescape(a) for a in EXPLANATION_ATTRIBUTE.findall(rendered)]
    text = "\n".join([rendered] + extra)
    text = CODE.sub(" ", MATH.sub(" ", text))
    text = TAG.sub(" ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def spaced_hyphens(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 30].strip() for m in SPACED_HYPHEN.finditer(text)]


def test_detector_finds_spaced_hyphens_but_not_minus_signs_or_compounds():
    page = (
        '<p>The simplest network - a single neuron. A multi-layer net, '
        '<span class="math inline">a - b</span> and <code>x - 1</code>; ranges 32–256 — fine.</p>'
    )
    found = spaced_hyphens(prose_of(page))
    assert len(found) == 1 and "network - a single" in found[0]
    assert spaced_hyphens(prose_of("<p>Either 0 or 1 — no shrinking; values in [-1, 1].</p>")) == []


def test_no_spaced_hyphen_in_the_prose(all_pages):
    found = [f"{page.source_path.name}: …{hit}…" for page in all_pages for hit in spaced_hyphens(prose_of(page.html))]
    assert not found, "spaced hyphens used as dashes (write ' — '):\n" + "\n".join(f"  {f}" for f in found)


def test_no_spaced_hyphen_in_summaries_and_hero_lines(book, all_pages):
    lines = [("book.toml", book.tagline), ("book.toml", book.subtitle)]
    lines += [(page.source_path.name, page.summary) for page in all_pages]
    found = [f"{name}: {line}" for name, line in lines if spaced_hyphens(line)]
    assert not found, "spaced hyphens in summaries (write ' — '):\n" + "\n".join(f"  {f}" for f in found)
