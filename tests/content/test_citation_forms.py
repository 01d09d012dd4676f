"""Each work is cited in one form across the whole book.

Every chapter keeps its own References list, so the same work is listed in
several chapters. Those copies must agree, or a reader meets "He et al. (2015)"
in one chapter and "He et al. (2016)" for the same paper in the next, or two
translations of one German title. Two rules, over the entries of all
chapters together:

- one author list and year name one work: every entry with the same authors
  and year has exactly the same text (the APA rule; two works by the same
  authors in the same year would need "2015a" and "2015b");
- one title belongs to one citation: entries with the same title have the same
  authors and the same year. A preprint and its published version are one
  work, cited once. The one exception is a technical report, a publication of
  its own that the history chapter cites for priority (the LSTM report of 1995
  and the journal paper of 1997 share their title).
"""

from __future__ import annotations

import re
from collections import defaultdict

from tests.content.citations import parse_reference
from tests.content.content_html import h2_sections, plain
from tests.content.test_chapter_structure import LIST_ITEM

TRANSLATION = re.compile(r"\[[^\]]*\]")  # "[Investigations on ...]", a translated title


def reference_entries(book) -> list[tuple[str, str]]:
    """``(chapter file, entry text)`` for every item of every chapter's References section."""
    found = []
    for chapter in book.chapters:
        for _, title, body in h2_sections(chapter.html):
            if title == "References":
                found += [(chapter.source_path.name, plain(item)) for item in LIST_ITEM.findall(body)]
    return found


def title_of(entry_rest: str) -> str:
    """The title: the text after "(Year). " up to the first full stop or question mark, without a
    bracketed translation, lower-cased and stripped of everything but letters and digits."""
    title = re.split(r"(?<=[.?])\s", TRANSLATION.sub("", entry_rest), maxsplit=1)[0]
    return re.sub(r"[^0-9a-z]", "", title.lower())


def disagreements(entries: list[tuple[str, str]]) -> list[str]:
    by_author_year: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_title: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for chapter, text in entries:
        reference = parse_reference(text)
        if reference is None:
            continue  # malformed entries are reported by test_chapter_structure
        rest = text.split(f"({reference.year}", 1)[1].split(").", 1)[1]
        by_author_year[(reference.authors, reference.year)][text].append(chapter)
        if "Technical Report" not in text:
            by_title[title_of(rest)][(reference.authors, reference.year)].append(chapter)
    problems = []
    for (authors, year), forms in by_author_year.items():
        if len(forms) > 1:
            listing = "\n".join(f"    {sorted(set(chs))}: {form}" for form, chs in forms.items())
            problems.append(f"{authors} ({year}) is written {len(forms)} ways:\n{listing}")
    for title, citations in by_title.items():
        if len(citations) > 1:
            listing = "\n".join(f"    {sorted(set(chs))}: {a} ({y})" for (a, y), chs in citations.items())
            problems.append(f"the title {title[:60]!r} is cited with different authors or years:\n{listing}")
    return problems


def test_every_work_has_one_reference_entry_book_wide(book):
    entries = reference_entries(book)
    assert len(entries) > 100, "suspiciously few reference entries: did the References markup change?"
    problems = disagreements(entries)
    assert not problems, "the same work is cited in different forms:\n" + "\n".join(problems)


def test_the_check_catches_a_changed_year_and_a_changed_translation():
    resnet_2015 = "He, K., Zhang, X., Ren, S., & Sun, J. (2015). Deep residual learning for image recognition. arXiv:1512.03385."
    resnet_2016 = "He, K., Zhang, X., Ren, S., & Sun, J. (2016). Deep residual learning for image recognition. In CVPR, 770–778."
    prelu_2015 = "He, K., Zhang, X., Ren, S., & Sun, J. (2015). Delving deep into rectifiers. In ICCV, 1026–1034."
    thesis_on = "Hochreiter, S. (1991). *Untersuchungen zu dynamischen neuronalen Netzen* [Investigations on dynamic neural networks]. Diploma thesis."
    thesis_of = "Hochreiter, S. (1991). *Untersuchungen zu dynamischen neuronalen Netzen* [Investigations of dynamic neural networks]. Diploma thesis."
    assert disagreements([("01", resnet_2016), ("07", resnet_2016), ("04", prelu_2015)]) == []
    year = disagreements([("01", resnet_2015), ("07", resnet_2016)])
    assert len(year) == 1 and "deepresiduallearning" in year[0]
    # the 2015 ResNet entry and the PReLU paper share authors and year: one of them is mis-dated
    assert any("written 2 ways" in p for p in disagreements([("01", resnet_2015), ("04", prelu_2015)]))
    translation = disagreements([("01", thesis_on), ("07", thesis_of)])
    assert len(translation) == 1 and "Hochreiter" in translation[0]
    report = "Hochreiter, S., & Schmidhuber, J. (1995). *Long short-term memory*. Technical Report FKI-207-95, TU München."
    journal = "Hochreiter, S., & Schmidhuber, J. (1997). Long short-term memory. *Neural Computation*, 9(8), 1735–1780."
    assert disagreements([("01", report), ("01", journal), ("10", report), ("10", journal)]) == []
