// Starts the reader's one Web Worker, as early as the page lets it.
//
// A classic script that pages carry inline at the top of <head>
// (app/inline_assets.py; the Content-Security-Policy allows it by its hash):
// it runs the moment the HTML arrives, long before the module scripts.
// A reader who comes back (the book's service worker answers the page, the
// runtime is on this machine) gets the worker at once. On a first visit the
// worker starts once the first contentful paint is on the screen: its downloads
// and WebAssembly compiles took the two cores of the bench's machine from the
// first paint (first contentful paint 40-130 ms later, in paired runs), while
// every figure still went live no later. The paint entry, not the first
// animation frame: that frame's callbacks run before its raster and display,
// and a worker started there still delayed the first contentful paint (medians
// of paired cold loads of the perceptron chapter, 10, 14, 20 and 24 pairs: 368 -> 306,
// 276 -> 242, 294 -> 246 and 332 -> 268 ms; all figures live 2344 -> 2305,
// 1794 -> 1736, 1939 -> 1933 and 2176 -> 1999 ms: the later start costs the boot
// nothing). A 400 ms timer backs the paint up (a tab opened in the background
// paints nothing). static/js/runtime.js later
// adopts the worker (window.__nnbookBoot; boot.start() or boot.waiting when
// it comes first) and replays the messages it sent in the meantime. Where it
// comes from is read from <html data-worker-url data-index-url
// data-engine-url data-snapshot-url…>, the figures from the script's data-widgets.
"use strict";
(function startWorker() {
  if (window.__nnbookBoot) return;
  const root = document.documentElement.dataset;
  const script = document.currentScript;
  const widgets = ((script && script.dataset.widgets) || "").split(",").filter(Boolean);
  // waiting: what static/js/runtime.js does once the worker exists.
  const boot = { messages: [], error: null, startedAt: null, adopted: false, waiting: [] };
  window.__nnbookBoot = boot;
  const init = {
    type: "init",
    indexURL: new URL(root.indexUrl, location.href).href,
    engineURL: new URL(root.engineUrl, location.href).href,
    stdLibURL: root.stdlibUrl ? new URL(root.stdlibUrl, location.href).href : undefined,
    numpyURL: root.numpyUrl ? new URL(root.numpyUrl, location.href).href : undefined,
    snapshotURL: root.snapshotUrl ? new URL(root.snapshotUrl, location.href).href : undefined,
    widgets,
    // Whether the book's service worker answers this page (its cache holds the runtime: worker.js
    // then leaves its downloads uncounted).
    controlled: Boolean(navigator.serviceWorker && navigator.serviceWorker.controller),
    stallMs: Number(window.__nnbookBootStallMs || root.bootStallMs) || undefined,
  };
  boot.start = function () {
    if (boot.worker || boot.error) return;
    boot.startedAt = performance.now();
    try { // the boot also named in the URL: the worker starts it without waiting for the message (worker.js)
      boot.worker = new Worker(`${root.workerUrl}#${encodeURIComponent(JSON.stringify(init))}`);
      boot.worker.onmessage = (event) => boot.messages.push(event.data);
      boot.worker.onerror = (event) => { boot.error = { code: "worker-error", message: event.message || "worker error" }; };
      boot.worker.postMessage(init);
    } catch (error) {
      boot.error = { code: "no-worker", message: String(error) };
    }
    for (const then of boot.waiting.splice(0)) then();
  };
  if (init.controlled) {
    boot.start();
  } else {
    // The entry is reported once the frame with the page's first text is presented. A browser without
    // paint timing (observing an unknown type only logs a warning) starts it after the first frame.
    const P = window.PerformanceObserver;
    if (P && (P.supportedEntryTypes || []).includes("paint")) {
      const observer = new P((list) => {
        if (list.getEntriesByName("first-contentful-paint").length) { observer.disconnect(); boot.start(); }
      });
      observer.observe({ type: "paint", buffered: true });
    } else {
      requestAnimationFrame(() => setTimeout(boot.start, 0));
    }
    setTimeout(boot.start, 400);
  }
})();
