// The loss explorer (chapter 6): squared error and cross-entropy of one sigmoid output, and the
// gradients each sends back through z. Curves and values come from the engine
// (engine/widgets/loss_explorer.py); this file draws them and turns a drag into a prediction.
import { Plot, COLORS } from "../draw.js";
import { sig, dataXAt, tickedAxes, htmlLegend, readout } from "../draw-annotations.js";
import { el, canvas, liveLine } from "../draw-figure.js";
import { setTextWithMath } from "../draw-tex.js";

const MARKER = 6; // marker radius, px
const MSE_COLOR = COLORS.one;
const BCE_COLOR = COLORS.zero;
// The engine's name for where the prediction is → the kind of message it deserves.
const KIND = { "confidently-wrong": "warning", right: "success", unsure: "info" };
const series = (xs, ys) => xs.map((x, i) => [x, ys[i]]);

function drawPanel(plot, result, curves, panel, mseKey, bceKey, yLabel) {
  const { state, point } = result;
  const c = curves.by_label[String(state.label)];
  plot.box = panel.box;
  plot.clear();
  // The markers (radius 6) reach past the plot area at ŷ = 0 or 1: the tick labels keep clear of them.
  tickedAxes(plot, { xTicks: panel.x_ticks, yTicks: panel.y_ticks, xLabel: "prediction ŷ", yLabel, gap: MARKER + 3 });
  plot.line([[point.y_hat, panel.box[2]], [point.y_hat, panel.box[3]]], { color: COLORS.muted, width: 1, dash: [4, 4] });
  plot.line(series(curves.y_hat, c[mseKey]), { color: MSE_COLOR, width: 2.5 });
  plot.line(series(curves.y_hat, c[bceKey]), { color: BCE_COLOR, width: 2.5 });
  plot.point(point.y_hat, point[mseKey], { radius: MARKER, fill: MSE_COLOR, stroke: COLORS.paper, width: 2 });
  plot.point(point.y_hat, point[bceKey], { radius: MARKER, fill: BCE_COLOR, stroke: COLORS.paper, width: 2 });
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const plots = el("div", "loss-explorer-plots");
    const lossCanvas = canvas("wide");
    const gradientCanvas = canvas("wide");
    gradientCanvas.removeAttribute("role");
    gradientCanvas.setAttribute("aria-hidden", "true"); // the first canvas's label describes both panels
    plots.append(lossCanvas, gradientCanvas);
    htmlLegend(plots, [{ label: "MSE", color: MSE_COLOR }, { label: "cross-entropy (BCE)", color: BCE_COLOR }]);
    layout.append(plots, ctx.controls);
    const values = readout(ctx.controls, [
      ["y_hat", "ŷ = σ(z)"], ["slope", "σ′(z)"], ["mse", "MSE loss"], ["bce", "BCE loss"],
      ["mse_dz", "MSE ∂L/∂z"], ["bce_dz", "BCE ∂L/∂z"], ["ratio", "|BCE′| / |MSE′|"],
    ], "widget-readout loss-explorer-readout");
    const convention = el("p", "loss-explorer-note");
    setTextWithMath(convention, "MSE is $(\\hat y - y)^2$, as in the chapter, so $\\partial L/\\partial z = 2(\\hat y - y)\\,\\sigma'(z)$. "
      + "Cross-entropy's $\\sigma'$ cancels: $\\partial L/\\partial z = \\hat y - y$. Drag on either plot to move the prediction.");
    ctx.controls.append(convention);
    const message = liveLine("widget-message");
    ctx.body.append(layout, message);
    const { curves, panels } = ctx.result; // sampled once by the engine for both labels
    ctx.parts = { lossCanvas, values, message, curves, panels,
      lossPlot: new Plot(lossCanvas, [0, 1, 0, 1], { padding: 34 }), gradientPlot: new Plot(gradientCanvas, [0, 1, 0, 1], { padding: 34 }) };
    // Dragging on a plot moves the prediction; the engine turns ŷ back into z.
    for (const [c, plot] of [[lossCanvas, ctx.parts.lossPlot], [gradientCanvas, ctx.parts.gradientPlot]]) {
      const drag = (event) => ctx.request("evaluate", { label: ctx.values.label, y_hat: dataXAt(plot, event) });
      c.addEventListener("pointerdown", (event) => { c.setPointerCapture(event.pointerId); drag(event); });
      c.addEventListener("pointermove", (event) => { if (c.hasPointerCapture(event.pointerId)) drag(event); });
    }
  },

  values: (r) => ({ label: r.state.label, z: r.state.z }),
  request: (ctx) => ({ call: "evaluate", args: { label: ctx.values.label, z: ctx.values.z } }),
  fromUrl: (ctx, values) => ({ call: "evaluate", args: { label: values.label, z: values.z } }),

  resize(ctx) { ctx.parts.lossPlot.resize(); ctx.parts.gradientPlot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, result) {
    const p = ctx.parts;
    const { state, point } = result;
    const panel = p.panels[String(state.label)];
    drawPanel(p.lossPlot, result, p.curves, panel.loss, "mse", "bce", "loss L");
    drawPanel(p.gradientPlot, result, p.curves, panel.gradient, "mse_dz", "bce_dz", "∂L/∂z");
    for (const [key, value] of [["y_hat", point.y_hat], ["slope", point.sigmoid_slope], ["mse", point.mse], ["bce", point.bce],
      ["mse_dz", point.mse_dz], ["bce_dz", point.bce_dz], ["ratio", point.gradient_ratio]]) p.values.set(key, sig(value));
    ctx.say(p.message, result.message, result.message_kind || KIND[result.regime] || "info");
    p.message.dataset.regime = result.regime;
    p.lossCanvas.setAttribute("aria-label", result.description);
  },
};
