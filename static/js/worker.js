// The page's one Web Worker: Pyodide + numpy + the book's engine.
// It runs every widget call, so the page's main thread only draws. It lives
// for the reader's whole visit: instant navigation keeps it across chapters.
/* global importScripts, loadPyodide */
"use strict";

const NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl";
const ENGINE_DIR = "/home/pyodide/nnbook"; // where the engine's files go (tracebacks name it: app/engine_bytecode.py)
let pyodide = null;
let runCall = null;
let preloadWidgets = null;
let bootKind = null; // how Python started: { from: "snapshot" | "plain", reason, numpy, downloads }
const queue = [];

const bootStarted = performance.now();
// When each step of the boot ended (ms since the worker started), sent with "ready" for the benchmark
// (bench/warm_boot.py); snapshot-restore.js marks its own steps through self.nnbookMark.
const marks = {};
function mark(name) { if (!(name in marks)) marks[name] = Math.round(performance.now() - bootStarted); }
self.nnbookMark = mark;
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
// Not on a page the book's service worker controls (static/sw.js, fromBookCache below): it installed
// only once every runtime file was in its cache, so nothing can stall on the network, while the clone
// costs the boot a copy of every chunk (the wasm, the standard library) and a JavaScript read of each:
// without it a return visit went live sooner in 25 of 36 paired loads, by 41-114 ms in the median of
// three A/Bs (bench/warm_boot.py, WARM_TREES).
const networkFetch = self.fetch.bind(self);
// On a page the book's service worker controls (fromBookCache: the boot's `controlled`), its cache holds
// every runtime file (it installs only once all are stored): the boot reads them from Cache Storage
// here, as the service worker's fetch handler would (static/sw.js's cacheFirst: the same caches, looked
// up by URL without the query; the network when a file is missing), instead of a trip through the
// service worker for each file. The six runtime files of a warm boot (38 MB) took 219 ms through the
// service worker and 71 ms read here (medians of 8, an idle page), and a return visit went live 95-146
// ms sooner (bench/warm_boot.py, two alternated pairs of 6 loads: 852 and 812 ms against 947 and 958).
// caches.match looks through the caches in the order they were made: the active worker's comes before
// one a newer worker is still filling, so both paths give the same file. Only the boot's downloads: a
// figure's later requests go to the network.
let fromBookCache = false;
function bootFetch(input, init) {
  if (!fromBookCache || init || !self.caches) return networkFetch(input, init);
  const url = new URL(String(input instanceof Request ? input.url : input), self.location.href);
  return caches.match(url.origin + url.pathname).then((cached) => cached || networkFetch(input), () => networkFetch(input));
}
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

// Files the boot fetched ahead of Pyodide (beside a snapshot: the wasm and the standard library, while
// the snapshot downloads): Pyodide's own request for one is answered with that response, so each file
// is read once (on a warm visit, through the service worker from Cache Storage: a second request would
// read it all again).
const fetchedAhead = new Map();
function fetchAhead(url) {
  const response = self.fetch(url);
  response.catch(() => {}); // reported to whoever awaits it
  fetchedAhead.set(url, response);
  return response;
}

let bootFailed = null;
self.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input); // Pyodide passes URL objects
  const ahead = fetchedAhead.get(url);
  if (ahead) {
    fetchedAhead.delete(url);
    return ahead;
  }
  if (runCall) return networkFetch(input, init);
  downloads(+1);
  let response;
  try {
    response = await bootFetch(input, init);
  } catch (error) {
    downloads(-1);
    throw error;
  }
  if (!response.ok) {
    downloads(-1);
    bootFailed(new BootError("download-failed", `${response.status} for ${response.url}`));
  } else if (response.body && !fromBookCache) {
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

// A memory snapshot of the started interpreter (app/interpreter_snapshot.py), when the page names one.
// No file, an HTTP error or a failed download → null, and the boot goes the normal way (a snapshot of
// another build is refused later, by snapshot-restore.js's checks or by Pyodide's own build check).
function downloadSnapshot(url) {
  return bootFetch(url).then((r) => (r.ok ? r.arrayBuffer() : null)).then((b) => { mark("snapshot in"); return b; }).catch(() => null);
}

// Beside the snapshot interpreter-KEY.bin lie (app/interpreter_snapshot.py) python_stdlib-KEY.zip, the
// standard library without the modules the snapshot has already imported; numpy-KEY.zip, numpy's files
// without the imported .py files; and interpreter-KEY.json, where numpy's extension modules lay.
// A normal boot needs the whole standard library (stdLibURL) and numpy's wheel.
function besideSnapshot(snapshotURL, name, extension) {
  return snapshotURL.replace(/interpreter-([^/]*)\.bin$/, `${name}-$1.${extension}`);
}

// numpy's files and the manifest of its compiled extension modules, downloaded beside the snapshot;
// prepareNumpy (snapshot-restore.js) then compiles the .so files, which are instantiated where the
// snapshot had them.
function downloadNumpy(snapshotURL) {
  const get = (url, read) => bootFetch(url).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
    return read(r);
  });
  const files = [get(besideSnapshot(snapshotURL, "interpreter", "json"), (r) => r.json()),
    get(besideSnapshot(snapshotURL, "numpy", "zip"), (r) => r.arrayBuffer())];
  for (const file of files) file.catch(() => {}); // a failure is reported by the restore that awaits it (then a normal boot)
  return files;
}
function prepareNumpy([manifest, zip]) {
  const prepared = self.nnbookSnapshot.prepareNumpy(manifest, zip);
  prepared.catch(() => {}); // as above
  return prepared;
}

