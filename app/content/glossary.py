"""The glossary and index, built at start-up from the terms the pages define.

Every ``{term}`…``` role (app/content/terms.py) becomes an entry: the term,
the sentence that defines it (cut from the rendered page, math and links
kept), and a link to its place — the ``<dfn>`` anchor — named by chapter
and section. The symbols stay on the notation page; the glossary opens with
links to its sections. A term defined twice stops the build: each idea has
one home.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .errors import BuildError

DFN = re.compile(r'<dfn class="term" id="(?P<id>[^"]+)" data-term="(?P<entry>[^"]*)">')
HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
BLOCK_OPEN = re.compile(r"<(p|li|td|dd)\b[^>]*>")
PIECES = re.compile(r'<span class="math inline">.*?</span>|<[^>]+>|[^<]+', re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z]|$)")  # at $ the next sentence opens with a tag
ABBREVIATIONS = ("al.", "e.g.", "i.e.", "cf.", "vs.", "Fig.", "ch.", "§")
VOID = {"br", "img", "hr", "wbr", "input"}
TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
OTHER_DFN = re.compile(r'<dfn class="term" id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</dfn>', re.S)
FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.S)
ID_ATTRIBUTE = re.compile(r'\s(?:id|data-term)="[^"]*"')
LOCAL_HREF = re.compile(r'href="#')
TAGS = re.compile(r"<[^>]+>")
PERMALINK = re.compile(r'<a class="header-anchor"[^>]*>#</a>')
TITLE = "Glossary and index"
SUMMARY = "Every term the book defines, with the sentence that defines it and a link to its place."


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAGS.sub("", PERMALINK.sub("", fragment)))).strip()


def _block_around(rendered: str, position: int) -> tuple[int, int]:
    """Start and end of the paragraph, list item or cell that holds ``position``."""
    opens = list(BLOCK_OPEN.finditer(rendered, 0, position))
    if not opens:
        return position, position
    start = opens[-1]
    end = rendered.find(f"</{start.group(1)}>", position)
    return start.end(), end if end != -1 else len(rendered)


def _sentences(block: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a block of inline HTML, split only outside tags and math."""
    spans, start, open_tags = [], 0, []
    for piece in PIECES.finditer(block):
        text = piece.group(0)
        if text.startswith("<"):
            name = TAG_NAME.match(text)
            if name and not text.startswith('<span class="math') and name.group(1).lower() not in VOID:
                if text.startswith("</"):
                    if open_tags:
                        open_tags.pop()
                elif not text.endswith("/>"):
                    open_tags.append(name.group(1))
            continue
        if open_tags:
            continue
        for end in SENTENCE_END.finditer(text):
            before = text[: end.start()]
            if before.endswith(ABBREVIATIONS):
                continue
            cut = piece.start() + end.start()
            spans.append((start, cut))
            start = piece.start() + end.end()
    spans.append((start, len(block)))
    return spans


def defining_sentence(rendered: str, position: int, page_url: str) -> str:
    """The HTML of the sentence around ``position``, made safe to show on another page."""
    begin, end = _block_around(rendered, position)
    block = rendered[begin:end]
    offset = position - begin
    sentence = next((block[a:b] for a, b in _sentences(block) if a <= offset < b), block)
    own = DFN.search(rendered, position)
    sentence = OTHER_DFN.sub(lambda m: m["text"] if m["id"] != own["id"] else m.group(0), sentence)
    sentence = FOOTNOTE_REF.sub("", sentence)
    if sentence.endswith(":"):  # the sentence introduced a formula, which stays in the chapter
        sentence = sentence[:-1] + "."
    sentence = ID_ATTRIBUTE.sub("", sentence)  # ids belong to the page the sentence came from
    return LOCAL_HREF.sub(f'href="{page_url}#', sentence).strip()


def _section_of(rendered: str, position: int) -> tuple[str, str] | None:
    heads = list(HEADING.finditer(rendered, 0, position))
    return (heads[-1].group(2), _plain(heads[-1].group(3))) if heads else None


