// The perceptron figure (chapter 2): drag the weights, or let the learning rule move them.
// Every number comes from the engine (engine/widgets/perceptron.py); controls, URL state and
// the Step/Train/Reset loop come from the figure mount (static/js/figure-mount.js).
import { Plot, COLORS, fmt } from "../draw.js";
import { el, readout, setReadout } from "../draw-figure.js";
import { setTextWithMath } from "../draw-tex.js";

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const canvas = el("canvas", "widget-canvas square");
    canvas.setAttribute("role", "img");
    layout.append(canvas, ctx.controls);
    const fields = readout([["epoch", "Epoch"], ["errors", "Misclassified"]]);
    // Said by the figure's announcer, paced (figure-announcer.js), not as live regions of their own.
    const update = el("p", "widget-update");
    update.setAttribute("aria-live", "off");
    const message = el("p", "widget-message");
    message.setAttribute("aria-live", "off");
    ctx.controls.append(fields);
    ctx.body.append(layout, update, message);
    ctx.parts = { canvas, fields, update, message, plot: new Plot(canvas, ctx.result.state.box) };
  },

  values: (r) => ({ dataset: r.state.dataset, w1: r.state.w[0], w2: r.state.w[1], b: r.state.b, eta: r.state.eta, seed: r.state.seed }),

  // Weights and η redraw the same run; the data set starts a new one.
  request(ctx, name) {
    if (name === "dataset" || name === "seed") return null;
    const v = ctx.values;
    return { call: "evaluate", args: { state: { ...ctx.result.state, w: [v.w1, v.w2], b: v.b, eta: v.eta } } };
  },

  // Small data: one sample per tick so the reader sees each update; larger: an epoch per tick.
  train: {
    args: (ctx, steps) => ({ state: { ...ctx.result.state, eta: ctx.values.eta }, steps }),
    perTick: (r) => (r.state.points.y.length <= 8 ? 1 : r.state.points.y.length),
    delay: (r) => (r.state.points.y.length <= 8 ? 180 : 120),
    done: (r) => r.converged || r.gave_up,
  },
  keepOnReset: ["dataset", "eta"],

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, result) {
    const { canvas, fields, update, message, plot } = ctx.parts;
    const { state, frame } = result;
    plot.box = state.box;
    plot.clear();
    plot.polygon(frame.region_zero, COLORS.zeroSoft);
    plot.polygon(frame.region, COLORS.oneSoft);
    plot.axes();
    plot.line(frame.segment, { color: COLORS.ink, width: 2.5 });
    const { x1, x2, y } = state.points;
    const highlighted = result.update ? result.update.index : -1;
    for (let i = 0; i < y.length; i++) {
      const wrong = frame.predictions[i] !== y[i];
      plot.point(x1[i], x2[i], { radius: y.length > 10 ? 5 : 8, fill: y[i] === 1 ? COLORS.one : COLORS.paper,
        stroke: wrong ? COLORS.bad : (y[i] === 1 ? COLORS.one : COLORS.zero), width: wrong ? 3 : 2 });
      if (i === highlighted) plot.point(x1[i], x2[i], { radius: 13, stroke: COLORS.highlight, width: 3 });
    }
    setReadout(fields, "epoch", String(state.epoch));
    setReadout(fields, "errors", `${frame.errors} of ${y.length}`);
    canvas.setAttribute("aria-label", result.description);
    const u = result.update;
    if (u) {
      const v = (list, d = 3) => `(${list.map((t) => fmt(t, d)).join(", ")})`;
      setTextWithMath(update, `Sample ${u.index + 1}: x = ${v(u.x, 2)}, y = ${u.y}, z = ${fmt(u.z)}, ŷ = ${u.y_hat}. `
        + `Update $\\mathbf{w} \\leftarrow \\mathbf{w} + \\eta\\,(y - \\hat y)\\,\\mathbf{x}$: ${v(u.w_before)} + ${fmt(u.eta)} × (${u.y} − ${u.y_hat}) × ${v(u.x, 2)} `
        + `= ${v(u.w_after)}; b: ${fmt(u.b_before)} → ${fmt(u.b_after)}.` + (u.error === 0 ? " Correct already, so nothing changes." : ""));
    } else update.textContent = "";
    if (result.converged) {
      ctx.say(message, `Converged after ${state.epoch} epoch${state.epoch === 1 ? "" : "s"}: a whole epoch without a single update, every point is on its side of the line.`, "success");
    } else if (result.gave_up) ctx.say(message, `No convergence after ${state.epoch} epochs.`, "warning");
    else ctx.say(message, "");
  },
};
