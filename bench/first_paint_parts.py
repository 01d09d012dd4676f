"""Where a cold chapter's first contentful paint goes: the chapter rebuilt from the floor page, one part at a time.

Issue 13 asks for a first contentful paint within 150 ms; the floor page alone
(bench/bare_runtime/floor.html, a heading, a paragraph and a canvas) takes
100-150 ms here. This splits the rest. Each step is the previous one with one
more part of the chapter, cut from the chapter's own HTML as the server sends it:

1. the floor page;
2. the floor page with the book's inline stylesheet in its head;
3. the chapter's whole <head> (the stylesheet, the inline scripts that start the
   worker and set the theme, the bundle) over the floor's body;
4. the chapter up to its table of contents: the site's header (links, search
   box, theme switch, the runtime's status), the chapter list and the
   chapter's title;
5. the chapter up to the end of its first figure: the text before it and the
   figure with its controls;
6. the whole chapter.

The steps are written to a folder that the bench's server mounts at
/__bench/parts/ (bench/bench_server.py, NNBOOK_BENCH_PARTS), so they arrive with
the chapter's headers and policy (the inline scripts are the chapter's, allowed
by the same hashes). Each is loaded cold (a new context) BENCH_PAINT_RUNS times,
interleaved in a new random order every round, so a slow spell of the machine
hits every step alike. Run: BENCH_PAINT_PARTS=1 BENCH_ONLY_TARGETS=1
.venv/bin/python bench/bench_browser.py (BENCH_PAINT_RUNS rounds, default 20).

On this two-core machine a step's median still moves by some 15 ms from one
run of 20 rounds to the next: read a single step's share as rough, the sum of
several as firmer. Measured on 2026-12-05 in two runs of this bench and two of
the same steps by hand (floor 110-126 ms):
the stylesheet added 18-32 ms, the rest of the head 4-36, the site's header
and chapter list 16-30, the text and first figure 44-58, the rest 12-28; no
single part holds the first paint back.
"""

from __future__ import annotations

import random
import re
import statistics
from pathlib import Path

from bench.page_timings import FCP, PAINTED

STYLESHEET = re.compile(r'<style id="book-css"[^>]*>.*?</style>', re.S)
# Where steps 4 and 5 end: the table of contents begins; the first figure ends.
TOC = '<nav class="toc"'
FIGURE_END = "</figure>"


def _at(html: str, marker: str, what: str) -> int:
    index = html.find(marker)
    if index < 0:
        raise ValueError(f"the chapter has no {what} ({marker!r}) to cut at")
    return index


def parts(chapter: str, floor: str) -> list[tuple[str, str]]:
    """The steps, in order: (what the step adds, its HTML). The cut pages end with </body></html>;
    the browser closes the elements left open, as it does for a page still arriving."""
    style = STYLESHEET.search(chapter)
    if style is None:
        raise ValueError("the chapter has no inline stylesheet (<style id=\"book-css\">)")
    floor_head_end, floor_body = _at(floor, "</head>", "floor head"), floor[_at(floor, "<body", "floor body"):]
    chapter_body = _at(chapter, "<body", "body")
    end = "\n</body></html>\n"
    return [
        ("the floor page", floor),
        ("+ the book's stylesheet", floor[:floor_head_end] + style.group(0) + floor[floor_head_end:]),
        ("+ the rest of the chapter's <head> (scripts, bundle)", chapter[:chapter_body] + floor_body),
        ("+ site header, chapter list, title", chapter[:_at(chapter, TOC, "table of contents")] + end),
        ("+ the text and the first figure", chapter[:_at(chapter, FIGURE_END, "figure") + len(FIGURE_END)] + end),
        ("the whole chapter", chapter),
    ]


def write(steps: list[tuple[str, str]], folder: Path) -> list[str]:
    """Write each step as step-N.html in ``folder``; -> their paths under the server's /__bench/parts/."""
    paths = []
    for number, (_label, html) in enumerate(steps):
        (Path(folder) / f"step-{number}.html").write_text(html, encoding="utf-8")
        paths.append(f"/__bench/parts/step-{number}.html")
    return paths


def measure(browser, base: str, paths: list[str], rounds: int) -> list[list[float]]:
    """Every step's first contentful paint (ms), cold, ``rounds`` times, in a new order every round."""
    times: list[list[float]] = [[] for _ in paths]
    for _ in range(rounds):
        for index in random.sample(range(len(paths)), len(paths)):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + paths[index])
            page.wait_for_function(PAINTED, timeout=60_000, polling=20)
            times[index].append(page.evaluate(FCP))
            context.close()
    return times


def report(steps: list[tuple[str, str]], times: list[list[float]]) -> None:
    print(f"Where the chapter's first contentful paint goes (cold, medians of {len(times[0])} interleaved loads per step, "
          "bench/first_paint_parts.py; a step's share moves by some 15 ms from run to run):")
    previous = None
    for (label, html), values in zip(steps, times):
        median = statistics.median(values)
        added = "" if previous is None else f"   {median - previous:+5.0f} ms"
        print(f"  {label:54s} {median:6.0f} ms{added}   ({len(html) / 1024:5.0f} KB of HTML)")
        previous = median
