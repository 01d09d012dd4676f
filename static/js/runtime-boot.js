// Starts the reader's one Web Worker before anything else on the page loads.
//
// A classic script that pages carry inline at the top of <head>
// (app/inline_assets.py; the Content-Security-Policy allows it by its hash):
// it runs the moment the HTML arrives, long before the module scripts. The
// worker starts downloading Pyodide at once; static/js/runtime.js later
// adopts it (window.__nnbookBoot) and replays the messages it sent in the
// meantime. Where it comes from is read from <html data-worker-url
// data-index-url data-engine-url data-snapshot-url…>, the figures from the script's data-widgets.
"use strict";
(function startWorker() {
  if (window.__nnbookBoot) return;
  const root = document.documentElement.dataset;
  const script = document.currentScript;
  const widgets = ((script && script.dataset.widgets) || "").split(",").filter(Boolean);
  const boot = { messages: [], error: null, startedAt: performance.now(), adopted: false };
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
  try { // the boot also named in the URL: the worker starts it without waiting for the message (worker.js)
    boot.worker = new Worker(`${root.workerUrl}#${encodeURIComponent(JSON.stringify(init))}`);
  } catch (error) {
    boot.error = { code: "no-worker", message: String(error) };
    return;
  }
  boot.worker.onmessage = (event) => boot.messages.push(event.data);
  boot.worker.onerror = (event) => { boot.error = { code: "worker-error", message: event.message || "worker error" }; };
  boot.worker.postMessage(init);
})();
