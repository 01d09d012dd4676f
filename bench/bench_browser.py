"""Page timings in headless Chromium (Debian's), printed as figures.

- issue 13's targets (bench/page_timings.py): first paint, first figure frame,
  all figures live cold and warm beside the bare runtime, next chapter, bytes;
  medians of BENCH_RUNS runs (default 5);
- for every figure of the book that has a slider: input event → redrawn latency
  while the slider is dragged (median and 95th percentile), and the longest
  main-thread task during the drag (PerformanceObserver 'longtask').

BENCH_FIGURES=a,b measures only those figures' drags (skipping the page targets);
BENCH_PAINT_PARTS=1 adds where the chapter's first contentful paint goes: the chapter
rebuilt from the floor page one part at a time (bench/first_paint_parts.py);
BENCH_COMPARE=1 drags each figure twice, back to back: first without the
chapter's paint isolation (static/css/widgets.css, the reference), then as
shipped, so the two can be compared on a loaded machine.

Run: .venv/bin/python bench/bench_browser.py   (make bench runs it)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from app.content.book import load_book  # noqa: E402
from app.settings import Settings  # noqa: E402
from bench import first_paint_parts  # noqa: E402
from bench.bench_server import BARE, serve  # noqa: E402
from bench.page_timings import CHAPTER, measure, report  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# The slider a drag moves when a figure has several: the one a reader drags to explore.
SLIDER = {"convolution-explorer": "window"}
# The reference for BENCH_COMPARE: the chapter's text blocks back in the page's root paint layer.
WITHOUT_ISOLATION = ".chapter-body > :not(figure) { isolation: auto; }"
ADOPT_CSS = "(css) => { const s = new CSSStyleSheet(); s.replaceSync(css); document.adoptedStyleSheets = css ? [s] : []; }"
LONGTASKS = """() => { window.__longtasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(e.duration); }).observe({ type: 'longtask', buffered: false }); }"""


def drag_figure(page, figure, name: str, moves: int = 40) -> dict | None:
    preferred = SLIDER.get(name)
    slider = figure.locator(f"input[type=range][data-option={preferred}]" if preferred else "input[type=range]").first
    if slider.count() == 0:
        return None
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.evaluate("() => { if (window.__nnbookMetrics) { window.__nnbookMetrics.redraw = {}; window.__nnbookMetrics.calls = {}; } }")
    page.evaluate(LONGTASKS)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 4, y)
    page.mouse.down()
    for i in range(moves):
        page.mouse.move(box["x"] + 4 + (box["width"] - 8) * (i + 1) / moves, y, steps=1)
        page.wait_for_timeout(16)  # one frame between pointer moves, as a hand drags
    page.mouse.up()
    page.wait_for_timeout(300)
    samples = page.evaluate(f"() => (window.__nnbookMetrics && window.__nnbookMetrics.redraw[{name!r}]) || []")
    calls = page.evaluate(f"() => (window.__nnbookMetrics && (window.__nnbookMetrics.calls || {{}})[{name!r}]) || []")
    longest = page.evaluate("() => Math.max(0, ...window.__longtasks)")
    if not samples:
        return {"samples": 0, "longest_task": longest}
    samples.sort()
    round_trip = statistics.median([c[0] for c in calls]) if calls else float("nan")
    python = statistics.median([c[1] for c in calls]) if calls else float("nan")
    return {"samples": len(samples), "median": statistics.median(samples), "round_trip": round_trip, "python": python,
            "p95": samples[min(len(samples) - 1, int(0.95 * len(samples)))], "longest_task": longest}


def print_drag(label: str, result: dict | None) -> None:
    if result is None:
        print(f"  {label:32s} (no slider)")
    elif not result["samples"]:
        print(f"  {label:32s} no redraw recorded; longest task {result['longest_task']:.0f} ms")
    else:
        print(f"  {label:32s} median {result['median']:5.1f}  p95 {result['p95']:5.1f}  "
              f"({result['samples']} redraws)  longest task {result['longest_task']:.0f} ms  "
              f"[worker round trip {result['round_trip']:4.1f}, of which Python {result['python']:4.1f}]", flush=True)


def main() -> int:
    book = load_book(Settings().content_dir)
    only = {n for n in os.environ.get("BENCH_FIGURES", "").split(",") if n}
    compare = bool(os.environ.get("BENCH_COMPARE"))
    parts_dir = tempfile.TemporaryDirectory() if os.environ.get("BENCH_PAINT_PARTS") else None
    if parts_dir:
        os.environ["NNBOOK_BENCH_PARTS"] = parts_dir.name
    with serve() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        if not only:
            report(measure(browser, base, int(os.environ.get("BENCH_RUNS", "5"))))
        if parts_dir and not only:
            chapter = urllib.request.urlopen(base + CHAPTER).read().decode()
            steps = first_paint_parts.parts(chapter, (BARE / "floor.html").read_text(encoding="utf-8"))
            paths = first_paint_parts.write(steps, Path(parts_dir.name))
            print()
            first_paint_parts.report(steps, first_paint_parts.measure(browser, base, paths,
                                                                      int(os.environ.get("BENCH_PAINT_RUNS", "20"))))
        if os.environ.get("BENCH_ONLY_TARGETS"):
            browser.close()
            return 0
        context = browser.new_context()
        page = context.new_page()
        print("\nSlider drag, input event → redrawn (ms), longest main-thread task during the drag:")
        for chapter in book.chapters:
            if not chapter.widgets or (only and not only & set(chapter.widgets)):
                continue
            page.goto(base + chapter.url)
            page.wait_for_function("() => [...document.querySelectorAll('figure.widget')].every(f => f.dataset.status === 'live')", timeout=120_000)
            # Typesetting runs in 12 ms slices; measure the drag once the page has settled, as a reader would.
            page.wait_for_function("() => document.documentElement.dataset.math === 'done'", timeout=120_000)
            page.wait_for_timeout(500)
            figures = page.locator("figure.widget")
            for i in range(figures.count()):
                figure = figures.nth(i)
                name = figure.get_attribute("data-widget")
                if only and name not in only:
                    continue
                if compare:
                    page.evaluate(ADOPT_CSS, WITHOUT_ISOLATION)
                    page.wait_for_timeout(300)
                    print_drag(f"{name} (without isolation)", drag_figure(page, figure, name))
                    page.evaluate(ADOPT_CSS, "")
                    page.wait_for_timeout(300)
                print_drag(name, drag_figure(page, figure, name))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
