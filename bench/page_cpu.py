"""CPU time before a cold chapter's first paint and first figure frame, read from a Chromium trace.

On this shared two-core machine the wall-clock first paint moves by ±50 % with
the load other processes make (load 15-20 while a test suite runs), so an A/B
of a page change shows nothing below that. The CPU time the page costs before
its first paint moves far less: it is what the change can alter, and what the
first paint waits behind once the machine is quiet. Measured in one traced
cold load of the chapter and one of the floor page (bench/bare_runtime/floor.html),
each in a new context, beside the untraced timing runs (bench/page_timings.py):

- main thread: the renderer's main thread (parse, scripts, style, layout,
  paint), thread CPU time of its top-level tasks;
- all processes: every traced thread of every Chromium process (browser,
  network, GPU/viz, raster, the page's worker): what competes for the two cores;
- requests: how many the page had sent by its first paint (each one costs the
  browser process and the server work before it);
- fonts: the main thread's system-font lookups before the first paint (Blink's
  FontCache, per renderer process, so every cold page pays them): how many, how
  long the main thread spent in them, and how long of that it waited on the
  browser process (synchronous IPCs, one per family matched and one per
  family/size/style rendered, slow while the browser is busy with the page's
  other requests). The floor has one family in two sizes; the book's first screen
  has a dozen strikes (header, headings, prose, captions, controls).

Top-level tasks are the outermost complete events of a thread; one that
straddles the limit counts in proportion. Run with BENCH_CPU=1 (bench/bench_browser.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict

CATEGORIES = ["devtools.timeline", "blink", "loading", "v8", "v8.wasm", "toplevel", "cc", "viz", "fonts",
              "disabled-by-default-devtools.timeline"]
FONT_LOOKUP = "FontCache::GetFontPlatformData"
# The lookups' synchronous calls to the browser process (Linux): match a family, and a strike's render style.
FONT_IPC = {"FontDataManager::onMatchFamilyStyle", "WebSandboxSupportLinux::GetWebFontRenderStyleForStrike"}


def _outermost(events):
    """The events, in time order, that are nested in no other of them (a task, not the calls inside it)."""
    end = -1.0
    for event in sorted(events, key=lambda e: (e["ts"], -e["dur"])):
        if event["ts"] >= end:
            end = event["ts"] + event["dur"]
            yield event


def _top_level_cpu(events, start_us: float, limit_ms: float) -> float:
    """Thread CPU (ms) of the outermost complete events of one thread that start in [start, start + limit]."""
    total = 0.0
    for event in _outermost(events):
        offset = (event["ts"] - start_us) / 1000
        if 0 <= offset <= limit_ms:
            share = min(1.0, (limit_ms - offset) / max(event["dur"] / 1000, 1e-6))
            total += event.get("tdur", event["dur"]) / 1000 * share
    return total


def _outermost_within(events, names, start_us: float, limit_ms: float) -> list:
    """The events called ``names`` that lie wholly in [start, start + limit] and are nested in no other of them."""
    return [e for e in _outermost(e for e in events if e["name"] in names)
            if e["ts"] >= start_us and e["ts"] + e["dur"] <= start_us + limit_ms * 1000]


def cpu_before(trace: dict | list, fcp_ms: float, frame_ms: float | None) -> dict:
    """From a trace: main-thread CPU before the first paint and the first frame, all processes' CPU and the
    number of requests before the first paint (ms, ms, ms, count)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    paint = [e for e in events if e.get("name") == "firstContentfulPaint"]
    if not paint:
        raise ValueError("the trace holds no firstContentfulPaint")
    pid = paint[0]["pid"]
    main = next((key for key, name in names.items() if name == "CrRendererMain" and key[0] == pid), None)
    if main is None:
        raise ValueError("the trace names no main thread for the page's renderer")
    starts = [e["ts"] for e in events if e.get("name") == "navigationStart" and e.get("pid") == pid]
    start = min(starts) if starts else paint[0]["ts"] - fcp_ms * 1000
    by_thread = defaultdict(list)
    for event in events:
        if event.get("ph") == "X" and "dur" in event:
            by_thread[(event["pid"], event["tid"])].append(event)
    requests = len({e["args"]["data"].get("requestId") for e in events if e.get("name") == "ResourceSendRequest"
                    and e.get("pid") == pid and 0 <= (e["ts"] - start) / 1000 <= fcp_ms})
    lookups = _outermost_within(by_thread[main], {FONT_LOOKUP}, start, fcp_ms)
    waits = _outermost_within(by_thread[main], FONT_IPC, start, fcp_ms)
    return {
        "font_lookups_fcp": len(lookups),
        "font_ms_fcp": sum(e["dur"] for e in lookups) / 1000,  # wall time: the IPCs wait, they do not compute
        "font_ipc_fcp": len(waits),
        "font_ipc_ms_fcp": sum(e["dur"] for e in waits) / 1000,
        "main_fcp": _top_level_cpu(by_thread[main], start, fcp_ms),
        "main_frame": _top_level_cpu(by_thread[main], start, frame_ms) if frame_ms is not None else float("nan"),
        "all_fcp": sum(_top_level_cpu(thread, start, fcp_ms) for thread in by_thread.values()),
        "requests_fcp": requests,
        "fcp": fcp_ms,
    }


def traced_run(browser, base: str, path: str, observe: str, frame_expression: str) -> dict:
    """One cold load of ``path`` in a new context, traced until its first paint and first frame."""
    context = browser.new_context()
    context.add_init_script(observe)
    page = context.new_page()
    with tempfile.TemporaryDirectory() as folder:
        file = os.path.join(folder, "trace.json")
        browser.start_tracing(page=page, path=file, categories=CATEGORIES)
        try:
            page.goto(base + path)
            page.wait_for_function(f"() => performance.getEntriesByName('first-contentful-paint').length && ({frame_expression}) != null",
                                   timeout=60_000, polling=20)
            fcp = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
            frame = page.evaluate(f"() => {frame_expression}")
        finally:
            browser.stop_tracing()
            context.close()
        with open(file, encoding="utf-8") as handle:
            return cpu_before(json.load(handle), fcp, frame)
