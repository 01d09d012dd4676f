"""The notation page is one honest table of symbols: every meaning a letter has in the book is
listed there, and a letter with more than one meaning carries a note on how to tell them apart.

Two kinds of check:

- On the page alone: a symbol that heads more than one row of the page's tables
  must also have a row in the section "Letters with more than one meaning",
  and every row of that section has a note (its last column is not empty).
- Against the chapters: for the letters that the book uses in several senses
  (``USES`` below: K, v, g, γ, δ, θ, Δ, D), each sense is recognised in the
  chapters' mathematics by a pattern. Every sense that occurs must be named in
  a row of the notation page for that letter, and a letter that occurs in two
  or more senses must have a row, with a note, in the section of letters with
  more than one meaning. Reintroducing, say, $K(u, v)$ for a convolution
  filter without listing "filter" under $K$ fails here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pytest

from tests.content.content_html import h2_sections, math_expressions, plain
from tests.content.tex_normal_form import normal_tex

CLASH_SECTION = "letters-with-more-than-one-meaning"
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<td>(.*?)</td>", re.S)


@dataclass(frozen=True)
class Use:
    letter: str  # the symbol without indices, as normal_tex writes it
    keyword: str  # a word the notation row must contain for this sense
    pattern: str  # regex on the normal TeX of a chapter's math that recognises this sense


USES = [
    Use("K", "classes", r"\^\{K\}"),  # \sum_{k=1}^{K}, \mathbb{R}^{K}
    Use("K", "keys", r"QK\^|K=XW_K"),
    Use("K", "filter", r"K\(u,v\)|K_\{f,c\}"),
    Use("K", "compact", r"C\(K\)|\\in K(?![a-zA-Z])|K\\subset"),
    Use("v", "velocity", r"v_t=\\mu"),
    Use("v", "second moment", r"v_t=\\beta_2"),
    Use("v", "output weight", r"v_i\\sigma"),
    Use("g", "activation", r"g'?\^\{\[l\]\}"),
    Use("g", "gradient", r"(?<![a-zA-Z\\])g_(?:t|\{\\text\{analytic)"),
    Use("\\gamma", "margin", r"\\ge\\gamma|\{\\gamma\}\)\^2|R/\\gamma"),
    Use("\\gamma", "scale", r"\\gamma\\hat\{x\}"),
    Use("\\gamma", "decay", r"\\gamma\^\{\\lfloor"),
    Use("\\delta", "error signal", r"\\delta\^\{\["),
    Use("\\delta", "kronecker", r"\\delta_\{ij\}"),
    Use("\\theta", "threshold", r"\\geq?\\theta|b=-\\theta"),
    Use("\\theta", "parameters", r"\\nabla_\\theta|\\theta_t|\\partial\\theta"),
    Use("\\Delta", "batch", r"\\Delta\^\{\["),
    Use("D", "slopes", r"D\^\{\[l\]\}"),
]


@dataclass(frozen=True)
class NotationRow:
    symbols: tuple[str, ...]  # the first cell's symbols in normal TeX, e.g. ("\hat{y}", "a^{[L]}")
    text: str  # the other cells, plain and lower-cased
    note: str  # the last cell
    in_clash_section: bool


def strip_indices(tex: str) -> str:
    """The symbol without sub- and superscripts or primes: ``g'^{[l]}`` -> ``g``, ``\\Delta^{[l]}`` -> ``\\Delta``."""
    out, i = [], 0
    while i < len(tex):
        if tex[i] in "_^":
            i += 1
            if i < len(tex) and tex[i] == "{":
                depth = 0
                while i < len(tex):
                    depth += {"{": 1, "}": -1}.get(tex[i], 0)
                    i += 1
                    if depth == 0:
                        break
            elif tex[i : i + 1] == "\\":
                i += 1 + len(re.match(r"[a-zA-Z]*", tex[i + 1 :]).group(0))
            else:
                i += 1
        elif tex[i] == "'":
            i += 1
        else:
            out.append(tex[i])
            i += 1
    return "".join(out)


def symbols_of(cell_html: str) -> tuple[str, ...]:
    """Every symbol named in a table cell: each math span, split at "=" and ","."""
    pieces = []
    for expression in math_expressions(cell_html):
        pieces += [p for p in re.split(r"[=,]", normal_tex(expression.tex)) if p]
    return tuple(pieces)


def notation_rows(page_html: str) -> list[NotationRow]:
    rows = []
    for section_id, _, body in h2_sections(page_html):
        for table in TABLE.findall(body):
            for row in ROW.findall(table):
                cells = CELL.findall(row)
                if len(cells) < 2:
                    continue  # header row
                rows.append(
                    NotationRow(
                        symbols_of(cells[0]),
                        " ".join(plain(c) for c in cells[1:]).lower(),
                        plain(cells[-1]),
                        section_id == CLASH_SECTION,
                    )
                )
    return rows


