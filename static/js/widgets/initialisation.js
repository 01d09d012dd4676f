// Weight initialisation (chapter 8): the histogram of each layer's activations through ten layers,
// with the spread, the distinct units and the gradient norm per layer. Every number comes from the
// engine (engine/widgets/initialisation.py); this file draws the bars.
import { Plot, COLORS, fmt } from "../draw.js";
import { sig } from "../draw-annotations.js";
import { el, canvas, liveLine } from "../draw-figure.js";
import { aheadRequest } from "../figure-ahead.js";

function drawHistogram(plot, layer) {
  const [lo, hi] = layer.range;
  const top = Math.max(...layer.fractions, 1e-9);
  plot.box = [lo, hi, 0, top];
  plot.clear();
  plot.polygon([[lo, 0], [hi, 0], [hi, top], [lo, top]], COLORS.plotArea);
  const width = (hi - lo) / layer.fractions.length;
  layer.fractions.forEach((f, i) => {
    // Negative activations orange, positive blue; a layer whose units are all the same, red.
    const fill = layer.distinct_units === 1 ? COLORS.bad : lo + (i + 0.5) * width < 0 ? COLORS.zero : COLORS.one;
    if (f > 0) plot.polygon([[lo + i * width, 0], [lo + (i + 1) * width, 0], [lo + (i + 1) * width, f], [lo + i * width, f]], fill);
  });
  plot.line([[lo, 0], [hi, 0]], { color: COLORS.muted, width: 1 });
  const c = plot.ctx;
  c.font = "10px system-ui, sans-serif";
  c.fillStyle = COLORS.muted;
  c.textAlign = "left";
  c.fillText(fmt(lo, 2), 2, plot.height - 2);
  c.textAlign = "right";
  c.fillText(fmt(hi, 2), plot.width - 2, plot.height - 2);
  c.textAlign = "left";
}

function table(result) {
  const t = el("table", "ch8-table");
  t.innerHTML = "<thead><tr><th>layer</th><th>std of a</th><th>zeros</th><th>distinct units</th><th>‖dW‖</th><th>distinct gradient rows</th></tr></thead>";
  const body = el("tbody");
  for (const l of result.layers) {
    const row = el("tr");
    row.append(el("td", "", String(l.layer)), el("td", "", sig(l.std, 3)), el("td", "", `${fmt(100 * l.zero_fraction, 1)}%`),
      el("td", "", `${l.distinct_units} of ${result.units}`), el("td", "", sig(l.grad_norm, 3)),
      el("td", "", `${l.distinct_gradients} of ${result.units}`));
    body.append(row);
  }
  t.append(body);
  return t;
}

export default {
  setup(ctx) {
    const grid = el("div", "ch8-grid");
    grid.setAttribute("role", "img");
    const plots = [];
    for (let l = 1; l <= 10; l++) {
      const cell = el("figure");
      const title = el("p", "", `layer ${l}`);
      const c = canvas("");
      c.removeAttribute("role");
      c.setAttribute("aria-hidden", "true");
      cell.append(title, c);
      grid.append(cell);
      plots.push({ plot: new Plot(c, [0, 1, 0, 1], { padding: 12 }), title });
    }
    // Ten histograms need the figure's full width: the two choices go above them.
    const message = liveLine("widget-message");
    const tableWrap = el("div", "ch8-table-wrap");
    ctx.body.append(ctx.controls, grid, message, tableWrap);
    ctx.parts = { grid, plots, message, tableWrap };
  },

  // Each value of the units slider costs the worker ~30 products of units × units matrices: while the
  // reader drags, the next values are computed ahead (figure-ahead.js) and drawn from there.
  request: aheadRequest({ slider: "units" }),

  resize(ctx) {
    for (const p of ctx.parts.plots) p.plot.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { grid, plots, message, tableWrap } = ctx.parts;
    result.layers.forEach((layer, i) => {
      drawHistogram(plots[i].plot, layer);
      plots[i].title.textContent = `layer ${layer.layer}: std ${sig(layer.std, 2)}`;
    });
    grid.setAttribute("aria-label", result.description);
    ctx.say(message, result.message, result.message_kind);
    tableWrap.replaceChildren(table(result));
  },
};
