// The page's one Web Worker: Pyodide + numpy + the book's engine.
// It runs every widget call, so the page's main thread only draws. It lives
// for the reader's whole visit: instant navigation keeps it across chapters.
/* global importScripts, loadPyodide */
"use strict";

const NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl";
let pyodide = null;
let runCall = null;
let preloadWidgets = null;
const queue = [];

const bootStarted = performance.now();
function progress(value, label) {
  postMessage({ type: "progress", value, label, ms: performance.now() - bootStarted, downloading: openDownloads > 0 });
}

// A boot that fails says why: `code` picks the sentence the page shows the reader.
class BootError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

// Every download of the boot is also read on a cloned stream, only to count
// its progress: each arriving chunk tells the page "still making progress"
// (at most every 200 ms), which its stall watchdog listens for. The page is
// also told whether a download is still open: with none open the boot is
// computing (compiling, importing), which gets a longer deadline than a
// download that stopped. A failed download (HTTP error) ends the boot at once.
const realFetch = self.fetch.bind(self);
let lastAlive = 0;
let openDownloads = 0;
let lastByteAt = performance.now();
function alive(force = false) {
  const now = performance.now();
  lastByteAt = now;
  if (force || now - lastAlive > 200) { lastAlive = now; postMessage({ type: "alive", downloading: openDownloads > 0 }); }
}
function downloads(change) { openDownloads += change; alive(true); }
async function countBytes(response) {
  try {
    const reader = response.body.getReader();
    for (;;) { const { done } = await reader.read(); if (done) return; alive(); }
  } catch { /* the real reader reports errors */ } finally { downloads(-1); }
}
// The stall check runs here, in the worker: its timer only fires when the worker is idle, so a
// long computation (a busy machine compiling WebAssembly) is never mistaken for a dead download.
// A timer that fires late means the worker was busy: chunks may be queued unread, so wait again.
function watchDownloads(stallMs) {
  let lastTick = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 1000) lastByteAt = now;
    lastTick = now;
    if (runCall) clearInterval(timer);
    else if (openDownloads > 0 && now - lastByteAt > stallMs) {
      clearInterval(timer);
      bootFailed(new BootError("stalled", `no byte for ${Math.round(now - lastByteAt)} ms`));
    }
  }, 250);
}

let bootFailed = null;
self.fetch = async (input, init) => {
  if (runCall) return realFetch(input, init);
  downloads(+1);
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    downloads(-1);
    throw error;
  }
  if (!response.ok) {
    downloads(-1);
    bootFailed(new BootError("download-failed", `${response.status} for ${response.url}`));
  } else if (response.body) {
    countBytes(response.clone());
  } else {
    downloads(-1);
  }
  return response;
};

// A Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling
// WebAssembly; Pyodide would only log a warning and wait for ever, so check first.
function checkWasmAllowed() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw new BootError("wasm-forbidden", String(error && error.message || error));
  }
}

async function boot({ indexURL, engineURL, stdLibURL, numpyURL, widgets, stallMs }) {
  checkWasmAllowed();
  watchDownloads(stallMs > 0 ? stallMs : 20_000);
  progress(5, "loading Python");
  // Downloads overlap Python's start-up: the engine and numpy's wheel now. The wheel is read
  // to the end before loadPackage asks for it, so it is fetched once (from the HTTP cache).
  // (An HTTP error has already ended the boot, in the fetch wrapper above, with the URL and status.)
  const engineDownload = fetch(engineURL).then((r) => {
    if (!r.ok) throw new BootError("download-failed", `engine download failed: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  // numpy: the server's stored repack of the pinned wheel (smaller on the wire as brotli, nothing to
  // inflate), loaded by URL; else the wheel pyodide-lock.json names, by name.
  const numpy = numpyURL || "numpy";
  const numpyDownload = fetch(numpyURL || indexURL + NUMPY_WHEEL).then((r) => r.arrayBuffer()).catch(() => null);
  importScripts(indexURL + "pyodide.js");
  // The standard library: the server's stored repack (smaller on the wire as brotli), else Pyodide's own.
  pyodide = await loadPyodide({ indexURL, fullStdLib: false, ...(stdLibURL ? { stdLibURL } : {}) });
  progress(55, "loading NumPy");
  await numpyDownload;
  const numpyLoaded = pyodide.loadPackage(numpy, { messageCallback: () => {}, errorCallback: (m) => console.error(m) });
  // The engine is unpacked while numpy's extension modules compile (loadPackage awaits those).
  pyodide.unpackArchive(await engineDownload, "zip", { extractDir: "/home/pyodide/nnbook" });
  pyodide.runPython('import sys; sys.path.insert(0, "/home/pyodide/nnbook")');
  await numpyLoaded;
  progress(85, "loading the engine");
  const protocol = pyodide.pyimport("engine.widgets.protocol"); // the worker's Python: one envelope, never raises
  preloadWidgets = protocol.preload;
  // Import this page's figure modules now, so the reader's first drag doesn't wait for them.
  preloadWidgets(pyodide.toPy(widgets || []));
  progress(95, "engine imported");
  runCall = protocol.handle_json;
  progress(100, "ready");
  postMessage({ type: "ready" });
  for (const message of queue.splice(0)) handleCall(message);
}

function handleCall({ id, widget, call, args }) {
  if (!runCall) { queue.push({ id, widget, call, args }); return; }
  const started = performance.now();
  let reply;
  try {
    reply = JSON.parse(runCall(widget, call, JSON.stringify(args ?? {})));
  } catch (error) {
    reply = { ok: false, error: { field: `${widget}.${call}`, reason: String(error), status: 500 } };
  }
  reply.id = id;
  reply.ms = performance.now() - started;
  postMessage(reply);
}

function fail(error) {
  if (runCall) return;
  postMessage({ type: "failed", code: error.code || "failed", message: String(error && error.message || error) });
  bootFailed = () => {};
}
bootFailed = fail;

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    boot(message).catch(fail);
  } else if (message.type === "preload") {
    // Figures of a page reached by instant navigation: import their modules before the first call.
    if (preloadWidgets) { try { preloadWidgets(pyodide.toPy(message.widgets)); } catch (error) { console.error(error); } }
  } else {
    handleCall(message);
  }
};
