// Canvas drawing helpers. They take plain arrays of numbers, never engine objects,
// and compute nothing but the mapping from data coordinates to pixels.

// The figures' colours come from the page's theme: CSS variables --fig-* in
// static/css/book.css (light and dark). COLORS is one object, updated in place
// when the theme changes (static/js/theme.js fires "nnbook:themechange"), so
// every module that imported it draws with the new colours on its next frame;
// the figures are then asked to redraw. The values below are the light theme's,
// used where no stylesheet is present.
export const COLORS = { one: "#2a5db0", zero: "#d9822b", oneSoft: "rgba(42,93,176,0.14)", zeroSoft: "rgba(217,130,43,0.12)",
  ink: "#1d2330", muted: "#8a90a0", grid: "#e6e3da", bad: "#b3261e", good: "#1d7a3a", highlight: "#f2b705",
  paper: "#ffffff", plotArea: "#f8f7f3", dim: "#eceae4", inputFill: "#eef1f7", edge: "#c9cdd6", edgeDim: "#eeece6",
  faint: "rgba(29,35,48,0.45)", labelBackground: "rgba(255,255,255,0.85)" };

const cssName = (key) => "--fig-" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

/** Read every colour from its CSS variable (--fig-one, --fig-plot-area, …); keep the default where none is set. */
export function refreshColors() {
  if (typeof document === "undefined" || typeof getComputedStyle === "undefined") return;
  const style = getComputedStyle(document.documentElement);
  for (const key of Object.keys(COLORS)) {
    const value = style.getPropertyValue(cssName(key)).trim();
    if (value) COLORS[key] = value;
  }
}

refreshColors();
if (typeof document !== "undefined") {
  document.addEventListener("nnbook:themechange", () => {
    refreshColors();
    // Figures redraw on resize (figure-mount.js), with the colours just read.
    window.dispatchEvent(new Event("resize"));
  });
}

// Canvas sizes, read from layout once and then kept current by a ResizeObserver:
// reading clientWidth while drawing would force a synchronous layout of the whole
// chapter on every slider move.
const canvasSizes = new WeakMap();
let resizeObserver = null;

function onCanvasResize(entries) {
  let changed = false;
  for (const entry of entries) {
    const old = canvasSizes.get(entry.target);
    const { width, height } = entry.contentRect;
    if (!old || Math.abs(old.width - width) > 0.5 || Math.abs(old.height - height) > 0.5) {
      canvasSizes.set(entry.target, { width: width || 320, height: height || width || 320 });
      changed = true;
    }
  }
  // Figures already redraw on window resize; a canvas that changed size for another reason gets the same.
  if (changed) window.dispatchEvent(new Event("resize"));
}

/** Stop watching the canvases under ``root`` (a figure being unmounted): a canvas that leaves the page
 * reports a new size (none), and that redrew every figure of the page swapped in, a second time. */
export function forgetCanvases(root) {
  for (const canvas of root.querySelectorAll("canvas")) {
    if (resizeObserver) resizeObserver.unobserve(canvas);
    canvasSizes.delete(canvas);
  }
}

function canvasSize(canvas, fresh) {
  let size = canvasSizes.get(canvas);
  if (!size || fresh) {
    const width = canvas.clientWidth || 320;
    size = { width, height: canvas.clientHeight || width };
    if (!canvasSizes.has(canvas)) {
      if (!resizeObserver && typeof ResizeObserver !== "undefined") resizeObserver = new ResizeObserver(onCanvasResize);
      if (resizeObserver) resizeObserver.observe(canvas);
    }
    canvasSizes.set(canvas, size);
  }
  return size;
}

/**
 * The canvas's 2-D context, with every fillText also noted in `canvas.drawnLabels` as
 * { text, left, top, right, bottom } in CSS pixels (cleared by Plot.clear). The browser tests
 * read it to prove that no two labels overlap and none is cut off at the canvas's edge.
 */
function recordingText(canvas) {
  const c = canvas.getContext("2d");
  if (c.recordsText) return c;
  const fillText = c.fillText.bind(c);
  c.fillText = (text, x, y, ...rest) => {
    fillText(text, x, y, ...rest);
    const m = c.measureText(text);
    const t = c.getTransform();
    const ratio = t.a || 1; // setTransform(ratio, …) plus any translation a figure made
    const ox = t.e / ratio, oy = t.f / ratio;
    (canvas.drawnLabels ||= []).push({ text: String(text), left: ox + x - m.actualBoundingBoxLeft, right: ox + x + m.actualBoundingBoxRight,
      top: oy + y - m.actualBoundingBoxAscent, bottom: oy + y + m.actualBoundingBoxDescent });
  };
  c.recordsText = true;
  return c;
}

