// Learning-rate schedules (chapter 8): η(t) of five schedules and the training loss of one small
// network under each, side by side. Curves and numbers come from the engine
// (engine/widgets/lr_schedules.py); a moving slider redraws η(t) at once and the training
// follows when the slider rests (figure-deferred.js).
import { fmt } from "../draw.js";
import { htmlLegend } from "../draw-annotations.js";
import { seriesPlot, drawSeries, SERIES_COLORS, SERIES_DASHES } from "../draw-series.js";
import { el, canvas, liveLine } from "../draw-figure.js";
import { deferredTraining } from "../figure-deferred.js";

const LABELS = ["constant", "step decay", "exponential", "cosine, warm restarts", "warm-up, then cosine"];
const deferred = deferredTraining({ quick: "rates" });

function table(runs, stale) {
  const t = el("table", "ch8-table");
  t.innerHTML = "<thead><tr><th>schedule</th><th>η in the last epoch</th><th>training loss</th></tr></thead>";
  const body = el("tbody");
  for (const r of runs) {
    const row = el("tr");
    row.dataset.schedule = r.name;
    row.append(el("td", "", r.label), el("td", "", fmt(r.final_lr, 4)),
      el("td", "", r.status === "diverged" ? "diverged" : fmt(r.loss, 3)));
    body.append(row);
  }
  t.append(body);
  t.classList.toggle("stale", stale);
  return t;
}

export default {
  setup(ctx) {
    const plots = el("div", "ch8-pair");
    const rate = canvas("epoch-chart");
    const loss = canvas("epoch-chart");
    loss.removeAttribute("role");
    loss.setAttribute("aria-hidden", "true");
    const left = el("div");
    left.append(el("p", "ch8-chart-title", "learning rate η(t)"), rate);
    const right = el("div");
    right.append(el("p", "ch8-chart-title", "training loss (cross-entropy)"), loss);
    plots.append(left, right);
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
    tableWrap.replaceChildren(table(result.runs, stale));
    deferred.schedule(ctx, result);
  },
};
