"""The whole book as one page (``/print``): what ``nnbook pdf`` prints, and what a reader can print.

Each chapter (then each extra page, such as the notation, as an appendix) is
placed in order in a ``<section id="SLUG">``. Its element ids get the prefix
``SLUG--`` so that two chapters' "summary" headings or footnotes stay distinct,
and links between the book's pages become links inside this one document
(``/chapters/architecture#counting-layers`` → ``#architecture--counting-layers``),
which Chromium keeps as working links in the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_ATTRS = re.compile(r'(\s(?:id|for|aria-controls|aria-describedby|aria-labelledby)=")([^"]+)(")')
HREF = re.compile(r'(\shref=")([^"]*)(")')


@dataclass
class PrintSection:
    slug: str
    number: int | None
    title: str
    summary: str
    html: str
    toc: list  # the page's TocEntry list, ids prefixed


def _prefix(slug: str, ids: str) -> str:
    return " ".join(f"{slug}--{i}" for i in ids.split())


def localize(html: str, slug: str, targets: dict[str, str]) -> str:
    """``html`` of page ``slug`` with its ids prefixed and its links to book pages made in-document.

    ``targets`` maps a page's URL path (``/chapters/architecture``, ``/notation``) to its slug.
    """
    html = ID_ATTRS.sub(lambda m: m.group(1) + _prefix(slug, m.group(2)) + m.group(3), html)

    def href(match: re.Match) -> str:
        value = match.group(2)
        if value.startswith("#") and len(value) > 1:
            return f"{match.group(1)}#{slug}--{value[1:]}{match.group(3)}"
        path, _, fragment = value.partition("#")
        target = targets.get(path.rstrip("/") or "/")
        if target is None:
            return match.group(0)
        return f"{match.group(1)}#{target}{'--' + fragment if fragment else ''}{match.group(3)}"

    return HREF.sub(href, html)


NOT_PRINTED = {"authoring"}


def print_sections(book) -> list[PrintSection]:
    """The chapters in reading order, then the extra pages, ready for templates/print.html."""
    # The authoring guide is for instructors, not part of the reader's book.
    pages = [*book.chapters, *(p for p in book.pages.values() if p.slug not in NOT_PRINTED)]
    targets = {page.url: page.slug for page in pages}
    sections = []
    for page in pages:
        toc = [type(entry)(entry.level, f"{page.slug}--{entry.id}", entry.title) for entry in page.toc]
        sections.append(PrintSection(page.slug, page.number, page.title, page.summary,
                                     localize(page.html + page.answer_key, page.slug, targets), toc))
    return sections
