"""Issue 13's targets measured in headless Chromium: a cold and warm chapter, the bare runtime, the next chapter.

Every figure is the median of RUNS runs (each cold run in a new browser
context: empty HTTP cache, no service worker, no compiled WebAssembly), and
the book is printed beside a bare page measured in the same run: it only loads
this Pyodide 0.27.7 in a worker and imports numpy (bench/bare_runtime/, served
by the book's own server, bench/bench_server.py), so ratios hold on a noisy machine.

What is timed, all from navigation start (page clock):
- first contentful paint, beside the floor: a minimal page (bench/bare_runtime/floor.html,
  a paragraph and a canvas drawn by one small module) from the same server in a
  new context, measured in the same run: the least this Chromium takes here;
- first figure frame: the frame after the first figure has drawn its
  server-computed state (seen by a MutationObserver on data-status, then one
  requestAnimationFrame);
- all figures live: every <figure class="widget"> on the page has
  data-status="live" (bare page: numpy imported in its worker);
- next chapter: from the click on "next" to every figure of chapter 3 live;
- bytes: response bodies as sent (encoded) plus headers, until all figures are live.
"""

from __future__ import annotations

import os
import statistics

from bench.page_cpu import traced_run

CHAPTER = "/chapters/perceptron"
# The first contentful paint (ms, page clock; undefined before it), and whether it has happened.
FCP = "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
PAINTED = "() => performance.getEntriesByName('first-contentful-paint').length > 0"
TARGETS = {"fcp": 150, "first_frame": 250, "live_cold": 2000, "live_warm": 1000, "ratio": 1.0, "next": 300, "mib": 8.0}

# Records, on the page's clock, when the first figure drew and when all figures went live.
OBSERVE = """
(() => {
  window.__firstFrameAt = null; window.__liveAt = null;
  const check = () => {
    const figures = [...document.querySelectorAll('figure.widget')];
    if (figures.length && window.__firstFrameAt === null && figures.some((f) => f.dataset.status !== 'static'))
      requestAnimationFrame(() => { if (window.__firstFrameAt === null) window.__firstFrameAt = performance.now(); });
    const live = figures.length > 0 && figures.every((f) => f.dataset.status === 'live');
    if (live && window.__liveAt === null) window.__liveAt = performance.now();
    if (!live) window.__liveAt = null;
  };
  // Attributes only: an observer of every node the parser inserts would run during the parse it measures.
  new MutationObserver(check).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  // Instant navigation swaps the figures (static/js/navigation.js): the new page's are not live yet.
  document.addEventListener('nnbook:before-swap', () => { window.__liveAt = null; });
})();
"""


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


class ByteCounter:
    """What the page and its worker fetched; the service worker's own downloads (storing the book for
    offline reading, once the figures are live) are counted apart."""

    def __init__(self, context):
        self.requests = []
        context.on("requestfinished", lambda request: self.requests.append(request))

    def total(self, service_worker: bool = False) -> tuple[float, int]:
        size, count = 0, 0
        for request in list(self.requests):
            if (request.service_worker is not None) != service_worker:
                continue
            sizes = request.sizes()
            size += max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])
            count += 1
        return size / 2**20, count

    def listing(self) -> list[tuple[float, str]]:
        """The page's requests (not the service worker's), largest first: (KiB as sent, URL path)."""
        rows = []
        for request in list(self.requests):
            if request.service_worker is not None:
                continue
            sizes = request.sizes()
            kib = (max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])) / 1024
            rows.append((kib, request.url.split("//", 1)[-1].split("/", 1)[-1]))
        return sorted(rows, reverse=True)


# BENCH_SNAPSHOT_AB=1: each run also loads the book with the worker told of no interpreter snapshot (it
# then starts Python the normal way, with the whole standard library), so the two boots compare in one run.
NO_SNAPSHOT = """
(() => {
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker {
    postMessage(message, ...rest) {
      if (message && message.type === 'init') message = { ...message, snapshotURL: undefined };
      return super.postMessage(message, ...rest);
    }
  };
})();
"""


def book_run(browser, base: str, snapshot: bool = True) -> dict:
    """One cold chapter, then the same chapter warm, then a click on "next" (from the warm page)."""
    context = browser.new_context()
    context.add_init_script(OBSERVE)
    if not snapshot:
        context.add_init_script(NO_SNAPSHOT)
    counter = ByteCounter(context)
    page = context.new_page()
    page.goto(base + CHAPTER)
    page.wait_for_function("() => window.__liveAt !== null", timeout=120_000, polling=50)
    cold = page.evaluate("() => ({ fcp: (" + FCP + """)(),
        first_frame: window.__firstFrameAt, live: window.__liveAt, phases: (window.__nnbookMetrics || {}).runtime || {},
        boot: (window.__nnbookMetrics || {}).boot || null })""")
    cold["mib"], cold["requests"] = counter.total()
    cold["listing"] = counter.listing()
    # A reader who comes back has let the service worker (a book without one: nothing) store the book.
    page.wait_for_function("() => !document.querySelector('link[rel=manifest]') || navigator.serviceWorker.controller !== null",
                           timeout=180_000, polling=100)
    page.wait_for_timeout(500)
    cold["sw_mib"], cold["sw_requests"] = counter.total(service_worker=True)
    page.goto(base + CHAPTER)
    page.wait_for_function("() => window.__liveAt !== null", timeout=120_000, polling=50)
    warm = page.evaluate("() => ({ live: window.__liveAt, first_frame: window.__firstFrameAt, "
                         "boot: (window.__nnbookMetrics || {}).boot || null })")
    page.wait_for_timeout(300)
    link = page.locator("nav.prev-next a.next")
    link.scroll_into_view_if_needed()
    link.hover()
    clicked = page.evaluate("performance.timeOrigin + performance.now()")
    link.click()
    page.wait_for_url("**/chapters/architecture")
    page.wait_for_function("() => window.__liveAt !== null && document.querySelector('figure.widget[data-widget=architecture]')",
                           timeout=120_000, polling=50)
    next_ms = page.evaluate("performance.timeOrigin + window.__liveAt") - clicked
    context.close()
    return {"cold": cold, "warm": warm, "next": next_ms}


