// Capacity and overfitting (chapter 9): left, the noisy points and the chosen network's fit;
// right, training and test error against the number of hidden units (log scale), the chosen
// width marked. Click the right chart to choose a width. Every number comes from the engine
// (engine/widgets/capacity.py); this file draws.
import { Plot, COLORS, fmt } from "../draw.js";
import { tickedAxes, readout, htmlLegend, dataXAt } from "../draw-annotations.js";
import { el, canvas, liveLine } from "../draw-figure.js";

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    const fit = canvas("wide capacity-fit");
    const errors = canvas("wide capacity-errors");
    drawing.append(fit, errors);
    htmlLegend(drawing, [{ label: "training points / training error", color: COLORS.one }, { label: "test points / test error", color: COLORS.zero },
      { label: "the network's fit", color: COLORS.ink }]);
    layout.append(drawing, ctx.controls);
    const values = readout(ctx.controls, [["train", "training error"], ["test", "test error"], ["best", "best width"]]);
    values.element.style.flexWrap = "wrap"; // several readouts: wrap on a phone
    const message = liveLine("widget-message");
    ctx.body.append(layout, message);
    const errorPlot = new Plot(errors, ctx.result.error_box, { padding: 40 });
    ctx.parts = { fit, errors, values, message, fitPlot: new Plot(fit, ctx.result.fit_box, { padding: 30 }), errorPlot };
    errors.addEventListener("click", (event) => {
      const w = Math.round(dataXAt(errorPlot, event));
      const option = ctx.option("width");
      if (w >= option.min && w <= option.max) ctx.setValue("width", w, event);
    });
  },

  resize(ctx) { ctx.parts.fitPlot.resize(); ctx.parts.errorPlot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const f = p.fitPlot;
    f.box = r.fit_box;
    f.clear();
    tickedAxes(f, { xTicks: [-1, -0.5, 0, 0.5, 1], yTicks: [-2, -1, 0, 1, 2].filter((t) => t > r.fit_box[2] && t < r.fit_box[3]), xLabel: "x" });
    for (const [x, y] of r.test) f.point(x, y, { radius: 2.5, fill: COLORS.zero, stroke: null });
    f.line(r.curve, { color: COLORS.ink, width: 2 });
    for (const [x, y] of r.train) f.point(x, y, { radius: 4.5, fill: COLORS.one, stroke: COLORS.paper, width: 1.5 });
    p.fit.setAttribute("aria-label", r.description);

    const e = p.errorPlot;
    e.box = r.error_box;
    e.clear();
    tickedAxes(e, { xTicks: r.x_ticks, yTicks: r.y_ticks, xLabel: "hidden units h", yLabel: "mean squared error" });
    e.line([[r.points, r.error_box[2]], [r.points, r.error_box[3]]], { color: COLORS.grid, width: 2, dash: [3, 3] });
    e.line(r.log10_train.map((v, i) => [i + 1, v]), { color: COLORS.one, width: 2 });
    e.line(r.log10_test.map((v, i) => [i + 1, v]), { color: COLORS.zero, width: 2 });
    e.line([[r.width, r.error_box[2]], [r.width, r.error_box[3]]], { color: COLORS.highlight, width: 2 });
    p.errors.setAttribute("aria-label", `Training and test error for 1 to ${r.log10_test.length} hidden units; the dashed line marks as many units as training points.`);
    p.values.set("train", fmt(r.train_error[r.width - 1], 4));
    p.values.set("test", fmt(r.test_error[r.width - 1], 4));
    p.values.set("best", String(r.best));
    ctx.say(p.message, `${r.width} hidden units: ${r.regime}.`, r.regime.startsWith("overfitting") || r.regime.startsWith("underfitting") ? "warning" : "success");
  },
};
