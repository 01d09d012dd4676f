"""A cold chapter's first paint, A/B: two checkouts of the book (or this one alone) beside the floor page.

A change meant to bring the first contentful paint forward moves it by less than this machine's noise
from one run to the next, so it is only seen against the page it changes, measured in the same run.
Each round loads, in a new order every round and each in a new context (empty HTTP cache):
the chapter as every tree serves it (each tree's own `nnbook serve`, so any commit of the book since
its first can be compared, the one #13 was filed against included) and the floor page
(bench/bare_runtime/floor.html, from this checkout's bench server: the least this Chromium takes here).

Printed per page: the median first contentful paint with its quartiles and the median first figure
frame (the frame after the first figure drew its first state, as bench/page_timings.py times it; a
book too old to mark its figures' state has none); with two trees, in how many rounds the second
painted first, and the median difference.

PAINT_TREES=/a,/b (checkouts with their own `make install` done; default: this checkout alone),
PAINT_RUNS=20 rounds, PAINT_PATH=/chapters/perceptron.

Run: PAINT_TREES=/tmp/old,$PWD .venv/bin/python bench/cold_paint.py
"""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_server import free_port, running, serve  # noqa: E402
from bench.page_timings import CHAPTER, FCP, OBSERVE, PAINTED  # noqa: E402

FLOOR = "floor"
# The first figure's frame if the page marks one within this long after its first paint.
FRAME_GRACE_MS = 1500


def trees_from(value: str | None) -> list[Path]:
    """The checkouts named in PAINT_TREES (comma-separated), each refused with its reason if it
    cannot serve; this checkout when none is named."""
    trees = [Path(t).resolve() for t in (value or "").split(",") if t.strip()] or [ROOT]
    for tree in trees:
        if not (tree / ".venv" / "bin" / "nnbook").exists():
            raise SystemExit(f"{tree}: no .venv/bin/nnbook; run `make install` there first")
    if len(set(trees)) != len(trees):
        raise SystemExit("PAINT_TREES names the same checkout twice")
    return trees


def summary(values: list[float | None]) -> dict:
    """Median and quartiles of the values measured (None: not measured)."""
    measured = sorted(v for v in values if v is not None)
    if not measured:
        return {"n": 0, "median": None, "q1": None, "q3": None}
    q1, _, q3 = statistics.quantiles(measured, n=4) if len(measured) > 1 else (measured[0],) * 3
    return {"n": len(measured), "median": statistics.median(measured), "q1": q1, "q3": q3}


def paired(first: list[float | None], second: list[float | None]) -> dict:
    """Round by round: in how many the second was lower, and the median of second minus first."""
    pairs = [(a, b) for a, b in zip(first, second) if a is not None and b is not None]
    if not pairs:
        return {"pairs": 0, "second_won": 0, "median_difference": None}
    return {"pairs": len(pairs), "second_won": sum(1 for a, b in pairs if b < a),
            "median_difference": statistics.median(b - a for a, b in pairs)}


@contextlib.contextmanager
def book_server(tree: Path, path: str):
    """``tree``'s own `nnbook serve` on a free port; yields its URL once ``path`` answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # Within 180 s: a first start typesets the book and computes its first frames.
    with running([str(tree / ".venv" / "bin" / "nnbook"), "serve"], cwd=tree, probe=url + path, quiet=True,
                 env={**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}, what=f"{tree}: `nnbook serve`", within=180):
        yield url


def load(browser, url: str) -> dict:
    """One cold load: first contentful paint and first figure frame (ms, page clock)."""
    context = browser.new_context()
    context.add_init_script(OBSERVE)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(PAINTED, timeout=60_000, polling=20)
    frame_seen = "() => window.__firstFrameAt !== null || window.__floorFrameAt !== undefined"
    with contextlib.suppress(Exception):
        page.wait_for_function(frame_seen, timeout=FRAME_GRACE_MS, polling=20)
    result = page.evaluate(f"() => ({{fcp: ({FCP})(), frame: window.__firstFrameAt ?? window.__floorFrameAt ?? null}})")
    context.close()
    return result


def measure(browser, urls: dict[str, str], rounds: int, shuffle=random.shuffle) -> dict[str, list[dict]]:
    """``rounds`` cold loads of every page, a new order each round (one unrecorded round first)."""
    results = {name: [] for name in urls}
    for round_number in range(rounds + 1):
        order = list(urls)
        shuffle(order)
        for name in order:
            result = load(browser, urls[name])
            if round_number:  # the first round warms the servers and Chromium's own start-up
                results[name].append(result)
    return results


def report(results: dict[str, list[dict]], trees: list[Path]) -> list[str]:
    lines = []
    for name, loads in results.items():
        paint, frame = summary([r["fcp"] for r in loads]), summary([r["frame"] for r in loads])
        frame_text = f"{frame['median']:6.0f} ms" if frame["median"] is not None else "     —   "
        lines.append(f"  {name:40s} first paint {paint['median']:6.0f} ms (quartiles {paint['q1']:.0f}–{paint['q3']:.0f}, "
                     f"n={paint['n']})   first figure frame {frame_text}")
    if len(trees) == 2:
        first, second = (str(tree) for tree in trees)
        p = paired([r["fcp"] for r in results[first]], [r["fcp"] for r in results[second]])
        lines.append(f"  {trees[1].name} painted first in {p['second_won']} of {p['pairs']} rounds "
                     f"(median difference {p['median_difference']:+.0f} ms)")
    return lines


def main() -> int:
    from playwright.sync_api import sync_playwright

    from bench.bench_browser import ARGS

    trees = trees_from(os.environ.get("PAINT_TREES"))
    path = os.environ.get("PAINT_PATH", CHAPTER)
    rounds = int(os.environ.get("PAINT_RUNS", "20"))
    with contextlib.ExitStack() as stack, sync_playwright() as p:
        try:  # a server that exits or never answers is said in a line, as a bad PAINT_TREES is
            urls = {FLOOR: stack.enter_context(serve()) + "/__bench/floor.html"}
            for tree in trees:
                urls[str(tree)] = stack.enter_context(book_server(tree, path)) + path
        except RuntimeError as error:
            raise SystemExit(str(error)) from None
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        results = measure(browser, urls, rounds)
        browser.close()
    print(f"Cold first paint of {path}, {rounds} rounds, interleaved, headless Chromium:")
    print("\n".join(report(results, trees)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