def bare_run(browser, base: str) -> dict:
    context = browser.new_context()
    counter = ByteCounter(context)
    page = context.new_page()
    page.goto(base + "/__bench/bare.html")
    page.wait_for_function("() => window.__bareLiveAt !== undefined", timeout=120_000, polling=50)
    cold = page.evaluate("window.__bareLiveAt")
    mib, _ = counter.total()
    page.goto(base + "/__bench/bare.html")
    page.wait_for_function("() => window.__bareLiveAt !== undefined", timeout=120_000, polling=50)
    warm = page.evaluate("window.__bareLiveAt")
    context.close()
    return {"cold": cold, "warm": warm, "mib": mib}


def floor_run(browser, base: str) -> dict:
    """The floor: a minimal page (a heading, a paragraph, a canvas drawn by one small module) from the same
    server in a new context: the least this Chromium takes here to paint text and a canvas frame."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/__bench/floor.html")
    page.wait_for_function(f"() => window.__floorFrameAt !== undefined && ({PAINTED})()", timeout=60_000, polling=20)
    result = {"fcp": page.evaluate(FCP), "first_frame": page.evaluate("window.__floorFrameAt")}
    context.close()
    return result


def cpu_runs(browser, base: str) -> dict:
    """BENCH_CPU=1: one traced cold load of the chapter and one of the floor (bench/page_cpu.py)."""
    return {"book": traced_run(browser, base, CHAPTER, OBSERVE, "window.__firstFrameAt"),
            "floor": traced_run(browser, base, "/__bench/floor.html", ";", "window.__floorFrameAt")}


def measure(browser, base: str, runs: int) -> dict:
    book, bare, plain, floor, cpu = [], [], [], [], []
    for _ in range(runs):  # interleaved, so a busy spell of the machine hits both alike
        floor.append(floor_run(browser, base))
        book.append(book_run(browser, base))
        bare.append(bare_run(browser, base))
        if os.environ.get("BENCH_SNAPSHOT_AB"):
            plain.append(book_run(browser, base, snapshot=False))
        if os.environ.get("BENCH_CPU"):
            cpu.append(cpu_runs(browser, base))
    python_start = lambda r: r["cold"]["phases"].get("loading NumPy", float("nan")) - r["cold"]["phases"].get("loading Python", 0)  # noqa: E731
    return {
        "plain": {"live_cold": median([r["cold"]["live"] for r in plain]), "live_warm": median([r["warm"]["live"] for r in plain]),
                  "python_start": median([python_start(r) for r in plain]), "mib": median([r["cold"]["mib"] for r in plain]),
                  "boots": [(r[w]["boot"] or {}).get("from", "?") for r in plain for w in ("cold", "warm")]} if plain else None,
        "python_start": median([python_start(r) for r in book]),
        "runs": runs,
        "fcp": median([r["cold"]["fcp"] for r in book]),
        "first_frame": median([r["cold"]["first_frame"] for r in book]),
        "floor_fcp": median([r["fcp"] for r in floor]),
        "floor_frame": median([r["first_frame"] for r in floor]),
        "live_cold": median([r["cold"]["live"] for r in book]),
        "live_warm": median([r["warm"]["live"] for r in book]),
        "bare_cold": median([r["cold"] for r in bare]),
        "bare_warm": median([r["warm"] for r in bare]),
        "next": median([r["next"] for r in book]),
        "mib": median([r["cold"]["mib"] for r in book]),
        "requests": median([r["cold"]["requests"] for r in book]),
        "bare_mib": median([r["mib"] for r in bare]),
        "sw_mib": median([r["cold"]["sw_mib"] for r in book]),
        "listing": book[0]["cold"]["listing"],
        "phases": {k: median([r["cold"]["phases"].get(k) for r in book]) for k in book[0]["cold"]["phases"]},
        # How each cold and warm run's worker started Python (static/js/worker.js): "snapshot" or "plain".
        "boots": [(r[when]["boot"] or {}).get("from", "?") for r in book for when in ("cold", "warm")],
        "cpu": {who: {k: median([r[who][k] for r in cpu]) for k in cpu[0][who]} for who in ("book", "floor")} if cpu else None,
        "load": open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?",
    }


def report(m: dict) -> None:
    def verdict(value, target, lower=True):
        return "met" if (value <= target if lower else value >= target) else "MISSED"

    t = TARGETS
    ratio_cold, ratio_warm = m["live_cold"] / m["bare_cold"], m["live_warm"] / m["bare_warm"]
    print(f"Issue 13 targets, chapter 2 (perceptron), medians of {m['runs']} runs, headless Chromium, this machine:")
    print(f"  first contentful paint, cold         {m['fcp']:7.0f} ms   floor {m['floor_fcp']:6.0f} ms   "
          f"target <= {t['fcp']} ms: {verdict(m['fcp'], t['fcp'])}")
    print(f"  first figure frame, cold             {m['first_frame']:7.0f} ms   floor {m['floor_frame']:6.0f} ms   "
          f"target <= {t['first_frame']} ms: {verdict(m['first_frame'], t['first_frame'])}")
    print("    (floor: a minimal page from the same server in a new context, its text and one canvas frame drawn by one "
          "module, bench/bare_runtime/floor.html)")
    print(f"  all figures live, cold               {m['live_cold']:7.0f} ms   bare runtime {m['bare_cold']:6.0f} ms   "
          f"ratio {ratio_cold:4.2f}   targets <= {t['live_cold']} ms: {verdict(m['live_cold'], t['live_cold'])}, "
          f"ratio <= 1.0: {verdict(ratio_cold, t['ratio'])}")
    print(f"  all figures live, warm               {m['live_warm']:7.0f} ms   bare runtime {m['bare_warm']:6.0f} ms   "
          f"ratio {ratio_warm:4.2f}   targets <= {t['live_warm']} ms: {verdict(m['live_warm'], t['live_warm'])}, "
          f"ratio <= 1.0: {verdict(ratio_warm, t['ratio'])}")
    print(f"  next chapter: click → figures live   {m['next']:7.0f} ms   target <= {t['next']} ms: {verdict(m['next'], t['next'])}")
    print(f"  bytes for a cold chapter             {m['mib']:7.2f} MiB in {m['requests']:.0f} requests   "
          f"(bare runtime {m['bare_mib']:.2f} MiB)   target <= {t['mib']} MiB: {verdict(m['mib'], t['mib'])}")
    print(f"  then, in the background, the service worker stores the book for offline reading: "
          f"{m['sw_mib']:.2f} MiB from the network (the runtime itself comes from the HTTP cache)")
    if os.environ.get("BENCH_LIST_BYTES"):
        print("  a cold chapter's requests, largest first (KiB as sent, first run):")
        for kib, path in m["listing"]:
            print(f"    {kib:9.1f}  /{path}")
    if m.get("plain"):
        p = m["plain"]
        print(f"  the same runs without the interpreter snapshot ({p['boots'].count('plain')} of {len(p['boots'])} loads started Python "
              f"the normal way): live cold {p['live_cold']:.0f} ms (ratio {p['live_cold'] / m['bare_cold']:.2f}), warm "
              f"{p['live_warm']:.0f} ms (ratio {p['live_warm'] / m['bare_warm']:.2f}), Python's start {p['python_start']:.0f} ms "
              f"(with the snapshot {m['python_start']:.0f} ms), {p['mib']:.2f} MiB")
    if m.get("cpu"):
        book, floor = m["cpu"]["book"], m["cpu"]["floor"]
        print(f"  CPU a cold load costs (traced runs, bench/page_cpu.py; load average {m['load']} at the end):")
        print(f"    main thread before first paint       {book['main_fcp']:7.0f} ms   floor {floor['main_fcp']:6.0f} ms")
        print(f"    main thread before first figure frame {book['main_frame']:6.0f} ms   floor {floor['main_frame']:6.0f} ms")
        print(f"    all Chromium threads before first paint {book['all_fcp']:4.0f} ms   floor {floor['all_fcp']:6.0f} ms   "
              f"(requests sent by then: {book['requests_fcp']:.0f}, floor {floor['requests_fcp']:.0f})")
        print(f"    font lookups before first paint      {book['font_lookups_fcp']:7.0f}      floor {floor['font_lookups_fcp']:6.0f}      "
              f"(main thread in them {book['font_ms_fcp']:.0f} ms, floor {floor['font_ms_fcp']:.0f}; of which waiting on the browser "
              f"process {book['font_ipc_ms_fcp']:.0f} ms in {book['font_ipc_fcp']:.0f} calls, floor {floor['font_ipc_ms_fcp']:.0f} ms "
              f"in {floor['font_ipc_fcp']:.0f})")
    boots = m.get("boots", [])
    print(f"  Python started from the interpreter snapshot in {boots.count('snapshot')} of {len(boots)} cold and warm "
          f"loads (else the normal boot)")
    print("  worker phases, cold (ms after the worker started; Python's start is 'loading Python' → 'loading NumPy'):")
    for phase, ms in m["phases"].items():
        print(f"    {phase:28s} {ms:7.0f}")