// With a snapshot, Pyodide asks for its wasm and the standard library only once the snapshot is in
// (it awaits `_loadSnapshot` first): both are fetched at the boot's start, beside it, and the wasm
// compiled meanwhile.
function fetchBesideSnapshot(indexURL, snapshotURL) {
  fetchAhead(besideSnapshot(snapshotURL, "python_stdlib", "zip"));
  const wasm = WebAssembly.compileStreaming(fetchAhead(indexURL + "pyodide.asm.wasm")).then((m) => { mark("wasm compiled"); return m; });
  wasm.catch(() => {}); // a failure is reported by the restore that awaits it (then a normal boot)
  return wasm;
}

function startPython({ indexURL, stdLibURL, snapshotURL, snapshotDownload, numpyPrepared, wasm }) {
  const options = { indexURL, fullStdLib: false, ...(stdLibURL ? { stdLibURL } : {}) };
  if (!snapshotDownload) return loadPyodide(options).then((python) => ({ python, from: "plain", reason: "no snapshot" }));
  const snapshotStdLib = besideSnapshot(snapshotURL, "python_stdlib", "zip");
  importScripts(indexURL + "pyodide.js");
  return (async () => {
    try {
      importScripts(indexURL + "pyodide.asm.js");
      mark("pyodide.asm.js run");
      const python = await self.nnbookSnapshot.restoreSnapshot(loadPyodide, { ...options, stdLibURL: snapshotStdLib },
        snapshotDownload, numpyPrepared, wasm);
      return { python, from: "snapshot", numpy: true };
    } catch (error) {
      const reason = String(error && error.message || error);
      console.warn(`The interpreter snapshot did not restore (${reason}); starting Python the normal way`);
      fetchedAhead.clear(); // the normal boot fetches its own (a response read by the restore cannot be read again)
      return { python: await loadPyodide(options), from: "plain", reason };
    }
  })();
}

