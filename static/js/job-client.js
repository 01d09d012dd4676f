// Runs a heavy demo as a server job (POST /api/jobs) and shows how it goes: a progress bar with
// words ("queued, 2 ahead", "epoch 14 of 40, loss 0.21"), a Cancel button, and plain messages
// when the server is busy (with its retry time), when the job fails, or when there is no server
// (a static copy of the book). Numbers are only formatted here; the server computes them all.
//
//   const panel = jobPanel(parent, { id });
//   const result = await panel.run("digits-cnn", params, { onProgress(event) {} });  // null unless done
//   controlValues(ctx): a mounted figure's controls as they stand, the parameters a job is sent
//
// In a static export (site.js STATIC) nothing is sent: run() answers from the results the export
// stored for the figures' default parameters, and says plainly that other settings need the server.

import { STATIC, NEEDS_SERVER, siteUrl } from "./site.js";

const FINAL = new Set(["done", "failed", "cancelled"]);
// A static export (app/export) stores each heavy figure's default run: an index of {demo, params, file}.
const STORED_INDEX = "/runtime/jobs/index.json";
let storedIndex = null;

const sameValue = (a, b) => (typeof a === "number" || typeof b === "number" ? Number(a) === Number(b) : JSON.stringify(a) === JSON.stringify(b));
const listParams = (params) => Object.entries(params).map(([k, v]) => `${k.replace(/_/g, " ")} ${v}`).join(", ");

/** A static copy's stored result for exactly these parameters: {result} or {stored: [its params…]}. */
async function storedResult(demo, params) {
  storedIndex ||= fetch(siteUrl(STORED_INDEX)).then((r) => (r.ok ? r.json() : { results: [] })).catch(() => ({ results: [] }));
  const entries = (await storedIndex).results.filter((e) => e.demo === demo);
  const match = entries.find((e) => Object.entries(e.params).every(([k, v]) => sameValue(params[k], v)));
  if (!match) return { stored: entries.map((e) => e.params) };
  const response = await fetch(new URL(match.file, new URL(siteUrl(STORED_INDEX), location.href)));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { result: await response.json() };
}

function words(kind, data) {
  if (kind === "queued") return data.ahead ? `queued, ${data.ahead} ahead` : "queued, starting next";
  if (kind === "started") return "starting…";
  if (kind === "progress") {
    if (data.epoch !== undefined) return `epoch ${data.epoch} of ${data.epochs}, loss ${data.loss.toFixed(2)}`;
    if (data.step !== undefined) return `${data.message || "step"} (${data.step} of ${data.steps})`;
    return data.message || "working…";
  }
  if (kind === "done") return data.cached ? "done (a stored result: no training needed)" : "done";
  if (kind === "failed") return `failed: ${data.reason}`;
  if (kind === "cancelled") return `cancelled${data.reason && data.reason !== "cancelled by the reader" ? `: ${data.reason}` : ""}`;
  return kind;
}

function fraction(kind, data) {
  if (kind === "progress" && data.epoch !== undefined) return data.epoch / data.epochs;
  if (kind === "progress" && data.step !== undefined) return data.step / data.steps;
  if (kind === "done") return 1;
  return null; // indeterminate: the bar animates without a value
}

