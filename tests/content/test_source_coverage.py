"""Every sentence of the source document must appear in the book, verbatim or nearly.

The source (content/source/neural-networks.txt, a copy of the extracted
original) is split into sentences. Each must be found in the plain text of
the rendered book — chapters (their header taglines included), reference pages, and the home page's hero
lines from content/book.toml — after normalising typography (dashes, quotes,
spacing, math dollars). A sentence counts as found when it occurs exactly or
when some window of the book's words matches it with a difflib ratio of at
least 0.9. At least 95 % of the sentences must be found.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from pathlib import Path

from tests.content.content_html import normalise_prose

SOURCE = Path(__file__).resolve().parents[2] / "content" / "source" / "neural-networks.txt"
# A button label of the original page, not prose: nothing to mirror.
PAGE_CONTROLS = ("Begin Learning ↓",)
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
FUZZY_RATIO = 0.9
REQUIRED_COVERAGE = 0.95
SHINGLE = 3  # words per index key


def source_sentences(text: str) -> list[str]:
    """The source's sentences in order; page controls glued to neighbouring text are cut out."""
    sentences = []
    for line in text.splitlines():
        for control in PAGE_CONTROLS:
            line = line.replace(control, "\n")
        for piece in line.split("\n"):
            sentences += [s.strip() for s in SENTENCE_BREAK.split(piece.strip()) if s.strip()]
    return sentences


class ProseIndex:
    """The book's normalised words, indexed by word triples so fuzzy search only visits likely windows."""

    def __init__(self, text: str):
        self.text = normalise_prose(text)
        self.words = self.text.split()
        self.positions: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(self.words) - SHINGLE + 1):
            self.positions[tuple(self.words[i : i + SHINGLE])].append(i)

    def best_ratio(self, sentence: str, candidates: int = 8) -> float:
        """Highest difflib ratio between ``sentence`` and a window of the book of about its length.

        Windows start where the sentence's word triples occur, shifted back by
        the triple's offset in the sentence; the most voted starts are compared.
        """
        words = normalise_prose(sentence).split()
        n = len(words)
        if n < SHINGLE:
            return 1.0 if " ".join(words) in self.text else 0.0
        votes = Counter()
        for offset in range(n - SHINGLE + 1):
            for position in self.positions.get(tuple(words[offset : offset + SHINGLE]), ()):
                votes[position - offset] += 1
        target = " ".join(words)
        best = 0.0
        for start, _ in votes.most_common(candidates):
            for length in range(max(1, n - 3), n + 4):
                window = " ".join(self.words[max(0, start) : max(0, start) + length])
                best = max(best, difflib.SequenceMatcher(None, target, window, autojunk=False).ratio())
        return best

    def contains(self, sentence: str) -> bool:
        return normalise_prose(sentence) in self.text or self.best_ratio(sentence) >= FUZZY_RATIO


def book_text(book) -> str:
    hero = [book.title, book.subtitle, book.tagline]
    pages = list(book.chapters) + list(book.pages.values())
    # The summary is rendered in each page's header (its tagline), so it is book text too.
    return "\n".join(hero + [f"{page.title}. {page.summary} {page.text}" for page in pages])


def test_splitter_cuts_sentences_and_page_controls():
    text = "Begin Learning ↓The first. Range: (0, 1). Smooth: yes.\nEquation follows:\n"
    assert source_sentences(text) == ["The first.", "Range: (0, 1).", "Smooth: yes.", "Equation follows:"]


def test_matcher_accepts_near_copies_and_rejects_other_sentences():
    index = ProseIndex(
        "Some words before. The perceptron converges if the data is linearly separable, "
        "as Novikoff proved. Words after — with a dash."
    )
    assert index.contains("The perceptron converges if the data is linearly separable.")
    assert index.contains("Words after - with a dash.")  # typography does not matter
    assert index.contains("The perceptron converge if the data are linearly separable.")  # nearly
    assert not index.contains("Backpropagation is simply the chain rule applied systematically.")
    assert not index.contains("The perceptron never converges on XOR data.")


def test_source_sentences_appear_in_the_book(book):
    sentences = source_sentences(SOURCE.read_text(encoding="utf-8"))
    assert len(sentences) > 150, "the source document seems truncated"
    index = ProseIndex(book_text(book))
    missing = [s for s in sentences if not index.contains(s)]
    coverage = 1 - len(missing) / len(sentences)
    report = "\n".join(f"  - {s}" for s in missing)
    print(f"\nsource coverage: {coverage:.1%} of {len(sentences)} sentences; missing:\n{report or '  (none)'}")
    assert coverage >= REQUIRED_COVERAGE, f"only {coverage:.1%} of the source's sentences are in the book; missing:\n{report}"
