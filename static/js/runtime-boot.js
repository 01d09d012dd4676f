// Starts the reader's one Web Worker, early: before anything else on a page the service worker serves,
// just after the first paint on a cold one.
//
// A classic script that pages carry inline at the top of <head>
// (app/inline_assets.py; the Content-Security-Policy allows it by its hash):
// it runs the moment the HTML arrives, long before the module scripts.
// static/js/runtime.js later adopts the worker (window.__nnbookBoot) and
// replays the messages it sent in the meantime. Where it comes from is read
// from <html data-worker-url data-index-url data-engine-url data-snapshot-url…>,
// the figures from the script's data-widgets.
//
// Cold (no service worker controls the page: nothing is cached), the worker's start (its script, then
// Pyodide's 10 MB compiled on the second core) competed with the first paint and the first figure's
// frame on two busy cores; the figures go live a second or more later anyway, so it waits for the
// first paint. Warm, Pyodide comes compiled from the cache and the figures go live within the second:
// the worker starts at once. Until it exists, boot.worker is a stand-in that keeps what is posted.
"use strict";
(function startWorker() {
  if (window.__nnbookBoot) return;
  const root = document.documentElement.dataset;
  const script = document.currentScript;
  const widgets = ((script && script.dataset.widgets) || "").split(",").filter(Boolean);
  const boot = { messages: [], error: null, startedAt: performance.now(), adopted: false };
  window.__nnbookBoot = boot;
  if (typeof Worker !== "function") {
    boot.error = { code: "no-worker", message: "this browser has no Web Workers" };
    return;
  }
  const queued = [];
  let real = null;
  const worker = boot.worker = {
    onmessage: (event) => boot.messages.push(event.data),
    onerror: (event) => { boot.error = { code: "worker-error", message: event.message || "worker error" }; },
    postMessage(message) { if (real) real.postMessage(message); else queued.push(message); },
    terminate() { worker.terminated = true; if (real) real.terminate(); },
  };
  worker.postMessage({
    type: "init",
    indexURL: new URL(root.indexUrl, location.href).href,
    engineURL: new URL(root.engineUrl, location.href).href,
    stdLibURL: root.stdlibUrl ? new URL(root.stdlibUrl, location.href).href : undefined,
    numpyURL: root.numpyUrl ? new URL(root.numpyUrl, location.href).href : undefined,
    snapshotURL: root.snapshotUrl ? new URL(root.snapshotUrl, location.href).href : undefined,
    widgets,
    stallMs: Number(window.__nnbookBootStallMs || root.bootStallMs) || undefined,
  });
  function start() {
    if (real || worker.terminated) return;
    boot.startedAt = performance.now();
    try {
      real = new Worker(root.workerUrl);
    } catch (error) {
      worker.onerror({ message: String(error) });
      return;
    }
    real.onmessage = (event) => worker.onmessage(event);
    real.onerror = (event) => worker.onerror(event);
    for (const message of queued.splice(0)) real.postMessage(message);
  }
  const cached = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (cached || typeof PerformanceObserver !== "function") { start(); return; }
  // The first contentful paint; a page that never paints (a background tab) starts it a second later.
  const painted = new PerformanceObserver((list) => {
    if (!list.getEntriesByName("first-contentful-paint").length) return;
    painted.disconnect();
    start();
  });
  try { painted.observe({ type: "paint", buffered: true }); } catch { start(); return; }
  setTimeout(start, 1000);
})();