def collect_terms(pages) -> list[dict]:
    """Every defined term of ``pages``: entry, anchor, url, page, section and defining sentence."""
    found: dict[str, dict] = {}
    for page in pages:
        for match in DFN.finditer(page.html):
            entry = html.unescape(match["entry"])
            key = entry.casefold()
            if key in found:
                first = found[key]
                raise BuildError(
                    str(page.source_path.name),
                    f"term {entry!r} is defined twice (first in {first['page'].source_path.name}); "
                    "mark only its defining place with {term}",
                )
            section = _section_of(page.html, match.start())
            found[key] = {
                "entry": entry,
                "anchor": match["id"],
                "url": f"{page.url}#{match['id']}",
                "page": page,
                "section": section[1] if section else None,
                "sentence": defining_sentence(page.html, match.start(), page.url),
            }
    return sorted(found.values(), key=lambda t: t["entry"].casefold())


def _where(term: dict) -> str:
    page = term["page"]
    label = f"Chapter {page.number}, {page.title}" if page.number is not None else page.title
    if term["section"]:
        # Numbered headings read "7.3 Title": shown as "§7.3 Title", the book's form of a section reference.
        section = term["section"]
        label += f": §{section}" if section[:1].isdigit() else f": {section}"
    return html.escape(label)


def glossary_html(terms: list[dict], notation=None) -> tuple[str, list[tuple[str, str]]]:
    """The page body and its (id, letter) headings."""
    parts = [
        f"<p>The {len(terms)} terms below are listed where the book defines them: each entry quotes the "
        "defining sentence and links to its place in the text.",
    ]
    if notation is not None:
        sections = [(e.id, e.title) for e in notation.toc if e.level == 2]
        links = ", ".join(f'<a href="{notation.url}#{i}">{html.escape(t)}</a>' for i, t in sections)
        parts[0] += f' Symbols and conventions are on the <a href="{notation.url}">notation page</a>: {links}.'
    parts[0] += "</p>"
    letters: dict[str, list[dict]] = {}
    for term in terms:
        initial = term["entry"][0].upper()
        letters.setdefault(initial if initial.isalpha() else "#", []).append(term)
    heads = [(f"letter-{letter.lower() if letter != '#' else 'symbols'}", letter) for letter in letters]
    parts.append('<nav class="glossary-letters" aria-label="Letters">')
    parts.append(" ".join(f'<a href="#{i}">{html.escape(letter)}</a>' for i, letter in heads))
    parts.append("</nav>")
    for (head_id, letter), group in zip(heads, letters.values()):
        parts.append(f'<h2 id="{head_id}">{html.escape(letter)}</h2>\n<dl class="glossary">')
        for term in group:
            entry_id = "glossary-" + term["anchor"].removeprefix("term-")
            parts.append(
                f'<dt id="{entry_id}"><a href="{term["url"]}">{html.escape(term["entry"])}</a></dt>\n'
                f'<dd><p>{term["sentence"]}</p>\n'
                f'<p class="glossary-where">Defined in <a href="{term["url"]}">{_where(term)}</a></p></dd>'
            )
        parts.append("</dl>")
    return "\n".join(parts), heads


def build_glossary(chapters, pages: dict, page_class):
    """The glossary page, or None when no page marks a term."""
    sources = list(chapters) + list(pages.values())
    terms = collect_terms(sources)
    if not terms:
        return None
    body, heads = glossary_html(terms, pages.get("notation"))
    from .book import plain_text  # late: book imports this module

    return page_class(
        slug="glossary",
        title=TITLE,
        summary=SUMMARY,
        html=body,
        text=plain_text(body),
        toc=[],  # the row of letters at the top is the page's table of contents
        anchors=set(re.findall(r'(?<![\w-])id="([^"]+)"', body)),
        source_path=Path(__file__),
    )
