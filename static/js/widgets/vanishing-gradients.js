// Vanishing and exploding gradients (chapter 7): one bar per layer, the size of the gradient
// that backpropagation delivers there, on a log scale. Every value, the axis and the sigmoid
// reference line come from the engine (engine/widgets/vanishing_gradients.py); this file draws.
import { Plot, COLORS } from "../draw.js";
import { rect, text, tickedAxes, htmlLegend, readout } from "../draw-annotations.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const HALF_BAR = 0.36; // half a bar's width, in layers
const WARM_UP_AFTER_MS = 1200;
// What each regime the engine names means for the reader: a warning unless the gradients are healthy.
const KIND = { stable: "success", vanishing: "warning", exploding: "warning", tiny: "warning", dead: "warning", exploded: "error" };

// A new network costs the browser's engine about 15 ms, a cached one about 1 ms. While the reader
// is idle, ask for the other depths of the current settings, nearest first and one at a time, so
// that dragging the depth slider afterwards only hits the worker's cache. Through ctx.callAhead (as
// figure-ahead.js computes values ahead): these answers are not the reader's, so they neither mark the
// figure busy nor clear what it says (a refused value stays said while they come in).
function warmUp(ctx) {
  const p = ctx.parts;
  clearTimeout(p.warm);
  if (ctx.mode !== "live") return; // never send guesses to the server
  const depth = ctx.option("depth");
  const base = { ...ctx.values };
  const todo = [];
  for (let k = 1; k < depth.max; k++) {
    for (const d of [base.depth - k, base.depth + k]) if (d >= depth.min && d <= depth.max) todo.push(d);
  }
  const generation = (p.warmGeneration = (p.warmGeneration || 0) + 1);
  const next = () => {
    // Moved on, swapped out, or the figures moved to the server meanwhile (never send it guesses).
    if (generation !== p.warmGeneration || !todo.length || !ctx.figure.isConnected || ctx.mode !== "live") return;
    ctx.callAhead("evaluate", { ...base, depth: todo.shift() }).then(() => { p.warm = setTimeout(next, 0); });
  };
  p.warm = setTimeout(next, WARM_UP_AFTER_MS);
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const chart = el("div");
    const c = canvas("vanishing-canvas");
    chart.append(c);
    layout.append(chart, ctx.controls);
    const values = readout(ctx.controls, [["first", "layer 1"], ["last", "output layer"], ["ratio", "first / last"]],
      "widget-readout vanishing-readout");
    const note = el("p", "vanishing-note");
    ctx.controls.append(note);
    const message = liveLine("widget-message");
    // The bars as numbers, for readers who cannot see the chart (and for copying).
    const details = el("details", "vanishing-values");
    const table = el("table");
    details.append(el("summary", "", "Bar values"), table);
    ctx.body.append(layout, message, details);
    ctx.parts = { canvas: c, chart, values, note, message, table, legend: null, plot: new Plot(c, ctx.result.box, { padding: 36 }) };
  },

  values: (r) => ({ ...r.state }),

  request(ctx) {
    clearTimeout(ctx.parts.warm);
    ctx.parts.warmGeneration = (ctx.parts.warmGeneration || 0) + 1;
    return { call: "evaluate", args: { ...ctx.values } };
  },
  fromUrl: (ctx, values) => ({ call: "evaluate", args: values }),

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, result) {
    const p = ctx.parts;
    const { bars, box, reference, state } = result;
    const plot = p.plot;
    plot.box = box;
    plot.clear();
    tickedAxes(plot, { xTicks: result.x_ticks, yTicks: result.y_ticks, xLabel: "layer l",
      yLabel: `${result.measure_name} (log scale)` });
    const [, , lo, hi] = box;
    for (const bar of bars) {
      const output = bar.layer === bars.length;
      if (bar.status === "ok") {
        rect(plot, bar.layer - HALF_BAR, lo, bar.layer + HALF_BAR, bar.log10_norm, output ? COLORS.zero : COLORS.one);
      } else {
        // No height to draw: a marker at the edge of the plot, named in words.
        const exploded = bar.status === "exploded";
        rect(plot, bar.layer - HALF_BAR, exploded ? hi : lo, bar.layer + HALF_BAR, exploded ? hi - 0.04 * (hi - lo) : lo + 0.04 * (hi - lo), COLORS.bad);
        text(plot, bar.layer, exploded ? hi : lo, exploded ? "exploded" : "0", { color: COLORS.bad, align: "center", dy: exploded ? 10 : -10, font: "10px system-ui, sans-serif" });
      }
    }
    const items = [{ label: "hidden layer", color: COLORS.one }, { label: "output layer", color: COLORS.zero }];
    if (reference) {
      plot.line(reference.map((v, i) => [i + 1, v]), { color: COLORS.ink, width: 1.5, dash: [6, 4] });
      items.push({ label: "× 0.25 per layer", color: COLORS.ink, dash: true });
    }
    if (p.legend) p.legend.remove();
    p.legend = htmlLegend(p.chart, items);
    p.table.innerHTML = "";
    const head = p.table.insertRow();
    for (const h of ["layer", result.measure_name]) head.append(el("th", "", h));
    for (const bar of bars) {
      const row = p.table.insertRow();
      row.dataset.layer = String(bar.layer);
      row.insertCell().textContent = bar.layer === bars.length ? `${bar.layer} (output)` : String(bar.layer);
      row.insertCell().textContent = bar.text;
    }
    p.values.set("first", result.summary.first);
    p.values.set("last", result.summary.last);
    p.values.set("ratio", result.summary.ratio);
    p.note.textContent = (reference ? "Dashed: the output layer's value times 0.25 per layer below it, the sigmoid's largest slope (a guide, not a bound). " : "")
      + `${state.width} units per hidden layer, one batch of 64 random inputs, cross-entropy at a sigmoid output.`;
    ctx.say(p.message, result.message, result.message_kind || KIND[result.regime] || "info");
    p.message.dataset.regime = result.regime;
    p.canvas.setAttribute("aria-label", result.description);
    warmUp(ctx);
  },
};
