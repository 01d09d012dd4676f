// Batch normalization (chapter 8): one deep network trained with and without it: both losses, and
// how one layer's inputs are distributed over training (15th, 50th, 85th percentiles). Every number
// comes from the engine (engine/widgets/batch_norm.py); training runs when a slider rests.
import { fmt } from "../draw.js";
import { htmlLegend } from "../draw-annotations.js";
import { seriesPlot, drawSeries } from "../draw-series.js";
import { el, liveLine, chartPair, resultTable } from "../draw-figure.js";
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

const HEADERS = ["network", "final loss", "accuracy", "inputs of the watched layer, 15th–85th percentile"];
const cells = (r) => [r.label, r.status === "diverged" ? "diverged" : fmt(r.loss, 3),
  r.accuracy == null ? "—" : `${fmt(100 * r.accuracy, 1)}%`, `${fmt(r.final_band[0], 2)} to ${fmt(r.final_band[2], 2)}`];

export default {
  setup(ctx) {
    const { pair, left: loss, right: bands, rightTitle: bandTitle } = chartPair("training loss", "inputs of the watched layer");
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
    tableWrap.replaceChildren(resultTable(HEADERS, result.runs, cells, { stale }));
    deferred.schedule(ctx, result);
  },
};
