"""The dated events of Chapter 1's timeline table, parsed at build time (never shipped to the browser).

The table in ``content/01-history.md`` (section "A timeline from 1943 to 2017")
is the one source of the timeline figure: its first frame, computed on the
server, carries these events, and the page sends them back with every later
call. Nothing here computes a number for the text, so there is no ``NUMBERS``.
"""

from __future__ import annotations

import re
from pathlib import Path

HISTORY = Path(__file__).resolve().parents[2] / "content" / "01-history.md"
CHAPTER_URL = "/chapters/history"
SECTION = "## A timeline from 1943 to 2017"
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
TAG = re.compile(r"<[^>]+>")
YEARS = re.compile(r"^≈?(\d{4})(?:\s*[–-]\s*(\d{4}))?$")


def _plain(text: str) -> str:
    """Markdown emphasis, links and HTML tags removed: the words a reader sees."""
    text = LINK.sub(lambda m: m.group(1), text)
    text = TAG.sub("", text)
    return re.sub(r"[*_]", "", text).strip()


def parse_timeline(markdown: str, chapter_url: str = CHAPTER_URL) -> list[dict]:
    """Every row of the timeline table: year (and end for a period), title, why, link, winter.

    Raises ``ValueError`` naming the line when the section, the table or a year cannot be read.
    """
    lines = markdown.splitlines()
    try:
        start = lines.index(SECTION)
    except ValueError:
        raise ValueError(f"no section {SECTION!r} in the history chapter") from None
    events = []
    for number, line in enumerate(lines[start + 1:], start=start + 2):
        if line.startswith("## "):
            break
        if not line.startswith("| ") or line.startswith("| Year") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) != 4:
            raise ValueError(f"01-history.md:{number}: a timeline row needs 4 cells, got {len(cells)}")
        year_cell, milestone, why, where = cells
        years = YEARS.match(_plain(year_cell))
        if not years:
            raise ValueError(f"01-history.md:{number}: cannot read the year {year_cell!r}")
        link = LINK.search(where)
        href = None
        if link:
            href = link.group(2)
            href = chapter_url + href if href.startswith("#") else href
        events.append({
            "year": int(years.group(1)), "end": int(years.group(2)) if years.group(2) else None,
            "title": _plain(milestone), "why": _plain(why),
            "where": _plain(link.group(1)) if link else None, "href": href,
            "winter": 'class="winter"' in milestone,
        })
    if not events:
        raise ValueError("the history chapter's timeline table has no rows")
    return events


def history_events(path: Path = HISTORY) -> list[dict]:
    return parse_timeline(path.read_text(encoding="utf-8"))
