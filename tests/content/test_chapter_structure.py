"""Every chapter has the shape of issue 4, and every citation points to a reference.

Shape: a lead paragraph of prose — not a second copy of the front matter's
summary, which the page header already shows as the chapter's tagline — then
the chapter's sections, ending with ``Summary`` (bullets), ``Exercises``
(each followed by a worked solution), ``Self-check`` (3 to 5 quizzes, ids
unique across the book and prefixed with the chapter's slug) and
``References`` (entries "Authors (Year). Title. Venue."). Every (Author,
Year) or Author (Year) citation in the chapter's prose must match an entry
of that chapter's references: same year, same first author, every other
named author present.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.content.citations import find_citations, parse_reference, resolves
from tests.content.conftest import CONTENT_DIR
from tests.content.content_html import before_first_h2, h2_sections, normalise_prose, plain

CLOSING_SECTIONS = ["Summary", "Exercises", "Self-check", "References"]
QUIZZES_PER_CHAPTER = range(3, 6)
MIN_EXERCISES = 2
QUIZ_ID = re.compile(r'<form class="quiz"[^>]*data-quiz-id="([^"]+)"')
LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.S)
FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>", re.S)

CHAPTER_FILES = sorted(p.name for p in CONTENT_DIR.glob("[0-9][0-9]-*.md"))


class ExerciseOrder(HTMLParser):
    """Records, in document order, each exercise (an item of the section's top-level list)
    and each worked solution (``<details class="solution">``), wherever the author put it:
    inside the item or right after it."""

    def __init__(self):
        super().__init__()
        self.events: list[str] = []
        self.list_depth = 0
        self.details_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.list_depth += 1
        elif tag == "li" and self.list_depth == 1 and self.details_depth == 0:
            self.events.append("exercise")
        elif tag == "details":
            self.details_depth += 1
            if "solution" in (dict(attrs).get("class") or "").split():
                self.events.append("solution")

    def handle_endtag(self, tag):
        if tag in ("ol", "ul"):
            self.list_depth -= 1
        elif tag == "details":
            self.details_depth -= 1


def exercises_without_solution(section_html: str) -> tuple[int, list[int]]:
    """(number of exercises, 1-based numbers of those not followed by a solution)."""
    parser = ExerciseOrder()
    parser.feed(section_html)
    exercises, missing, solved = 0, [], True
    for event in parser.events + ["exercise"]:  # the sentinel closes the last exercise
        if event == "exercise":
            if exercises and not solved:
                missing.append(exercises)
            exercises += 1
            solved = False
        else:
            solved = True
    return exercises - 1, missing


def chapter_for(book, file_name: str):
    chapter = next((c for c in book.chapters if c.source_path.name == file_name), None)
    assert chapter is not None, f"{file_name} is not listed in content/book.toml"
    return chapter


def sections_by_title(chapter) -> dict[str, str]:
    return {title: body for _, title, body in h2_sections(chapter.html)}


@pytest.mark.parametrize("file_name", CHAPTER_FILES)
def test_chapter_opens_with_prose_not_a_repeat_of_its_tagline(book, file_name):
    chapter = chapter_for(book, file_name)
    first = FIRST_PARAGRAPH.match(before_first_h2(chapter.html))
    assert first, f"{file_name}: the chapter must open with a lead paragraph before its first section"
    lead = normalise_prose(plain(first.group(1)))
    assert normalise_prose(chapter.summary) not in lead, (
        f"{file_name}: the lead paragraph repeats the front matter's summary, which the page header already shows"
    )


def test_reference_pages_do_not_repeat_their_summary(book):
    for page in book.pages.values():
        first = FIRST_PARAGRAPH.match(before_first_h2(page.html))
        assert not first or normalise_prose(page.summary) not in normalise_prose(plain(first.group(1))), (
            f"{page.source_path.name}: the first paragraph repeats the front matter's summary"
        )


@pytest.mark.parametrize("file_name", CHAPTER_FILES)
def test_chapter_ends_with_summary_exercises_self_check_references(book, file_name):
    titles = [title for _, title, _ in h2_sections(chapter_for(book, file_name).html)]
    assert titles[-len(CLOSING_SECTIONS) :] == CLOSING_SECTIONS, (
        f"{file_name}: the last sections must be {CLOSING_SECTIONS}, found {titles[-len(CLOSING_SECTIONS):]}"
    )
    assert len(titles) > len(CLOSING_SECTIONS), f"{file_name}: the chapter has no body sections"


@pytest.mark.parametrize("file_name", CHAPTER_FILES)
def test_summary_is_a_list_of_points(book, file_name):
    summary = sections_by_title(chapter_for(book, file_name)).get("Summary", "")
    assert len(LIST_ITEM.findall(summary)) >= 3, f"{file_name}: the Summary should list at least 3 points"


@pytest.mark.parametrize("file_name", CHAPTER_FILES)
def test_every_exercise_has_a_worked_solution(book, file_name):
    exercises = sections_by_title(chapter_for(book, file_name)).get("Exercises", "")
    count, missing = exercises_without_solution(exercises)
    assert count >= MIN_EXERCISES, f"{file_name}: found {count} exercises, want at least {MIN_EXERCISES}"
    assert not missing, f"{file_name}: exercise(s) {missing} have no '??? solution' after them"


@pytest.mark.parametrize("file_name", CHAPTER_FILES)
def test_self_check_has_three_to_five_quizzes(book, file_name):
    chapter = chapter_for(book, file_name)
    ids = QUIZ_ID.findall(sections_by_title(chapter).get("Self-check", ""))
    assert len(ids) in QUIZZES_PER_CHAPTER, f"{file_name}: {len(ids)} quizzes in Self-check, want 3 to 5"
    wrong_prefix = [i for i in ids if not i.startswith(chapter.slug + "-")]
    assert not wrong_prefix, f"{file_name}: quiz ids must start with {chapter.slug + '-'!r}: {wrong_prefix}"


def test_quiz_ids_are_unique_across_the_book(book):
    ids = [i for chapter in book.chapters for i in QUIZ_ID.findall(chapter.html)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"quiz ids used twice (readers' saved answers would collide): {duplicates}"


@pytest.mark.parametrize("file_name", CHAPTER_FILES)
def test_every_citation_has_a_reference(book, file_name):
    sections = h2_sections(chapter_for(book, file_name).html)
    references_html = next((body for _, title, body in sections if title == "References"), "")
    entries = [plain(item) for item in LIST_ITEM.findall(references_html)]
    assert entries, f"{file_name}: the References section lists no entries"
    references = [parse_reference(e) for e in entries]
    malformed = [e for e, r in zip(entries, references) if r is None]
    assert not malformed, f"{file_name}: references not in the form 'Authors (Year). Title.':\n" + "\n".join(malformed)

    prose = " ".join(
        [plain(before_first_h2(chapter_for(book, file_name).html))]
        + [plain(body) for _, title, body in sections if title != "References"]
    )
    citations = find_citations(prose)
    unresolved = sorted({c.text for c in citations if not any(resolves(c, r) for r in references)})
    assert not unresolved, f"{file_name}: citations without a matching reference entry:\n" + "\n".join(
        f"  {u}" for u in unresolved
    )


def test_citation_finder_reads_both_forms():
    prose = (
        "as shown (Glorot & Bengio, 2010; He et al., 2015) and by Rumelhart, Hinton and Williams (1986); "
        "see Nielsen (2015, ch. 3) and (Bishop, 2006, §3.1), but not (SGDR; 2017) or (1) a list."
    )
    found = {(c.surnames, c.year) for c in find_citations(prose)}
    assert found == {
        (("Glorot", "Bengio"), "2010"),
        (("He",), "2015"),
        (("Rumelhart", "Hinton", "Williams"), "1986"),
        (("Nielsen",), "2015"),
        (("Bishop",), "2006"),
    }
    entry = parse_reference("Glorot, X., & Bengio, Y. (2010). Understanding the difficulty. In AISTATS.")
    glorot = next(c for c in find_citations(prose) if c.surnames[0] == "Glorot")
    assert resolves(glorot, entry)
    wrong_year = next(c for c in find_citations("(Glorot & Bengio, 2011)"))
    assert not resolves(wrong_year, entry)


def test_exercise_order_accepts_solutions_inside_or_after_each_item():
    inside = "<ol><li><p>Q1</p><details class='solution'>A</details></li><li><p>Q2</p><details class='solution'>A</details></li></ol>"
    after = "<ol><li>Q1</li></ol><details class='solution'>A</details><ol start='2'><li>Q2</li></ol>"
    assert exercises_without_solution(inside) == (2, [])
    assert exercises_without_solution(after) == (2, [2])
