// Shareable figure state in the page URL, read and written from the figure's option table
// (the same table its controls and the engine's validation come from). A parameter is named
// `<figure id>.<option>`: `?fig-2-1.w1=0.5&fig-2-1.dataset=or`. Options declared with
// `url: false` never appear. A value the table does not allow is ignored, so a hand-edited
// link cannot break the figure.
import { refusal } from "./figure-controls.js";

/** The typed value of `raw` (a URL parameter) for `option`, or undefined when not allowed. */
export function parseOption(option, raw) {
  if (raw == null) return undefined;
  let value;
  if (option.kind === "number" || option.kind === "integer") value = raw.trim() === "" ? NaN : Number(raw);
  else if (option.kind === "boolean") value = raw === "1" || raw === "true" ? true : raw === "0" || raw === "false" ? false : undefined;
  else if (option.kind === "numbers" || option.kind === "integers") value = raw === "" ? [] : raw.split(",").map(Number);
  else if (option.kind === "choice") {
    const hit = (option.choices || []).map((c) => (Array.isArray(c) ? c[0] : c)).find((c) => String(c) === raw);
    value = hit === undefined ? raw : hit;
  } else value = raw;
  return value === undefined || refusal(option, value) ? undefined : value;
}

export function formatOption(option, value) {
  if (option.kind === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return value.join(",");
  if (option.kind === "number") return String(Math.round(value * 1e6) / 1e6);
  return String(value);
}

const inUrl = (option) => option.url !== false;

/** The options of figure `id` that the URL sets: { name: value } (only allowed values). */
export function readUrlOptions(id, table) {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const option of table.filter(inUrl)) {
    const value = parseOption(option, params.get(`${id}.${option.name}`));
    if (value !== undefined) out[option.name] = value;
  }
  return out;
}

const same = (a, b) => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b);

let timer = null;
const pendingWrites = new Map();

/**
 * Put figure `id`'s `values` in the URL; values equal to `start` (the figure as the chapter
 * sets it) are left out, so an untouched figure keeps the link clean. Batched, so a drag does
 * not rewrite history on every input event.
 */
export function writeUrlOptions(id, table, values, start = {}) {
  // The page it belongs to: a write still owed when the reader has moved on (instant navigation,
  // back/forward) must not land in the next page's URL.
  pendingWrites.set(id, { table, values: { ...values }, start, path: location.pathname });
  clearTimeout(timer);
  // <html data-url-owed> while a write waits: a test reads the URL once none is owed, not after a fixed wait.
  document.documentElement.dataset.urlOwed = "";
  timer = setTimeout(flushUrlOptions, 150);
}

/** Write what is pending now (a figure being unmounted, or a test that cannot wait). */
export function flushUrlOptions() {
  clearTimeout(timer);
  delete document.documentElement.dataset.urlOwed;
  if (!pendingWrites.size) return;
  const params = new URLSearchParams(location.search);
  let changed = false;
  for (const [id, { table, values, start, path }] of pendingWrites) {
    if (path !== location.pathname) continue; // its page is gone: the write is dropped
    changed = true;
    for (const option of table.filter(inUrl)) {
      const key = `${id}.${option.name}`;
      const value = values[option.name];
      if (value === undefined || same(value, start[option.name])) params.delete(key);
      else params.set(key, formatOption(option, value));
    }
  }
  pendingWrites.clear();
  if (!changed) return;
  const query = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
}
