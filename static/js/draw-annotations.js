// Drawing helpers for figures that label their plots with many numbers
// (loss explorer, backpropagation stepper, vanishing gradients). Like draw.js
// they only map data coordinates to pixels and back; every value, tick and
// position they draw comes from the engine.
import { COLORS } from "./draw.js";

/** A number with `digits` significant digits for a readout: "0.2689", "−0.004921", "3.1e−9". */
export function sig(value, digits = 4) {
  if (value == null || Number.isNaN(value)) return "—";
  if (value === 0) return "0";
  const size = Math.abs(value);
  const text = size < 1e-4 || size >= 1e6 ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
  // A typographic minus reads better than a hyphen.
  return text.replace(/^-/, "−").replace("e-", "e−").replace("e+", "e");
}

/** The data x (or y) under a pointer event on a Plot's canvas: plot.px / plot.py run backwards. */
export function dataXAt(plot, event) {
  const rect = plot.canvas.getBoundingClientRect();
  const [x0, x1] = plot.box;
  const fraction = (event.clientX - rect.left - plot.padding) / (plot.width - 2 * plot.padding);
  return x0 + Math.min(1, Math.max(0, fraction)) * (x1 - x0);
}

/** Text at a data point; dx/dy shift it in pixels (dy positive = down). */
export function text(plot, x, y, str, { color = COLORS.ink, align = "left", baseline = "middle", font = "12px system-ui, sans-serif", dx = 0, dy = 0 } = {}) {
  const c = plot.ctx;
  c.font = font;
  c.fillStyle = color;
  c.textAlign = align;
  c.textBaseline = baseline;
  c.fillText(str, plot.px(x) + dx, plot.py(y) + dy);
  c.textAlign = "left";
  c.textBaseline = "alphabetic";
}

/** Several lines of text stacked downwards from a data point, each {text, color?, bold?}. */
export function textLines(plot, x, y, lines, { align = "center", size = 11, dx = 0, dy = 0, background = COLORS.labelBackground } = {}) {
  const c = plot.ctx;
  const step = size + 2;
  lines.forEach((line, i) => {
    const font = `${line.bold ? "600 " : ""}${size}px system-ui, sans-serif`;
    c.font = font;
    const width = c.measureText(line.text).width;
    const left = plot.px(x) + dx - (align === "center" ? width / 2 : align === "right" ? width : 0);
    const top = plot.py(y) + dy + i * step;
    if (background) { c.fillStyle = background; c.fillRect(left - 2, top - 1, width + 4, step); }
    c.fillStyle = line.color || COLORS.ink;
    c.textBaseline = "top";
    c.fillText(line.text, left, top);
  });
  c.textBaseline = "alphabetic";
}

/** A filled rectangle between two data corners. */
export function rect(plot, x0, y0, x1, y1, fill) {
  const c = plot.ctx;
  const left = Math.min(plot.px(x0), plot.px(x1));
  const top = Math.min(plot.py(y0), plot.py(y1));
  c.fillStyle = fill;
  c.fillRect(left, top, Math.abs(plot.px(x1) - plot.px(x0)), Math.abs(plot.py(y1) - plot.py(y0)));
}

/**
 * Grid lines and labels at tick values the engine chose. A tick is a number or
 * {value, label}; numbers are printed as they are. `gap`: the pixels between the plot area
 * and the tick labels (a figure whose markers reach the edge of the area asks for more).
 */
export function tickedAxes(plot, { xTicks = [], yTicks = [], xLabel = "", yLabel = "", gap = 4 } = {}) {
  const c = plot.ctx;
  const [x0, x1, y0, y1] = plot.box;
  c.lineWidth = 1;
  c.font = "11px system-ui, sans-serif";
  const entry = (t) => (typeof t === "number" ? { value: t, label: String(t) } : t);
  // Every grid line is drawn; a tick's label only where it has room beside the last one
  // (30 layers on a phone: 1, 3, 5, …), so labels never run into each other.
  let lastRight = -Infinity;
  for (const t of xTicks.map(entry)) {
    c.strokeStyle = COLORS.grid;
    c.beginPath(); c.moveTo(plot.px(t.value), plot.py(y0)); c.lineTo(plot.px(t.value), plot.py(y1)); c.stroke();
    const half = c.measureText(t.label).width / 2;
    const x = plot.px(t.value);
    if (x - half < lastRight + 4 || x + half > plot.width) continue;
    c.fillStyle = COLORS.muted; c.textAlign = "center";
    c.fillText(t.label, x, plot.height - plot.padding + 10 + gap);
    lastRight = x + half;
  }
  let lastTop = Infinity;
  for (const t of yTicks.map(entry)) {
    c.strokeStyle = t.value === 0 ? COLORS.muted : COLORS.grid;
    c.beginPath(); c.moveTo(plot.px(x0), plot.py(t.value)); c.lineTo(plot.px(x1), plot.py(t.value)); c.stroke();
    const y = plot.py(t.value) + 4;
    if (y > lastTop - 2 || y - 10 < 14) continue; // leave the top line to the axis name
    c.fillStyle = COLORS.muted; c.textAlign = "right";
    c.fillText(t.label, plot.padding - gap, y);
    lastTop = y - 10;
  }
  c.textAlign = "left";
  c.fillStyle = COLORS.ink;
  if (xLabel) { c.textAlign = "right"; c.fillText(xLabel, plot.width - 4, plot.height - 3); c.textAlign = "left"; }
  if (yLabel) c.fillText(yLabel, plot.padding + 4, 12);
}

/**
 * A <dl class="widget-readout"> of named values; `fields` lists [key, label].
 * Returns {element, set(key, text)}.
 */
export function readout(parent, fields, className = "widget-readout") {
  const dl = document.createElement("dl");
  dl.className = className;
  for (const [key, label] of fields) {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.dataset.field = key;
    div.append(dt, dd);
    dl.append(div);
  }
  parent.append(dl);
  return {
    element: dl,
    set(key, textValue) { dl.querySelector(`[data-field="${key}"]`).textContent = textValue; },
  };
}

/** The same legend as HTML under a canvas (it never collides with axis labels): items {label, color, dash?}. */
export function htmlLegend(parent, items) {
  const list = document.createElement("ul");
  list.className = "plot-legend";
  list.setAttribute("aria-hidden", "true"); // the canvas's aria-label already names every series
  for (const item of items) {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "plot-legend-swatch";
    swatch.style.borderTop = `3px ${item.dash ? "dashed" : "solid"} ${item.color}`;
    li.append(swatch, document.createTextNode(item.label));
    list.append(li);
  }
  parent.append(list);
  return list;
}