/** A canvas sized for the device's pixel ratio, with a data box [x0, x1, y0, y1] mapped onto it. */
export class Plot {
  constructor(canvas, box, { padding = 28 } = {}) {
    this.canvas = canvas;
    this.box = box;
    this.padding = padding;
    this.resize(false);
  }

  /** Fit the backing store to the canvas; `fresh` re-reads the layout (window resize), else the cached size. */
  resize(fresh = true) {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = canvasSize(this.canvas, fresh);
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    this.ctx = recordingText(this.canvas);
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.width = width;
    this.height = height;
  }

  px(x) { const [x0, x1] = this.box; return this.padding + ((x - x0) / (x1 - x0)) * (this.width - 2 * this.padding); }
  py(y) { const [, , y0, y1] = this.box; return this.height - this.padding - ((y - y0) / (y1 - y0)) * (this.height - 2 * this.padding); }

  clear(fill = COLORS.paper) {
    this.canvas.drawnLabels = [];
    this.canvas.drawnMarks = [];
    this.ctx.fillStyle = fill;
    this.ctx.fillRect(0, 0, this.width, this.height);
  }

  polygon(points, fill) {
    if (!points || points.length < 3) return;
    const c = this.ctx;
    c.beginPath();
    points.forEach(([x, y], i) => (i ? c.lineTo(this.px(x), this.py(y)) : c.moveTo(this.px(x), this.py(y))));
    c.closePath();
    c.fillStyle = fill;
    c.fill();
  }

  line(points, { color = COLORS.ink, width = 2, dash = [] } = {}) {
    if (!points || points.length < 2) return;
    const c = this.ctx;
    c.beginPath();
    c.setLineDash(dash);
    points.forEach(([x, y], i) => (i ? c.lineTo(this.px(x), this.py(y)) : c.moveTo(this.px(x), this.py(y))));
    c.strokeStyle = color;
    c.lineWidth = width;
    c.stroke();
    c.setLineDash([]);
  }

  point(x, y, { radius = 6, fill = null, stroke = COLORS.ink, width = 1.5 } = {}) {
    const c = this.ctx;
    c.beginPath();
    c.arc(this.px(x), this.py(y), radius, 0, 2 * Math.PI);
    // Noted like the labels, so a test can prove no marker hides a label.
    (this.canvas.drawnMarks ||= []).push({ left: this.px(x) - radius, right: this.px(x) + radius, top: this.py(y) - radius, bottom: this.py(y) + radius });
    if (fill) { c.fillStyle = fill; c.fill(); }
    if (stroke) { c.strokeStyle = stroke; c.lineWidth = width; c.stroke(); }
  }

  axes({ ticks = 5, labels = ["x₁", "x₂"] } = {}) {
    const c = this.ctx;
    const [x0, x1, y0, y1] = this.box;
    c.strokeStyle = COLORS.grid;
    c.lineWidth = 1;
    c.font = "11px system-ui, sans-serif";
    c.fillStyle = COLORS.muted;
    for (const x of niceTicks(x0, x1, ticks)) {
      c.beginPath(); c.moveTo(this.px(x), this.py(y0)); c.lineTo(this.px(x), this.py(y1)); c.stroke();
      c.fillText(fmt(x, 2), this.px(x) - 8, this.height - 8);
    }
    for (const y of niceTicks(y0, y1, ticks)) {
      c.beginPath(); c.moveTo(this.px(x0), this.py(y)); c.lineTo(this.px(x1), this.py(y)); c.stroke();
      c.fillText(fmt(y, 2), 2, this.py(y) + 4);
    }
    c.fillStyle = COLORS.ink;
    c.fillText(labels[0], this.width - this.padding - 10, this.height - this.padding - 6);
    c.fillText(labels[1], this.padding + 6, this.padding + 10);
  }

}

/** Round tick positions (multiples of 1, 2, 2.5 or 5 × 10^k) covering [lo, hi]: axis layout, not mathematics of the book. */
export function niceTicks(lo, hi, count = 5) {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) ticks.push(Math.round(t / step) * step);
  return ticks;
}

/** Format a number for display without drowning the reader in digits. */
export function fmt(value, digits = 3) {
  if (value == null || Number.isNaN(value)) return "—";
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

// --- appended for the architecture, activations and forward-pass figures ---

/** The data coordinates [x, y] under a pointer event on a Plot's canvas (the inverse of px/py). */
export function dataFromPointer(plot, event) {
  const rect = plot.canvas.getBoundingClientRect();
  const [x0, x1, y0, y1] = plot.box;
  const fx = (event.clientX - rect.left - plot.padding) / (plot.width - 2 * plot.padding);
  const fy = (plot.height - plot.padding - (event.clientY - rect.top)) / (plot.height - 2 * plot.padding);
  return [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)];
}
