// Batch normalization (chapter 8): one deep network trained with and without it: both losses, and
// how one layer's inputs are distributed over training (15th, 50th, 85th percentiles). Every number
// comes from the engine (engine/widgets/batch_norm.py); training runs when a slider rests.
import { fmt } from "../draw.js";
import { htmlLegend } from "../draw-annotations.js";
import { seriesPlot, drawSeries } from "../draw-series.js";
import { el, canvas, liveLine } from "../draw-figure.js";
import { deferredTraining } from "../figure-deferred.js";

const PLAIN = "#d9822b";
const BN = "#2a5db0";
const GREY = "#c8cad0";
const PENDING = "Training both networks for the new settings…";
const deferred = deferredTraining({ quick: null, pending: PENDING });

function style(name, stale) {
  const color = stale ? GREY : name.startsWith("bn") ? BN : PLAIN;
  const median = !name.includes("-") || name.endsWith("-50");
  return { color, width: median ? 2 : 1, dash: median ? [] : [4, 3] };
}

function table(result, stale) {
  const t = el("table", "ch8-table");
  t.innerHTML = "<thead><tr><th>network</th><th>final loss</th><th>accuracy</th><th>inputs of the watched layer, 15th–85th percentile</th></tr></thead>";
  const body = el("tbody");
  for (const r of result.runs) {
    const row = el("tr");
    row.dataset.run = r.name;
    const diverged = r.status === "diverged";
    row.append(el("td", "", r.label), el("td", "", diverged ? "diverged" : fmt(r.loss, 3)),
      el("td", "", r.accuracy == null ? "—" : `${fmt(100 * r.accuracy, 1)}%`),
      el("td", "", `${fmt(r.final_band[0], 2)} to ${fmt(r.final_band[2], 2)}`));
    body.append(row);
  }
  t.append(body);
  t.classList.toggle("stale", stale);
  return t;
}

export default {
  setup(ctx) {
    const pair = el("div", "ch8-pair");
    const loss = canvas("epoch-chart");
    const bands = canvas("epoch-chart");
    bands.removeAttribute("role");
    bands.setAttribute("aria-hidden", "true");
    const left = el("div");
    left.append(el("p", "ch8-chart-title", "training loss"), loss);
    const right = el("div");
    const bandTitle = el("p", "ch8-chart-title", "inputs of the watched layer");
    right.append(bandTitle, bands);
    pair.append(left, right);
    const legend = el("div");
    htmlLegend(legend, [{ label: "without batch norm", color: PLAIN }, { label: "with batch norm", color: BN },
      { label: "15th and 85th percentiles", color: "#5b6770", dash: true }]);
    // The two charts side by side need the figure's full width; the controls go below them.
    const message = liveLine("widget-message");
    const tableWrap = el("div", "ch8-table-wrap");
    ctx.body.append(pair, legend, ctx.controls, message, tableWrap);
    ctx.parts = { loss: seriesPlot(loss), bands: seriesPlot(bands), bandTitle, message, tableWrap };
  },

  request: (ctx) => deferred.request(ctx),
  merge: (previous, reply) => deferred.merge(previous, reply),

  resize(ctx) {
    ctx.parts.loss.resize();
    ctx.parts.bands.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { loss, bands, bandTitle, message, tableWrap } = ctx.parts;
    const stale = deferred.stale(result);
    drawSeries(loss, result.losses, { xLabel: "epoch", yLabel: "loss", fill: true, style: (name) => style(name, stale) });
    drawSeries(bands, result.bands, { xLabel: "epoch", yLabel: "z", style: (name) => style(name, stale) });
    bandTitle.textContent = `inputs z of layer ${result.layer}'s activation`;
    loss.canvas.setAttribute("aria-label", result.description);
    if (stale) ctx.say(message, PENDING, "info");
    else ctx.say(message, result.message, result.message_kind);
    tableWrap.replaceChildren(table(result, stale));
    deferred.schedule(ctx, result);
  },
};
