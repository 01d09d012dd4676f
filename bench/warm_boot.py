"""The warm load's boot timeline: where the worker's time goes when the book comes back.

Each run opens the perceptron chapter in a new context (cold), waits for the service worker to store
the book, then reloads it WARM_RELOADS times (warm: the same context). Printed per tree: the medians of
"all figures live" (page clock), of when the page created the worker, and of each step the worker
marks (static/js/worker.js ``marks``, ms after the worker started).

WARM_TREES=/a,/b serves each tree (a checkout with its own static/vendor) from its own server and
interleaves their runs, so an A/B comparison on a loaded machine sees the same load (with two trees, how
many of the paired loads the second won is printed too); the default is this checkout alone. WARM_RUNS
(default 5) runs per tree.

Run: .venv/bin/python bench/warm_boot.py
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.bench_browser import ARGS  # noqa: E402
from bench.bench_server import serve  # noqa: E402
from bench.page_timings import CHAPTER, OBSERVE  # noqa: E402


LIVE = "() => window.__liveAt !== null"
READ = """() => ({ live: window.__liveAt, worker: ((window.__nnbookMetrics || {}).runtime || {})['worker created (page clock)'],
  boot: (window.__nnbookMetrics || {}).boot || null, marks: (window.__nnbookMetrics || {}).bootMarks || null })"""


def run(browser, base: str, reloads: int) -> list[dict]:
    context = browser.new_context()
    context.add_init_script(OBSERVE)
    page = context.new_page()
    page.goto(base + CHAPTER)
    page.wait_for_function(LIVE, timeout=120_000, polling=50)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=180_000, polling=100)
    page.wait_for_timeout(500)
    warm = []
    for _ in range(reloads):
        page.goto(base + CHAPTER)
        page.wait_for_function(LIVE, timeout=120_000, polling=50)
        warm.append(page.evaluate(READ))
        page.wait_for_timeout(300)
    context.close()
    return warm


def load() -> str:
    return open("/proc/loadavg").read().split()[0]


def main() -> int:
    trees = [Path(t) for t in os.environ.get("WARM_TREES", "").split(",") if t] or [ROOT]
    runs, reloads = int(os.environ.get("WARM_RUNS", "5")), int(os.environ.get("WARM_RELOADS", "2"))
    results = {tree: [] for tree in trees}
    with contextlib.ExitStack() as stack, sync_playwright() as p:
        bases = {tree: stack.enter_context(serve(tree)) for tree in trees}
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        print(f"load at start {load()}")
        for _ in range(runs):
            for tree in trees:  # interleaved: a busy spell hits every tree alike
                results[tree] += run(browser, bases[tree], reloads)
        print(f"load at end {load()}")
        browser.close()
    for tree, warm in results.items():
        boots = [(w["boot"] or {}).get("from", "?") for w in warm]
        print(f"{tree}: {len(warm)} warm loads ({boots.count('snapshot')} from the snapshot)")
        print(f"  all figures live        {statistics.median(w['live'] for w in warm):7.0f} ms   "
              f"(each: {', '.join(str(round(w['live'])) for w in warm)})")
        print(f"  worker created          {statistics.median(w['worker'] or 0 for w in warm):7.0f} ms (page clock)")
        names = {}
        for w in warm:
            for name, ms in (w.get("marks") or (w["boot"] or {}).get("marks") or {}).items():
                names.setdefault(name, []).append(ms)
        for name, values in sorted(names.items(), key=lambda item: statistics.median(item[1])):
            print(f"    {name:24s} {statistics.median(values):7.0f}")
    if len(trees) == 2:  # the same run and reload of each tree, side by side: how often the second was faster
        a, b = (results[tree] for tree in trees)
        pairs = list(zip((w["live"] for w in a), (w["live"] for w in b)))
        won = sum(1 for x, y in pairs if y < x)
        print(f"{trees[1].name} faster than {trees[0].name} in {won} of {len(pairs)} pairs "
              f"(median difference {statistics.median(y - x for x, y in pairs):+.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
