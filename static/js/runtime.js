// The reader's one Web Worker (Pyodide + numpy + the engine), kept for the
// whole visit: instant navigation (navigation.js) swaps the page's content
// but never this module, so later chapters reuse the warm worker.
//
// Widget calls go to the worker, or, when the browser runtime cannot start,
// to the server's /api, which runs the same engine functions. "Cannot start"
// includes a boot that stops making progress. The worker itself reports a
// download that has received no byte for the stall deadline (20 s; its timer
// runs only when it is idle, so a busy machine is not mistaken for a dead
// connection). Here a backstop watches for any word from the worker at all:
// none for 60 s (a worker hung while computing) also gives up. Either way the
// figures move to the server, saying why in plain words. A static export of the book
// (site.js STATIC) has no server: there the figures say why and never ask /api.
import { STATIC, siteUrl } from "./site.js";

const listeners = new Set();
let singleton = null;

// Test hook (tests/browser/test_figure_contract.py): window.__nnbookHoldReady() makes figures that mount
// from then on wait as they do for a runtime that is still starting (first frame, "loading", a change
// queued), on the tab's running worker instead of a new boot; window.__nnbookReleaseReady() lets them
// go. While held, what a ready runtime would tell its listeners is kept here.
let held = null;
function tell(callback, mode) {
  if (held) held.push([callback, mode]);
  else callback(mode);
}
if (typeof window !== "undefined") {
  window.__nnbookHoldReady = () => { held ||= []; };
  window.__nnbookReleaseReady = () => {
    const owed = held || [];
    held = null;
    for (const [callback, mode] of owed) if (listeners.has(callback)) callback(mode); // not if unsubscribed since
  };
}

// No word from the booting worker for this long → give up. Tests shorten it
// (window.__nnbookBootStallMs, or <html data-boot-stall-ms>).
const DEFAULT_STALL_MS = 20_000;
const DEFAULT_COMPUTE_MS = 60_000;

// Why the live engine is not running, in words a learner understands.
const REASONS = {
  "stalled": "its download stopped making progress (a slow or broken connection?)",
  "stuck": "it stopped making progress while starting",
  "wasm-forbidden": "this site's security settings do not allow WebAssembly in this browser",
  "no-worker": "this browser cannot run background workers",
  "worker-error": "the live engine crashed while starting",
  "download-failed": "a file of the live engine could not be downloaded",
};

// The worker names its boot phases technically (the benchmark keys its timings
// by them); the header tells a learner what is happening in their words.
export const PHASE_WORDS = {
  "loading Python": "starting the engine…",
  "loading NumPy": "loading its maths…",
  "loading the engine": "loading the engine…",
  "engine imported": "almost ready…",
};
// A learner's words, and short: the header's indicator keeps one width through its states (static/css/book.css).
export const STATUS_WORDS = {
  loading: (phase) => `Figures: ${PHASE_WORDS[phase] || "starting the engine…"}`,
  ready: "Figures: live in your browser",
  server: "Figures: running on the server",
  stopped: "Figures: could not start",
};

function metrics() {
  return (window.__nnbookMetrics ||= { redraw: {} });
}