def senses_in_book(book) -> dict[str, dict[str, list[str]]]:
    """letter -> keyword -> chapters whose math uses the letter in that sense."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chapter in book.chapters:
        math = "\n".join(normal_tex(m.tex) for m in math_expressions(chapter.html))
        for use in USES:
            if re.search(use.pattern, math):
                found[use.letter][use.keyword].append(chapter.slug)
    return found


def symbols_without_note(rows: list[NotationRow]) -> list[str]:
    """Symbols heading two or more rows, or heading a row of the clash section with an empty note,
    that the clash section does not explain."""
    count: dict[str, int] = defaultdict(int)
    for row in rows:
        for symbol in set(row.symbols):
            count[symbol] += 1
    explained = {s for row in rows if row.in_clash_section and row.note for s in row.symbols}
    problems = [f"{s} heads {n} rows" for s, n in count.items() if n > 1 and s not in explained]
    problems += [f"{row.symbols} has no note" for row in rows if row.in_clash_section and not row.note]
    return problems


def unlisted_senses(rows: list[NotationRow], senses: dict[str, dict[str, list[str]]]) -> list[str]:
    problems = []
    for letter, keywords in senses.items():
        letter_rows = [r for r in rows if letter in {strip_indices(s) for s in r.symbols}]
        for keyword, chapters in keywords.items():
            if not any(keyword in r.text for r in letter_rows):
                problems.append(f"${letter}$ ({keyword!r}, used in {', '.join(chapters)}) is not listed under ${letter}$")
        if len(keywords) > 1 and not any(r.in_clash_section and r.note for r in letter_rows):
            problems.append(f"${letter}$ has {len(keywords)} meanings ({', '.join(keywords)}) but no note in the section of letters with more than one meaning")
    return problems


@pytest.fixture(scope="module")
def rows(book):
    page = book.pages.get("notation")
    assert page is not None, "content/notation.md is missing"
    found = notation_rows(page.html)
    assert len(found) > 30, "suspiciously few notation rows: did the table markup change?"
    return found


def test_no_symbol_heads_two_rows_without_a_note(rows):
    assert any(r.in_clash_section for r in rows), f"the notation page has no section {CLASH_SECTION!r}"
    problems = symbols_without_note(rows)
    assert not problems, "symbols given two meanings without a note on the notation page:\n" + "\n".join(f"  {p}" for p in problems)


def test_every_meaning_a_letter_has_in_the_book_is_on_the_notation_page(book, rows):
    senses = senses_in_book(book)
    assert {"K", "v", "g", "\\gamma"} <= set(senses), f"the patterns no longer recognise the book's math: {sorted(senses)}"
    problems = unlisted_senses(rows, senses)
    assert not problems, "letters whose meanings the notation page does not list:\n" + "\n".join(f"  {p}" for p in problems)


def test_the_checks_read_symbols_and_catch_clashes():
    assert strip_indices(r"g'^{[l]}") == "g"
    assert strip_indices(r"\Delta^{[l]}") == r"\Delta"
    assert strip_indices(r"g_{\text{analytic}}") == "g"
    assert strip_indices(r"\hat{m}_t") == r"\hat{m}"
    page = (
        '<h2 id="sizes">Sizes</h2><table><tr><th>S</th><th>M</th></tr>'
        '<tr><td><span class="math inline">K</span></td><td>number of classes</td></tr>'
        '<tr><td><span class="math inline">\\hat{y} = a^{[L]}</span></td><td>prediction</td></tr></table>'
        '<h2 id="more">More</h2><table>'
        '<tr><td><span class="math inline">K</span></td><td>the keys of attention</td></tr></table>'
    )
    rows = notation_rows(page)
    assert rows[1].symbols == (r"\hat{y}", "a^{[L]}")
    assert symbols_without_note(rows) == ["K heads 2 rows"]
    with_note = page.replace('id="more"', f'id="{CLASH_SECTION}"').replace(
        "<td>the keys of attention</td>", "<td>classes; keys</td><td>keys only beside Q and V</td>"
    )
    assert symbols_without_note(notation_rows(with_note)) == []
    senses = {"K": {"classes": ["activations"], "filter": ["beyond-the-basics"]}}
    problems = unlisted_senses(notation_rows(with_note), senses)
    assert problems == ["$K$ ('filter', used in beyond-the-basics) is not listed under $K$"]
