// The page's one Web Worker: Pyodide + numpy + the book's engine.
// It runs every widget call, so the page's main thread only draws.
/* global importScripts, loadPyodide */
"use strict";

const NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl";
let pyodide = null;
let runCall = null;
const queue = [];

const bootStarted = performance.now();
function progress(value, label) { postMessage({ type: "progress", value, label, ms: performance.now() - bootStarted }); }

async function boot({ indexURL, engineURL, widgets }) {
  progress(5, "loading Python");
  // Downloads overlap Python's start-up: the engine now, numpy's wheel into the HTTP cache
  // (vendored files are cached for good), where loadPackage will find it.
  const engineDownload = fetch(engineURL);
  fetch(indexURL + NUMPY_WHEEL).catch(() => {});
  importScripts(indexURL + "pyodide.js");
  pyodide = await loadPyodide({ indexURL, fullStdLib: false });
  progress(55, "loading NumPy");
  await pyodide.loadPackage("numpy", { messageCallback: () => {}, errorCallback: (m) => console.error(m) });
  progress(85, "loading the engine");
  const response = await engineDownload;
  if (!response.ok) throw new Error(`engine download failed: HTTP ${response.status}`);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/home/pyodide/nnbook" });
  pyodide.runPython('import sys; sys.path.insert(0, "/home/pyodide/nnbook")');
  const protocol = pyodide.pyimport("engine.widgets.protocol"); // the worker's Python: one envelope, never raises
  runCall = protocol.handle_json;
  // Import this page's demo modules now, so the reader's first drag doesn't wait for them.
  protocol.preload(pyodide.toPy(widgets || []));
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

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    boot(message).catch((error) => postMessage({ type: "failed", message: String(error && error.message || error) }));
  } else {
    handleCall(message);
  }
};
