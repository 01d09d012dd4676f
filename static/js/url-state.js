// Shareable widget state in the page URL. One table per widget lists its
// properties; the same table drives reading and writing:
//   [{ key: "w1", type: "number", min: -5, max: 5 }, { key: "dataset", type: "choice", choices: [...] }, …]
// Parameters are named `<widget id>.<key>` in the query string.

function parse(spec, raw) {
  if (raw == null) return undefined;
  if (spec.type === "number" || spec.type === "int") {
    const value = Number(raw);
    if (!Number.isFinite(value)) return undefined;
    if (spec.type === "int" && !Number.isInteger(value)) return undefined;
    if ((spec.min != null && value < spec.min) || (spec.max != null && value > spec.max)) return undefined;
    return value;
  }
  if (spec.type === "bool") return raw === "1" || raw === "true";
  if (spec.type === "list") {
    const items = raw.split(",").map(Number);
    return items.every(Number.isFinite) ? items : undefined;
  }
  if (spec.choices && !spec.choices.includes(raw)) return undefined;
  return raw;
}

function format(spec, value) {
  if (spec.type === "bool") return value ? "1" : "0";
  if (spec.type === "list") return value.join(",");
  if (spec.type === "number") return String(Math.round(value * 1e6) / 1e6);
  return String(value);
}

export function readUrlState(id, table) {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const spec of table) {
    const value = parse(spec, params.get(`${id}.${spec.key}`));
    if (value !== undefined) out[spec.key] = value;
  }
  return out;
}

let timer = null;
const pendingWrites = new Map();
export function writeUrlState(id, table, values) {
  pendingWrites.set(id, { table, values: { ...values } });
  clearTimeout(timer);
  // Batched so a drag doesn't rewrite history on every input event.
  timer = setTimeout(() => {
    const params = new URLSearchParams(location.search);
    for (const [wid, { table: t, values: v }] of pendingWrites) {
      for (const spec of t) if (v[spec.key] !== undefined) params.set(`${wid}.${spec.key}`, format(spec, v[spec.key]));
    }
    pendingWrites.clear();
    history.replaceState(history.state, "", `${location.pathname}?${params}${location.hash}`);
  }, 150);
}