export function jobPanel(parent, { id = "job" } = {}) {
  const panel = document.createElement("div");
  panel.className = "job-panel";
  panel.dataset.state = "idle";
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.id = `${id}-progress`;
  const label = document.createElement("span");
  label.className = "job-words";
  label.setAttribute("role", "status");
  label.setAttribute("aria-live", "polite");
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  cancel.className = "job-cancel";
  cancel.hidden = true;
  panel.append(bar, label, cancel);
  parent.append(panel);

  let source = null;
  let job = null;

  const show = (state, text, value = null) => {
    panel.dataset.state = state;
    // While a job runs its words change every epoch: busy defers them, so a screen reader says
    // the outcome once (queued, then done / failed / cancelled) rather than every progress line.
    label.setAttribute("aria-busy", String(state === "running"));
    label.textContent = text;
    if (value === null) bar.removeAttribute("value"); else bar.value = value;
    cancel.hidden = !(state === "queued" || state === "running");
  };
  const close = () => { if (source) { source.close(); source = null; } };

  cancel.addEventListener("click", () => {
    if (!job) return;
    close();
    show("cancelled", "cancelled", 0);
    fetch(job.urls.self, { method: "DELETE" }).catch(() => {});
  });
  // A reader who leaves stops listening; the server cancels a job nobody watches. Leaving is closing the
  // page or moving to another chapter (static/js/navigation.js swaps the page in place: no pagehide).
  // The panel then lets go of window and document, whose listeners would keep it, and with it the
  // page swapped out around it, alive for as long as the tab is open.
  const leave = (event) => {
    if (event.type === "nnbook:before-swap" && !event.detail.root.contains(panel)) return;
    close();
    if (event.type !== "nnbook:before-swap") return;
    window.removeEventListener("pagehide", leave);
    document.removeEventListener("nnbook:before-swap", leave);
  };
  window.addEventListener("pagehide", leave);
  document.addEventListener("nnbook:before-swap", leave);

  // A static copy: the result stored at build for these parameters, or a plain "needs the server".
  async function runStored(demo, params) {
    show("queued", "reading the stored result…");
    try {
      const { result, stored } = await storedResult(demo, params);
      if (result) { show("done", "done (a stored result, computed when this copy of the book was built)", 1); return result; }
      const have = stored.length ? ` The stored result is for: ${stored.map(listParams).join("; ")}.` : "";
      show("needs-server", `${NEEDS_SERVER}${have}`, 0);
    } catch (error) {
      show("failed", `failed: the stored result could not be read (${error.message})`, 0);
    }
    return null;
  }

  async function run(demo, params, { onProgress = () => {} } = {}) {
    close();
    if (STATIC) return runStored(demo, params);
    show("queued", "sending…");
    let response;
    try {
      response = await fetch("/api/jobs", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ demo, params }) });
    } catch (error) {
      show("failed", "This needs the book's server, which cannot be reached: training runs there.", 0);
      return null;
    }
    let body = null;
    try { body = await response.json(); } catch (error) { /* not the book's server: handled below */ }
    if (response.status === 429) {
      const wait = response.headers.get("Retry-After");
      show("busy", `The server is busy: ${body ? body.error.reason : "too many jobs"}. Try again in ${wait} s.`, 0);
      return null;
    }
    if (!body || !body.ok) {
      const reason = body && body.error ? `${body.error.field}: ${body.error.reason}` : `the server answered ${response.status}`;
      show("failed", response.status === 404 && !body ? "This needs the book's server: training runs there." : reason, 0);
      return null;
    }
    job = body.result;
    panel.dataset.job = job.id;
    return new Promise((resolve) => {
      source = new EventSource(job.urls.events);
      const handle = (kind) => (event) => {
        const data = JSON.parse(event.data);
        const state = kind === "progress" || kind === "started" ? "running" : kind;
        show(state, words(kind, data), fraction(kind, data));
        if (kind === "progress") onProgress(data);
        if (!FINAL.has(kind)) return;
        close();
        if (kind !== "done") { resolve(null); return; }
        fetch(job.urls.self).then((r) => r.json()).then((full) => resolve(full.result.result))
          .catch(() => { show("failed", "failed: the result could not be fetched", 0); resolve(null); });
      };
      for (const kind of ["queued", "started", "progress", "done", "failed", "cancelled"]) {
        source.addEventListener(kind, handle(kind));
      }
      source.onerror = () => {
        if (source && source.readyState === EventSource.CLOSED) {
          close();
          show("failed", "failed: the connection to the server was lost", 0);
          resolve(null);
        }
      };
      cancel.addEventListener("click", () => resolve(null), { once: true });
    });
  }

  return { element: panel, run, show };
}

/** The values a mounted figure's controls show now, by option name (the server checks them again):
 * read at the click, so a reply to the last change still on its way cannot send older values. */
export function controlValues(ctx) {
  const values = {};
  for (const option of ctx.table) {
    const control = ctx.control(option.name);
    if (control) values[option.name] = control.get();
  }
  return values;
}
