// The convolution explorer (chapter 10): the padded image with the sliding window, the kernel,
// the window's nine products and their sum, the feature map, the output-size formula and the
// max-pooled map. Every number comes from the engine (engine/widgets/convolution_explorer.py).
import { Plot, COLORS, fmt } from "../draw.js";
import { matrix, equation, refillMatrix } from "../draw-matrix.js";
import { buildControl } from "../figure-controls.js";
import { drawGrid, cellAt } from "../draw-grid.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const GAP = 24; // px between the padded image and the maps

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** The window ⊙ kernel = products → sum line: built once, then refilled while the shapes stay. */
function showProducts(p, w, kernel) {
  const e = p.equation;
  if (e && refillMatrix(e.patch, w.patch, { digits: 2 }) && refillMatrix(e.kernel, kernel, { digits: 3 })
      && refillMatrix(e.products, w.products, { digits: 3 })) {
    setText(e.sum, fmt(w.sum, 4));
    return;
  }
  const parts = {
    patch: matrix(w.patch, { digits: 2, caption: "window", name: "patch" }),
    kernel: matrix(kernel, { digits: 3, caption: "kernel", name: "kernel" }),
    products: matrix(w.products, { digits: 3, caption: "products", name: "products" }),
    sum: el("strong", "", fmt(w.sum, 4)),
  };
  parts.sum.dataset.field = "sum";
  p.products.replaceChildren(equation([parts.patch, "⊙", parts.kernel, "=", parts.products, "→ sum =", parts.sum],
    { label: "the window times the kernel, summed" }));
  p.equation = parts;
}

export default {
  setup(ctx) {
    const p = {};
    ctx.parts = p;
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    p.canvas = canvas("wide conv-canvas");
    p.plot = new Plot(p.canvas, [0, 1, 0, 1], { padding: 0 });
    p.legend = el("p", "conv-legend",
      "Left: the image with its zero padding (grey) and the window (yellow). Right: the feature map, its entry for the window outlined, and below it the max-pooled map. Click a feature-map cell to move the window there.");
    drawing.append(p.canvas, p.legend);
    layout.append(drawing, ctx.controls);
    // The typed-in kernel: nine number boxes with the declared range and step, shown for "typed in".
    p.weightsBox = el("div", "widget-options conv-weights");
    p.weightsBox.style.display = "grid";
    p.weightsBox.style.gridTemplateColumns = "repeat(3, minmax(0, 1fr))";
    const weights = ctx.option("weights");
    const scalar = { ...weights, kind: "number", control: "number" };
    p.weights = ctx.values.weights.map((v, i) => {
      const control = buildControl({ ...scalar, name: `weights.${i}`, label: `k${Math.floor(i / 3) + 1}${(i % 3) + 1}` }, `${ctx.id}-w${i}`, v);
      control.wrap.dataset.option = "weights";
      p.weightsBox.append(control.wrap);
      control.input.addEventListener(control.event, (event) => ctx.setValue("weights", p.weights.map((c) => c.get()), event));
      return control;
    });
    ctx.controls.append(p.weightsBox);
    p.formula = el("p", "conv-formula");
    p.formula.dataset.field = "formula";
    p.products = el("div", "matrix-scroll");
    p.pool = liveLine("conv-pool");
    ctx.body.append(layout, p.formula, p.products, p.pool);
    p.canvas.addEventListener("click", (event) => {
      if (!p.mapBox) return;
      const hit = cellAt(p.plot, p.mapBox, p.cell, event);
      if (hit) ctx.setValue("window", hit[0] * ctx.result.feature_map[0].length + hit[1], event);
    });
  },

  // No values(): a window past the last position stays what the reader asked for (the URL keeps it);
  // the engine uses the last position and says so.

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const plot = p.plot;
    plot.resize(false);
    plot.clear();
    const w = r.window;
    const padded = r.padded, fmap = r.feature_map;
    const pad = r.formula.P;
    const n = padded.length, m = fmap.length;
    const cell = Math.max(6, Math.floor(Math.min((plot.width - GAP) / (n + m), (plot.height - 4) / Math.max(n, m + 1 + (r.pooled ? r.pooled.length : 0)))));
    p.cell = cell;
    drawGrid(plot, padded, 0, 0, cell, { grey: true, mark: [w.top, w.left, 3, 3],
      dim: (i, j) => i < pad || j < pad || i >= n - pad || j >= n - pad });
    const scale = Math.max(Math.abs(r.range[0]), Math.abs(r.range[1]), 1e-9);
    const x0 = n * cell + GAP;
    p.mapBox = drawGrid(plot, fmap, x0, 0, cell, { scale, mark: [w.row, w.col, 1, 1], markColour: COLORS.ink });
    p.canvas.dataset.map = JSON.stringify({ ...p.mapBox, cell }); // where the map's cells are (clicks, tests)
    if (r.pooled) drawGrid(plot, r.pooled, x0, p.mapBox.height + cell, cell * r.pool, { scale });
    p.canvas.setAttribute("aria-label", r.description);
    // Text and numbers change in place (only what changed): a rebuilt subtree on every slider move
    // costs a layout and a paint of the figure, and of the long chapter around it.
    setText(p.formula, `Output size: OH = ⌊(H + 2P − K) / S⌋ + 1 = ${r.formula.text}, so the feature map is ${m} × ${fmap[0].length}.`);
    showProducts(p, w, r.kernel);
    setText(p.pool, r.pool_note);
    const custom = ctx.values.kernel === "custom";
    if (p.weightsBox.hidden !== !custom) p.weightsBox.hidden = !custom;
  },
};
