// Small DOM helpers every figure's drawing uses: an element, a readout of named values.
// (Controls are not made here: the figure mount builds them from the option table.)

/** A new element with a class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** A <dl class="widget-readout"> with one (label, value) pair per [key, label]. */
export function readout(fields, className = "widget-readout") {
  const dl = el("dl", className);
  for (const [key, label] of fields) {
    const pair = el("div");
    pair.dataset.part = key;
    const value = el("dd");
    value.dataset.field = key;
    pair.append(el("dt", "", label), value);
    dl.append(pair);
  }
  return dl;
}

/** Show `text` as the value `key` of a readout made by readout(). */
export function setReadout(dl, key, text) {
  dl.querySelector(`[data-field="${key}"]`).textContent = text;
}

/** A canvas that describes itself to screen readers (role img). */
export function canvas(className) {
  const c = el("canvas", `widget-canvas ${className || ""}`.trim());
  c.setAttribute("role", "img");
  return c;
}

/** A message line. Not a live region: a figure speaks through one announcer, paced for a listener
 * (figure-mount.js: a summary per step, one when training ends, warnings; nothing per tick). */
export function liveLine(className) {
  const p = el("p", className);
  p.setAttribute("aria-live", "off"); // said, if at all, by the figure's announcer
  return p;
}

/**
 * Two titled charts side by side (chapter 8's training figures): returns { pair, left, right, rightTitle },
 * `left` and `right` canvases of class "epoch-chart". The right chart repeats what the left one's
 * description already says, so screen readers skip it.
 */
export function chartPair(leftTitle, rightTitle) {
  const pair = el("div", "ch8-pair");
  const left = canvas("epoch-chart");
  const right = canvas("epoch-chart");
  right.removeAttribute("role");
  right.setAttribute("aria-hidden", "true");
  const rightHeading = el("p", "ch8-chart-title", rightTitle);
  for (const [title, chart] of [[el("p", "ch8-chart-title", leftTitle), left], [rightHeading, right]]) {
    const column = el("div");
    column.append(title, chart);
    pair.append(column);
  }
  return { pair, left, right, rightTitle: rightHeading };
}

/**
 * A table of results: `headers` as its head, one row per item of `rows` with the cells `cells(row)`
 * returns (text), the row's `data-<key>` set to `row.name`; class "stale" while its numbers are old.
 */
export function resultTable(headers, rows, cells, { key = "run", stale = false, className = "ch8-table" } = {}) {
  const t = el("table", className);
  const headRow = el("tr");
  headRow.append(...headers.map((h) => el("th", "", h)));
  const head = el("thead");
  head.append(headRow);
  const body = el("tbody");
  for (const r of rows) {
    const row = el("tr");
    row.dataset[key] = r.name;
    row.append(...cells(r).map((text) => el("td", "", text)));
    body.append(row);
  }
  t.append(head, body);
  t.classList.toggle("stale", stale);
  return t;
}
