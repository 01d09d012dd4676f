"""The book reads as prose: no paragraph is a run of telegraphic fragments.

The source document described each method in note form ("Uses a small batch
(typically 32-256 samples). Best of both worlds. The standard in practice.").
The book keeps every one of those sentences (tests/content/test_source_coverage.py)
but folds them into sentences, or into a table where a comparison is the point.
A paragraph in which at least two sentences, and at least half of them, have
five words or fewer reads as such a note and fails. A paragraph that opens with
a bold or italic run-in heading ("**Bias correction.** Both averages …") is prose.
"""

from __future__ import annotations

import html
import re

PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
SHORT = 5  # words


def telegraphic(paragraph_html: str) -> bool:
    if paragraph_html.lstrip().startswith(("<strong>", "<em>")):
        return False
    text = re.sub(r"\s+", " ", html.unescape(TAG.sub("", paragraph_html))).strip()
    sentences = [s for s in SENTENCE.split(text) if s]
    short = [s for s in sentences if len(s.split()) <= SHORT]
    return len(short) >= 2 and 2 * len(short) >= len(sentences)


def test_detector_tells_notes_from_prose():
    assert telegraphic("Uses one sample per update. Very noisy but fast. The noise can help escape local minima.")
    assert telegraphic("Outputs 0 or 1. Not differentiable. Uses the perceptron learning rule.")
    assert not telegraphic(
        "Stochastic gradient descent uses one sample per update. Each step is very noisy but fast, "
        "and the noise can help escape local minima."
    )
    assert not telegraphic("<strong>Bias correction.</strong> Both start at zero. So they are biased. Here is why, at length.")


def test_no_paragraph_is_a_run_of_fragments(book):
    found = [
        f"{chapter.source_path.name}: {TAG.sub('', m.group(1))[:100]}"
        for chapter in book.chapters
        for m in PARAGRAPH.finditer(chapter.html)
        if telegraphic(m.group(1))
    ]
    assert not found, "paragraphs in note form (fold them into sentences):\n" + "\n".join(f"  {f}" for f in found)