async function boot({ indexURL, engineURL, stdLibURL, numpyURL, snapshotURL, widgets, stallMs, controlled }) {
  mark("boot started");
  fromBookCache = Boolean(controlled);
  checkWasmAllowed();
  watchDownloads(stallMs > 0 ? stallMs : 20_000);
  progress(5, "loading Python");
  // Every download starts here, before any script is loaded (each importScripts below waits for its
  // file and then compiles it, while these arrive).
  // Downloads overlap Python's start-up: the engine, and numpy's wheel when there is no snapshot
  // (read to the end before loadPackage asks for it, so it is fetched once, from the HTTP cache).
  // (An HTTP error has already ended the boot, in the fetch wrapper above, with the URL and status.)
  const engineBytes = fetch(engineURL).then((r) => {
    if (!r.ok) throw new BootError("download-failed", `engine download failed: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  // numpy: the server's stored repack of the pinned wheel (smaller on the wire as brotli, nothing to
  // inflate), loaded by URL; else the wheel pyodide-lock.json names, by name. With a snapshot, numpy
  // comes back with it (its files from beside the snapshot): the wheel is only fetched if that fails.
  const numpy = numpyURL || "numpy";
  const snapshotDownload = snapshotURL ? downloadSnapshot(snapshotURL) : null;
  const numpyFiles = snapshotURL ? downloadNumpy(snapshotURL) : null;
  const wasm = snapshotURL ? fetchBesideSnapshot(indexURL, snapshotURL) : null;
  const numpyDownload = snapshotDownload ? null : fetch(numpyURL || indexURL + NUMPY_WHEEL).then((r) => r.arrayBuffer()).catch(() => null);
  // Zip reading and numpy's restore from the snapshot (self.nnbookSnapshot).
  importScripts("snapshot-restore.js");
  // The engine's files are inflated here, in JavaScript, meanwhile: no Python runs to unpack them.
  const engineFiles = engineBytes.then(async (bytes) => ({ members: await self.nnbookSnapshot.zipMembers(new Uint8Array(bytes), true),
    sha256: await self.nnbookSnapshot.sha256Hex(bytes) }));
  engineFiles.catch(() => {}); // awaited below, where a failure ends the boot
  const numpyPrepared = numpyFiles ? prepareNumpy(numpyFiles) : null;
  if (!snapshotDownload) importScripts(indexURL + "pyodide.js");
  // The standard library: the server's stored repack (smaller on the wire as brotli), else Pyodide's own.
  const started = await startPython({ indexURL, stdLibURL, snapshotURL, snapshotDownload, numpyPrepared, wasm });
  pyodide = started.python;
  mark("python ready");
  bootKind = { from: started.from, reason: started.reason || "", numpy: started.numpy ? "snapshot" : "loaded",
    downloads: fromBookCache ? "from the book's cache" : "counted" };
  progress(55, "loading NumPy");
  await numpyDownload;
  const numpyLoaded = started.numpy ? null
    : pyodide.loadPackage(numpy, { messageCallback: () => {}, errorCallback: (m) => console.error(m) });
  // The engine is unpacked while numpy's extension modules compile (loadPackage awaits those).
  const engine = await engineFiles;
  mark("engine zip in");
  self.nnbookSnapshot.writeMembers(pyodide.FS, ENGINE_DIR, engine.members);
  // A snapshot may hold the engine's entry point already imported (app/interpreter_snapshot.py), from
  // the engine its manifest names: another engine (the book updated since) has its modules imported anew.
  const engineRestored = started.numpy && (await numpyPrepared).manifest.engine === engine.sha256;
  if (started.numpy && !engineRestored) mark("engine imported anew"); // bench/warm_boot.py, the tests
  self.nnbookSnapshot.execPython(pyodide, `import sys
if "${ENGINE_DIR}" not in sys.path:
    sys.path.insert(0, "${ENGINE_DIR}")
if ${engineRestored ? "False" : "True"}:
    for name in [n for n in sys.modules if n == "engine" or n.startswith("engine.")]:
        del sys.modules[name]`);
  await numpyLoaded;
  progress(85, "loading the engine");
  const protocol = pyodide.pyimport("engine.widgets.protocol"); // the worker's Python: one envelope, never raises
  preloadWidgets = protocol.preload;
  mark("engine imported");
  progress(95, "engine imported");
  runCall = protocol.handle_json;
  progress(100, "ready");
  postMessage({ type: "ready", boot: bootKind, marks });
  for (const message of queue.splice(0)) handleCall(message);
  preloadSoon(widgets || []);
}

// Import figures' modules before their first call, so the reader's first drag doesn't wait for them:
// this page's once the figures are live (their first frame is the server's), a page's reached by
// instant navigation when it asks. One module per task: a call that arrives meanwhile runs first (and
// imports its own figure's module if it must).
function preloadSoon(names) {
  for (const name of names) {
    setTimeout(() => { try { preloadWidgets(pyodide.toPy([name])); } catch (error) { console.error(error); } }, 0);
  }
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

// The boot starts once, from the worker's URL or from the page's "init" message, whichever comes first:
// the page names the same boot in both (static/js/runtime-boot.js). From the URL (after "#", as JSON) it
// starts the moment this script has run, instead of once the page's main thread, busy parsing and
// painting the page, has relayed the message.
let booting = false;
function startBoot(message) {
  if (booting) return;
  booting = true;
  boot(message).catch(fail);
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    startBoot(message);
  } else if (message.type === "preload") {
    // Figures of a page reached by instant navigation: import their modules before the first call.
    if (preloadWidgets) preloadSoon(message.widgets || []);
  } else {
    handleCall(message);
  }
};

if (self.location.hash.length > 1) {
  let named = null;
  try { named = JSON.parse(decodeURIComponent(self.location.hash.slice(1))); } catch { /* the message will do */ }
  if (named && typeof named === "object") startBoot({ ...named, type: "init" });
}