function configured(value, fallback) {
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? ms : fallback;
}
function stallMs() {
  return configured(window.__nnbookBootStallMs ?? document.documentElement.dataset.bootStallMs, DEFAULT_STALL_MS);
}
function backstopMs() {
  return Math.max(stallMs(), configured(window.__nnbookBootComputeMs, DEFAULT_COMPUTE_MS));
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
    this.unsent = []; // messages for a worker not started yet (post)
    this.mode = "loading"; // loading | live | server
    this.reason = "";
    this.indicator = ["loading", 2, STATUS_WORDS.loading("")];
    this.ready = new Promise((resolve) => { this.resolveReady = resolve; });
    this.showIndicator(...this.indicator);
    const boot = window.__nnbookBoot;
    if (boot && !boot.adopted) this.adopt(boot);
    else this.start();
  }

  // The worker runtime-boot.js started in <head>: take it over and replay what it said. Not started yet
  // (a first visit starts it after the first frame): once it is.
  adopt(boot) {
    boot.adopted = true;
    if (!boot.worker && !boot.error && boot.waiting) { boot.waiting.push(() => this.adopt(boot)); return; }
    this.startedAt = boot.startedAt;
    metrics().runtime = { ...(metrics().runtime || {}), "worker created (page clock)": boot.startedAt };
    if (boot.error) { this.fallBack(boot.error.code, boot.error.message); return; }
    this.worker = boot.worker;
    this.listen();
    for (const message of this.unsent.splice(0)) this.worker.postMessage(message); // asked for while it waited
    const early = boot.messages.splice(0);
    for (const message of early) this.receive(message);
  }

  start() {
    this.startedAt = performance.now();
    metrics().runtime = { ...(metrics().runtime || {}), "worker created (page clock)": this.startedAt };
    const root = document.documentElement.dataset;
    try {
      this.worker = new Worker(root.workerUrl || new URL("./worker.js", import.meta.url));
    } catch (error) {
      this.fallBack("no-worker", String(error));
      return;
    }
    this.listen();
    const widgets = [...new Set([...document.querySelectorAll("figure.widget")].map((f) => f.dataset.widget))];
    this.worker.postMessage({
      type: "init",
      indexURL: new URL(root.indexUrl || siteUrl("/static/vendor/pyodide/"), location.href).href,
      engineURL: new URL(root.engineUrl || siteUrl("/runtime/engine.zip"), location.href).href,
      stdLibURL: root.stdlibUrl ? new URL(root.stdlibUrl, location.href).href : undefined,
      numpyURL: root.numpyUrl ? new URL(root.numpyUrl, location.href).href : undefined,
      snapshotURL: root.snapshotUrl ? new URL(root.snapshotUrl, location.href).href : undefined,
      widgets,
      controlled: Boolean(navigator.serviceWorker && navigator.serviceWorker.controller), // as runtime-boot.js
      stallMs: stallMs(),
    });
  }

  listen() {
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.fallBack("worker-error", event.message || "worker error");
    this.armWatchdog();
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    if (this.mode !== "loading") return;
    const ms = backstopMs();
    this.watchdog = setTimeout(() => this.fallBack("stuck", `no word from the worker for ${ms} ms`), ms);
  }

  showIndicator(state, value, label) {
    this.indicator = [state, value ?? this.indicator[1], label];
    const box = document.getElementById("runtime-status");
    if (!box) return;
    box.dataset.state = state;
    const bar = box.querySelector("progress");
    if (bar && this.indicator[1] != null) bar.value = this.indicator[1];
    const text = box.querySelector(".runtime-label");
    if (text) text.textContent = label;
    if (this.reason) box.title = this.reason;
  }

  receive(message) {
    if (message.type === "alive") { this.armWatchdog(); return; } // still progressing
    if (message.type === "progress") {
      this.armWatchdog();
      // Phase timings for the benchmark: when each phase began, in ms since the worker started.
      (metrics().runtime ||= {})[message.label] = message.ms;
      this.showIndicator("loading", message.value, STATUS_WORDS.loading(message.label));
      return;
    }
    if (message.type === "ready") {
      clearTimeout(this.watchdog);
      if (this.mode !== "loading") return;
      this.mode = "live";
      // How the worker started Python ({from: "snapshot" | "plain", reason}), for the benchmark and tests.
      metrics().boot = message.boot || null;
      metrics().bootMarks = message.marks || null; // when each step of the worker's boot ended (bench/warm_boot.py)
      this.readyMs = performance.now() - this.startedAt;
      this.showIndicator("ready", 100, STATUS_WORDS.ready);
      this.resolveReady("live");
      listeners.forEach((cb) => tell(cb, "live"));
      return;
    }
    if (message.type === "failed") {
      this.fallBack(message.code || "failed", message.message);
      return;
    }
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    // For the benchmark: round trip to the worker, and the part of it spent in Python.
    const calls = (metrics().calls ||= {});
    (calls[entry.request.widget] ||= []).push([performance.now() - entry.sentAt, message.ms]);
    try { entry.resolve(unwrap(message)); } catch (error) { entry.reject(error); }
  }

  fallBack(code, detail = "") {
    if (this.mode === "server") return;
    clearTimeout(this.watchdog);
    this.reason = REASONS[code] || `the live engine failed to start (${detail || code})`;
    console.warn(`Browser runtime unavailable, ${STATIC ? "and this copy has no server" : "using the server"}: ${code}: ${detail}`);
    this.mode = "server";
    this.showIndicator("failed", null, STATIC ? STATUS_WORDS.stopped : STATUS_WORDS.server);
    if (this.worker) this.worker.terminate();
    for (const [, entry] of this.pending) this.serverCall(entry.request).then(entry.resolve, entry.reject);
    this.pending.clear();
    this.resolveReady("server");
    listeners.forEach((cb) => tell(cb, "server"));
  }

  async serverCall({ widget, call, args }) {
    if (STATIC) { // a static copy: no server to ask, say so instead of failing on a missing /api
      const reason = `the live engine could not start (${this.reason}), and this copy of the book is static: `
        + "there is no server to run the figures on";
      throw Object.assign(new Error(reason), { field: null, reason, status: 0 });
    }
    let response;
    try {
      response = await fetch(`/api/widgets/${encodeURIComponent(widget)}/${encodeURIComponent(call)}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(args ?? {}),
      });
    } catch (error) {
      throw Object.assign(new Error("the server could not be reached"), { field: null, reason: "the server could not be reached (offline?)", status: 0 });
    }
    // The body is read as text first: a proxy's 502 page or a plain-text 503 is no JSON, and must
    // reach the figure as a sentence, not as a JSON syntax error.
    const text = await response.text().catch(() => "");
    let envelope = null;
    try { envelope = JSON.parse(text); } catch { /* not JSON: described below */ }
    if (envelope && typeof envelope === "object" && typeof envelope.ok === "boolean") return unwrap(envelope, response.status);
    const said = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 120);
    const reason = `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`
      + (said ? ` ("${said}")` : "") + "; try again in a moment";
    throw Object.assign(new Error(reason), { field: null, reason, status: response.status });
  }

  call(widget, call, args) {
    const request = { widget, call, args };
    if (this.mode === "server") return this.serverCall(request);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, request, sentAt: performance.now() });
      this.post({ id, widget, call, args });
    });
  }

  // Import these widgets' engine modules in the worker now, before their first call.
  preload(widgets) {
    if (this.mode !== "server" && widgets.length) this.post({ type: "preload", widgets });
  }

  // To the worker; before a first visit's worker exists (runtime-boot.js starts it after the first
  // frame), kept in order and sent once it is adopted.
  post(message) {
    if (this.worker) this.worker.postMessage(message);
    else this.unsent.push(message);
  }
}

export function runtime() {
  if (!singleton) singleton = new Runtime();
  return singleton;
}

/** cb(mode) once the runtime is live or on the server (at once if it already is); returns an unsubscribe. */
export function onRuntimeReady(callback) {
  listeners.add(callback);
  if (singleton && singleton.mode !== "loading") tell(callback, singleton.mode);
  return () => listeners.delete(callback);
}

/** Why the figures run on the server, in plain words ("" while the live engine runs). */
export function fallbackReason() {
  return singleton ? singleton.reason : "";
}

// After instant navigation the header's indicator is a fresh copy: show the runtime's state there.
document.addEventListener("nnbook:navigated", () => { if (singleton) singleton.showIndicator(...singleton.indicator); });
