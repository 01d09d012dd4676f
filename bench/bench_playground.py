"""The playground's speed (issue 9), printed beside TensorFlow Playground's figures.

In headless Chromium (Debian's), for the default network (4-2) and the largest (6 hidden layers of
8), both on 500 circle points of which 250 train, batch 10, pressing Play:

- epochs per second end to end (the figure's data-epoch over wall time),
- ms per epoch inside the worker: the training alone (the ``train_ms`` each call reports, per epoch;
  median over the calls, and the least, which a loaded machine inflates less),
- ms per frame inside the worker: the rest of the call (heat map, thumbnails, weights, JSON), median,
- epochs per train call (how the Play loop sizes its calls) and the worker's busy share,
- frames per second (redraws of the heat map and every neuron: changes of data-epoch),
- the longest main-thread task while playing (PerformanceObserver 'longtask'; 0 = none over 50 ms).

Then, in CPython, the cost of a train call that keeps the run in the process (the worker's
session) against the stateless form (the run carried as its exported model, the server fallback).

Reference (issue 9, measured on TensorFlow Playground): 24.9 epochs/s for the largest network,
31 ms per epoch including its redraw, main thread 100 % busy. Target here: >= 150 epochs/s for
the largest network with >= 30 frames/s and no main-thread task over 50 ms.

Run: .venv/bin/python bench/bench_playground.py   (make bench runs it)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from app.local_server import serve  # noqa: E402
from engine.widgets.protocol import handle  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FIGURE = 'figure.widget[data-widget="playground"]'
NETWORKS = [("default 4-2", ""), ("largest 6x8", "?playground.layers=8,8,8,8,8,8")]
REFERENCE = "TensorFlow Playground, largest network: 24.9 epochs/s, 31 ms/epoch, main thread 100 % busy"
WARM_UP_S, MEASURE_S = 2.0, 8.0

# Before the page's scripts: every reply from the worker, with the epochs asked, the training time the
# engine reports and the worker's whole time for the call (the bench only records; the page is unchanged).
RECORD_REPLIES = """(() => {
    const Native = window.Worker;
    window.__pgReplies = [];
    window.Worker = function (...args) {
        const worker = new Native(...args), post = worker.postMessage.bind(worker), asked = new Map();
        worker.postMessage = (message, ...rest) => {
            if (message && message.id && message.call === 'train') asked.set(message.id, message.args.epochs);
            return post(message, ...rest);
        };
        worker.addEventListener('message', (event) => {
            const d = event.data;
            if (d && asked.has(d.id)) {
                window.__pgReplies.push([asked.get(d.id), (d.result || {}).train_ms, d.ms]);
                asked.delete(d.id);
            }
        });
        return worker;
    };
    window.Worker.prototype = Native.prototype;
})();"""

WATCH = """() => {
    window.__pg = { frames: 0, longest: 0 };
    new MutationObserver(() => { window.__pg.frames += 1; })
        .observe(document.querySelector('%s'), { attributes: true, attributeFilter: ['data-epoch'] });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__pg.longest = Math.max(window.__pg.longest, e.duration); })
        .observe({ type: 'longtask', buffered: false });
}""" % FIGURE

SNAPSHOT = """() => {
    const calls = ((window.__nnbookMetrics || {}).calls || {}).playground || [];
    const draws = ((window.__nnbookMetrics || {}).redraw || {})['playground-frame'] || [];
    return { draw: draws.length ? draws.reduce((s, d) => s + d, 0) / draws.length : 0, epoch: Number(document.querySelector('%s').dataset.epoch), frames: window.__pg.frames,
             longest: window.__pg.longest, python: calls.reduce((s, c) => s + (c[1] || 0), 0), calls: calls.length, now: performance.now(),
             replies: window.__pgReplies.length };
}""" % FIGURE


def play(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector(f'{FIGURE}[data-status="live"]', timeout=180_000)
    page.evaluate(WATCH)
    page.click("#playground-play")
    page.wait_for_timeout(WARM_UP_S * 1000)
    page.evaluate("() => { window.__pg.longest = 0; }")
    a = page.evaluate(SNAPSHOT)
    page.wait_for_timeout(MEASURE_S * 1000)
    b = page.evaluate(SNAPSHOT)
    page.click("#playground-play")
    replies = [r for r in page.evaluate("() => window.__pgReplies")[a["replies"]:b["replies"]] if r[0] and r[1] is not None]
    seconds = (b["now"] - a["now"]) / 1000
    epochs = b["epoch"] - a["epoch"]
    per_epoch = [train / n for n, train, _ in replies] or [float("nan")]
    return {"epochs_per_s": epochs / seconds, "train_ms_per_epoch": statistics.median(per_epoch),
            "least_train_ms_per_epoch": min(per_epoch),
            "frame_ms": statistics.median([whole - train for _, train, whole in replies] or [float("nan")]),
            "busy": (b["python"] - a["python"]) / (seconds * 1000),
            "frames_per_s": (b["frames"] - a["frames"]) / seconds,
            "epochs_per_call": epochs / max(1, b["calls"] - a["calls"]), "longest_task_ms": b["longest"], "draw_ms": b["draw"]}


def stateless_vs_session(epochs: int = 5, calls: int = 20) -> tuple[float, float]:
    options = {"layers": [8] * 6}
    start = handle("playground", "initial", options)["result"]
    t = time.perf_counter()
    for _ in range(calls):
        handle("playground", "train", {"session": start["session"], "epochs": epochs})
    session_ms = (time.perf_counter() - t) / calls * 1000
    model = handle("playground", "train", {"session": "none", "options": options, "epochs": 1, "stateless": True})["result"]["model"]
    t = time.perf_counter()
    for _ in range(calls):
        reply = handle("playground", "train", {"session": "none", "model": json.loads(json.dumps(model)), "epochs": epochs,
                                               "stateless": True})
        model = reply["result"]["model"]
    stateless_ms = (time.perf_counter() - t) / calls * 1000
    return session_ms, stateless_ms


def main() -> int:
    print(REFERENCE)
    print(f"(machine load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores)")
    with serve() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(RECORD_REPLIES)
        for name, query in NETWORKS:
            r = play(page, base + "/playground" + query)
            print(f"playground {name:12s} (250 training points, batch 10): {r['epochs_per_s']:6.1f} epochs/s, "
                  f"{r['frames_per_s']:5.1f} frames/s, {r['epochs_per_call']:.1f} epochs/call; in the worker "
                  f"{r['train_ms_per_epoch']:.2f} ms/epoch training (least {r['least_train_ms_per_epoch']:.2f}), "
                  f"{r['frame_ms']:.1f} ms/frame, busy {100 * r['busy']:.0f} %; main thread "
                  f"{r['draw_ms']:.1f} ms per redraw, longest task {r['longest_task_ms']:.0f} ms")
        browser.close()
    session_ms, stateless_ms = stateless_vs_session()
    print(f"train call of 5 epochs, largest network, CPython: {session_ms:.1f} ms with the run kept in the process, "
          f"{stateless_ms:.1f} ms stateless (model carried in and out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
