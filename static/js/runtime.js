// Starts the page's one Web Worker as soon as the page opens and routes
// widget calls to it (or, if the browser runtime cannot start, to the
// server's /api, which runs the same engine functions).

const VENDOR = "/static/vendor/pyodide/";
const ENGINE = "/runtime/engine.zip";
const listeners = new Set();
let singleton = null;

function setIndicator(state, value, label) {
  const box = document.getElementById("runtime-status");
  if (!box) return;
  box.dataset.state = state;
  const bar = box.querySelector("progress");
  if (bar && value != null) bar.value = value;
  const text = box.querySelector(".runtime-label");
  if (text) text.textContent = label;
}

// Worker and /api answer with one envelope (engine/widgets/protocol.py): {ok: true, result} or
// {ok: false, error: {field, reason, status}}; anything else (a proxy's error page) becomes an HTTP error.
function unwrap(envelope, httpStatus = 500) {
  if (envelope && envelope.ok === true) return envelope.result;
  const error = (envelope && envelope.error) || { field: null, reason: `HTTP ${httpStatus}`, status: httpStatus };
  throw Object.assign(new Error(error.field ? `${error.field}: ${error.reason}` : error.reason), error);
}

class Runtime {
  constructor() {
    this.nextId = 1;
    this.pending = new Map();
    this.mode = "loading"; // loading | live | server
    this.startedAt = performance.now();
    ((window.__nnbookMetrics ||= { redraw: {} }).runtime ||= {})["worker created (page clock)"] = this.startedAt;
    this.ready = new Promise((resolve) => { this.resolveReady = resolve; });
    setIndicator("loading", 2, "Live engine: starting");
    try {
      this.worker = new Worker(new URL("./worker.js", import.meta.url));
    } catch (error) {
      this.fallBack(`Web Workers unavailable (${error})`);
      return;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.fallBack(event.message || "worker error");
    const widgets = [...new Set([...document.querySelectorAll("figure.widget")].map((f) => f.dataset.widget))];
    this.worker.postMessage({ type: "init", indexURL: new URL(VENDOR, location.href).href, engineURL: new URL(ENGINE, location.href).href, widgets });
  }

  receive(message) {
    if (message.type === "progress") {
      // Phase timings for the benchmark: when each phase began, in ms since the worker started.
      const metrics = (window.__nnbookMetrics ||= { redraw: {} });
      (metrics.runtime ||= {})[message.label] = message.ms;
      setIndicator("loading", message.value, `Live engine: ${message.label}`);
      return;
    }
    if (message.type === "ready") {
      this.mode = "live";
      this.readyMs = performance.now() - this.startedAt;
      setIndicator("ready", 100, "Live engine: ready");
      this.resolveReady("live");
      listeners.forEach((cb) => cb("live"));
      return;
    }
    if (message.type === "failed") {
      this.fallBack(message.message);
      return;
    }
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    // For the benchmark: round trip to the worker, and the part of it spent in Python.
    const calls = ((window.__nnbookMetrics ||= { redraw: {} }).calls ||= {});
    (calls[entry.request.widget] ||= []).push([performance.now() - entry.sentAt, message.ms]);
    try { entry.resolve(unwrap(message)); } catch (error) { entry.reject(error); }
  }

  fallBack(reason) {
    if (this.mode === "server") return;
    console.warn(`Browser runtime unavailable, using the server: ${reason}`);
    this.mode = "server";
    setIndicator("failed", null, "Live engine: running on the server");
    if (this.worker) this.worker.terminate();
    for (const [, entry] of this.pending) this.serverCall(entry.request).then(entry.resolve, entry.reject);
    this.pending.clear();
    this.resolveReady("server");
    listeners.forEach((cb) => cb("server"));
  }

  async serverCall({ widget, call, args }) {
    const response = await fetch(`/api/widgets/${encodeURIComponent(widget)}/${encodeURIComponent(call)}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(args ?? {}),
    });
    return unwrap(await response.json().catch(() => null), response.status);
  }

  call(widget, call, args) {
    const request = { widget, call, args };
    if (this.mode === "server") return this.serverCall(request);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, request, sentAt: performance.now() });
      this.worker.postMessage({ id, widget, call, args });
    });
  }
}

export function runtime() {
  if (!singleton) singleton = new Runtime();
  return singleton;
}

export function onRuntimeReady(callback) {
  listeners.add(callback);
  if (singleton && singleton.mode !== "loading") callback(singleton.mode);
}
