// Regularization and early stopping (chapter 8): a network fitting a noisy curve, its training and
// validation losses with the epoch of the lowest validation loss marked, and the function it ends
// with. Every number comes from the engine (engine/widgets/regularization.py); training runs when a
// control rests (figure-deferred.js).
import { Plot, COLORS, fmt } from "../draw.js";
import { htmlLegend, tickedAxes } from "../draw-annotations.js";
import { seriesPlot, drawSeries } from "../draw-series.js";
import { el, liveLine, readout, setReadout, chartPair } from "../draw-figure.js";
import { deferredTraining } from "../figure-deferred.js";

const TRAIN = "#2a5db0";
const VAL = "#d9822b";
const GREY = "#c8cad0";
const PENDING = "Training the network for the new settings…";
const deferred = deferredTraining({ quick: null, pending: PENDING });

export default {
  setup(ctx) {
    const { pair, left: fit, right: losses } = chartPair("the fitted function", "mean squared error per epoch (log scale)");
    const legend = el("div");
    htmlLegend(legend, [{ label: "training points and loss", color: TRAIN }, { label: "validation points and loss", color: VAL },
      { label: "sin(πx), shaded ± the noise's standard deviation", color: COLORS.muted, dash: true }]);
    // The two charts side by side need the figure's full width; the controls go below them.
    const fields = readout([["best", "lowest validation loss at epoch"], ["run", "epochs run"], ["train", "final training loss"], ["val", "final validation loss"]]);
    const message = liveLine("widget-message");
    ctx.body.append(pair, legend, ctx.controls, fields, message);
    ctx.parts = { fit: new Plot(fit, [-1.1, 1.1, -2, 2], { padding: 30 }), losses: seriesPlot(losses), fields, message };
  },

  request: (ctx) => deferred.request(ctx),
  merge: (previous, reply) => deferred.merge(previous, reply),

  resize(ctx) {
    ctx.parts.fit.resize();
    ctx.parts.losses.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { fit, losses, fields, message } = ctx.parts;
    const stale = deferred.stale(result);
    fit.box = [-1.1, 1.1, -2, 2];
    fit.clear();
    fit.polygon([[-1.1, -2], [1.1, -2], [1.1, 2], [-1.1, 2]], COLORS.plotArea);
    fit.polygon(result.noise_band, "rgba(138,144,160,0.18)");
    tickedAxes(fit, { xTicks: [-1, 0, 1], yTicks: [-2, -1, 0, 1, 2], xLabel: "x", yLabel: "y" });
    fit.line(result.target, { color: COLORS.muted, width: 1.5, dash: [5, 4] });
    fit.line(result.fit, { color: stale ? GREY : COLORS.ink, width: 2.5 });
    for (const [x, y] of result.points.train) fit.point(x, y, { radius: 4, fill: TRAIN, stroke: COLORS.paper, width: 1 });
    for (const [x, y] of result.points.val) fit.point(x, y, { radius: 4, fill: COLORS.paper, stroke: VAL, width: 2 });
    fit.canvas.setAttribute("aria-label", result.description);
    drawSeries(losses, result.chart, { xLabel: "epoch", yLabel: "loss",
      style: (name) => ({ color: stale ? GREY : name === "train" ? TRAIN : VAL }) });
    setReadout(fields, "best", String(result.best_epoch));
    setReadout(fields, "run", String(result.epochs_run));
    setReadout(fields, "train", fmt(result.final_train, 4));
    setReadout(fields, "val", fmt(result.final_val, 4));
    if (stale) ctx.say(message, PENDING, "info");
    else ctx.say(message, result.message, result.message_kind);
    deferred.schedule(ctx, result);
  },
};
