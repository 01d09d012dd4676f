// Learning-rate schedules (chapter 8): η(t) of five schedules and the training loss of one small
// network under each, side by side. Curves and numbers come from the engine
// (engine/widgets/lr_schedules.py); a moving slider redraws η(t) at once and the training
// follows when the slider rests (figure-deferred.js).
import { fmt } from "../draw.js";
import { htmlLegend } from "../draw-annotations.js";
import { seriesPlot, drawSeries, SERIES_COLORS, SERIES_DASHES } from "../draw-series.js";
import { el, liveLine, chartPair, resultTable } from "../draw-figure.js";
import { deferredTraining } from "../figure-deferred.js";

const LABELS = ["constant", "step decay", "exponential", "cosine, warm restarts", "warm-up, then cosine"];
const deferred = deferredTraining({ quick: "rates" });

const HEADERS = ["schedule", "η in the last epoch", "training loss"];
const cells = (r) => [r.label, fmt(r.final_lr, 4), r.status === "diverged" ? "diverged" : fmt(r.loss, 3)];

export default {
  setup(ctx) {
    const { pair: plots, left: rate, right: loss } = chartPair("learning rate η(t)", "training loss (cross-entropy)");
    const legend = el("div");
    htmlLegend(legend, LABELS.map((label, i) => ({ label, color: SERIES_COLORS[i], dash: SERIES_DASHES[i].length > 0 })));
    // The two charts side by side need the figure's full width; the controls go below them.
    const message = liveLine("widget-message");
    const tableWrap = el("div", "ch8-table-wrap");
    ctx.body.append(plots, legend, ctx.controls, message, tableWrap);
    ctx.parts = { rate: seriesPlot(rate), loss: seriesPlot(loss), message, tableWrap };
  },

  request: (ctx) => deferred.request(ctx),
  merge: (previous, reply) => deferred.merge(previous, reply),

  resize(ctx) {
    ctx.parts.rate.resize();
    ctx.parts.loss.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { rate, loss, message, tableWrap } = ctx.parts;
    const stale = deferred.stale(result);
    drawSeries(rate, result.rates, { xLabel: "epoch", yLabel: "η", fill: true });
    drawSeries(loss, result.losses, { xLabel: "epoch", yLabel: "loss", style: () => (stale ? { color: "#c8cad0" } : {}) });
    rate.canvas.setAttribute("aria-label", result.description);
    if (stale) ctx.say(message, "Training the network under the new schedules…", "info");
    else ctx.say(message, result.message, result.message_kind);
    tableWrap.replaceChildren(resultTable(HEADERS, result.runs, cells, { key: "schedule", stale }));
    deferred.schedule(ctx, result);
  },
};
