"""Every "In this book" link of the history timeline leads to text that discusses that milestone.

The timeline of chapter 1 is a table: Year | Milestone | Why it mattered |
In this book. A milestone names its authors before a colon ("Widrow & Hoff:
ADALINE and the LMS rule"); several milestones in one cell are separated by
semicolons, and one may carry its own year ("Glorot, Bordes & Bengio (2011):
..."). The milestone's work is the entry of chapter 1's References with that
first author and one of the years the row gives. The link must point to a
section whose prose cites that very work: a citation (parenthetical or
narrative) that resolves, in the target chapter's own References, to the same
entry (test_citation_forms keeps every work in one form book-wide, so the two
entries are identical). Same author and year is not enough: "He et al.
(2015)" is the ReLU-initialization paper, not ResNet.

A link to a whole chapter is checked against the chapter's prose; a link with
a ``#fragment`` against the section that the heading with that id opens, up to
the next heading of the same or a higher level. The References list does not
count: listing a work is not discussing it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urldefrag

import pytest

from tests.content.citations import find_citations, parse_reference, resolves
from tests.content.content_html import plain

TIMELINE = re.compile(r'<div class="timeline">(.*?)</div>', re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<td>(.*?)</td>", re.S)
HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>', re.S)
LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.S)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
REFERENCES_ID = "references"


@dataclass(frozen=True)
class Milestone:
    year_cell: str
    work: str  # one milestone of the cell, e.g. "Widrow & Hoff: ADALINE and the LMS rule"
    href: str


def timeline_milestones(history_html: str) -> list[Milestone]:
    """The milestones of the timeline that carry an "In this book" link."""
    table = TIMELINE.search(history_html)
    assert table, 'chapter 1 has no timeline table (<div class="timeline">)'
    found = []
    for row in ROW.findall(table.group(1)):
        cells = CELL.findall(row)
        if len(cells) != 4:
            continue  # the header row has <th> cells
        link = HREF.search(cells[3])
        if not link:
            continue  # "—": the book does not return to this milestone
        for work in plain(cells[1]).split(";"):
            if ":" in work:
                found.append(Milestone(plain(cells[0]), work.strip(), html.unescape(link.group(1))))
    return found


def cited_authors_and_years(milestone: Milestone) -> tuple[str, set[str]]:
    """(first author's surname, acceptable years) of a milestone."""
    authors, _, description = milestone.work.partition(":")
    narrative = find_citations(authors)
    if narrative:  # "Glorot, Bordes & Bengio (2011)": the milestone carries its own year
        return narrative[0].surnames[0], {narrative[0].year}
    surname = re.split(r"[\s,&]", authors.strip())[0]
    return surname, set(YEAR.findall(milestone.year_cell)) | set(YEAR.findall(description))


def references(page_html: str) -> list[str]:
    """The entries of a page's References section, as plain text."""
    return [plain(item) for item in LIST_ITEM.findall(section_html(page_html, REFERENCES_ID))]


def milestone_entries(history_references: list[str], surname: str, years: set[str]) -> set[str]:
    """Chapter 1's reference entries for a milestone: that first author, one of those years."""
    found = set()
    for entry in history_references:
        reference = parse_reference(entry)
        if reference and reference.authors.startswith(surname + ",") and reference.year in years:
            found.add(entry)
    return found


def section_html(page_html: str, fragment: str) -> str:
    """The part of a page a link points to: the whole page without its References, or the section
    opened by the heading with id ``fragment``, up to the next heading of the same or a higher level."""
    headings = list(HEADING.finditer(page_html))
    if not fragment:
        end = next((h.start() for h in headings if h.group(2) == REFERENCES_ID), len(page_html))
        return page_html[:end]
    start = next((i for i, h in enumerate(headings) if h.group(2) == fragment), None)
    assert start is not None, f"no heading with id {fragment!r}"
    level = int(headings[start].group(1))
    end = next((h.start() for h in headings[start + 1 :] if int(h.group(1)) <= level), len(page_html))
    return page_html[headings[start].start() : end]


def cited_entries(section: str, page_references: list[str]) -> set[str]:
    """The reference entries that the citations in a section's prose resolve to."""
    parsed = [(entry, parse_reference(entry)) for entry in page_references]
    return {
        entry
        for citation in find_citations(plain(section))
        for entry, reference in parsed
        if reference and resolves(citation, reference)
    }


def target_page(book, history, href: str) -> tuple[str, str]:
    path, fragment = urldefrag(href)
    if not path:
        return history.html, fragment
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    chapter = book.chapter(slug)
    assert chapter is not None, f"timeline link {href!r} names no chapter"
    return chapter.html, fragment


def test_every_timeline_link_points_to_a_section_that_cites_the_milestone(book):
    history = book.chapter("history")
    history_references = references(history.html)
    milestones = timeline_milestones(history.html)
    assert len(milestones) >= 15, f"only {len(milestones)} linked milestones found: did the timeline markup change?"
    problems = []
    for milestone in milestones:
        surname, years = cited_authors_and_years(milestone)
        works = milestone_entries(history_references, surname, years)
        if not works:
            problems.append(f"{milestone.year_cell} {milestone.work!r}: no entry {surname} ({'/'.join(sorted(years))}) in chapter 1's References")
            continue
        page, fragment = target_page(book, history, milestone.href)
        if not works & cited_entries(section_html(page, fragment), references(page)):
            problems.append(
                f"{milestone.year_cell} {milestone.work!r} -> {milestone.href}: that section does not cite "
                + " or ".join(sorted(works))
            )
    assert not problems, "timeline links to text that does not discuss the milestone:\n" + "\n".join(f"  {p}" for p in problems)


def test_milestones_and_sections_are_read_as_intended():
    table = (
        '<div class="timeline"><table><tbody>'
        '<tr><td>1960</td><td>Widrow &amp; Hoff: ADALINE</td><td>why</td><td><a href="/chapters/loss-functions#mse">x</a></td></tr>'
        "<tr><td>1982</td><td>Hopfield: memories</td><td>why</td><td>—</td></tr>"
        "<tr><td>2010</td><td>Nair &amp; Hinton: ReLU; Glorot, Bordes &amp; Bengio (2011): deep ReLU nets</td><td>w</td>"
        '<td><a href="/chapters/activations#relu">x</a></td></tr>'
        "<tr><td>2015</td><td>He et al.: ResNet (arXiv 2015, CVPR 2016)</td><td>w</td><td><a href=\"#x\">x</a></td></tr>"
        "</tbody></table></div>"
    )
    milestones = timeline_milestones(table)
    assert [m.work.split(":")[0] for m in milestones] == ["Widrow & Hoff", "Nair & Hinton", "Glorot, Bordes & Bengio (2011)", "He et al."]
    assert cited_authors_and_years(milestones[0]) == ("Widrow", {"1960"})
    assert cited_authors_and_years(milestones[2]) == ("Glorot", {"2011"})
    assert cited_authors_and_years(milestones[3]) == ("He", {"2015", "2016"})

    prelu = "He, K., & Sun, J. (2015). Delving deep into rectifiers. In ICCV."
    resnet = "He, K., & Sun, J. (2016). Deep residual learning. In CVPR."
    widrow = "Widrow, B., & Hoff, M. E. (1960). Adaptive switching circuits. WESCON."
    page = (
        '<h2 id="mse">MSE</h2><p>Squared error.</p><h3 id="sub">Sub</h3><p>As Widrow and Hoff (1960) showed.</p>'
        '<h2 id="init">Init</h2><p>(He et al., 2015)</p><h2 id="fukushima">F</h2><p>no citation</p>'
        f'<h2 id="references">References</h2><ul><li>{prelu}</li><li>{resnet}</li><li>{widrow}</li></ul>'
    )
    refs = references(page)
    assert refs == [prelu, resnet, widrow]
    assert milestone_entries(refs, "He", {"2015", "2016"}) == {prelu, resnet}
    assert cited_entries(section_html(page, "mse"), refs) == {widrow}  # a subsection belongs to its section
    assert cited_entries(section_html(page, "sub"), refs) == {widrow}
    assert cited_entries(section_html(page, "init"), refs) == {prelu}  # so a link for ResNet here would fail
    assert resnet not in cited_entries(section_html(page, ""), refs)  # the reference list does not count
    with pytest.raises(AssertionError):
        section_html(page, "missing")
