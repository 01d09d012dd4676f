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
