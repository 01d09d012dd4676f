// An RNN unrolled (chapter 10): the hidden state at every step as a heat map (one row per hidden
// unit, one column per step) and, under it, the size of the gradient BPTT brings back to each
// step on a log scale. Every number comes from the engine (engine/widgets/rnn_unrolled.py).
import { Plot, COLORS, fmt } from "../draw.js";
import { rect, tickedAxes, readout } from "../draw-annotations.js";
import { drawGrid } from "../draw-grid.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const LEFT = 44; // px for the unit axis of the heat map

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    const states = canvas("wide rnn-states");
    states.style.aspectRatio = "3 / 1";
    const grads = canvas("wide rnn-grads");
    grads.style.aspectRatio = "2 / 1";
    drawing.append(el("p", "rnn-title", "Hidden state h_t: one row per unit, one column per step (blue > 0, orange < 0)"), states,
      el("p", "rnn-title", "‖∂L/∂x_t‖: the gradient that reaches step t (log scale)"), grads);
    layout.append(drawing, ctx.controls);
    const values = readout(ctx.controls, [["output", "read-out y"], ["first", "gradient at step 1"], ["last", "gradient at step T"], ["ratio", "step 1 / step T"]]);
    values.element.style.flexWrap = "wrap"; // several readouts: wrap on a phone
    const message = liveLine("widget-message");
    ctx.body.append(layout, message);
    ctx.parts = { states, grads, values, message, statePlot: new Plot(states, [0, 1, 0, 1], { padding: 0 }),
      gradPlot: new Plot(grads, ctx.result.box, { padding: 40 }) };
  },

  resize(ctx) { ctx.parts.statePlot.resize(); ctx.parts.gradPlot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const sp = p.statePlot;
    sp.clear();
    const T = r.length, n = r.hidden;
    const units = r.hs[0].map((_, i) => r.hs.map((h) => h[i])); // rows = units, columns = steps
    const cell = Math.max(2, Math.min((sp.width - LEFT) / T, (sp.height - 18) / n));
    drawGrid(sp, units, LEFT, 0, cell, { scale: 1 });
    const c = sp.ctx;
    c.font = "11px system-ui, sans-serif";
    c.fillStyle = COLORS.muted;
    c.textAlign = "right";
    c.fillText("unit 1", LEFT - 4, cell / 2 + 4);
    if (n * cell > 30) c.fillText(`unit ${n}`, LEFT - 4, (n - 0.5) * cell + 4);
    c.textAlign = "center";
    c.fillText("t = 1", LEFT + Math.max(cell / 2, 14), n * cell + 13);
    if (T * cell > 80) c.fillText(`t = ${T}`, LEFT + (T - 0.5) * cell - 8, n * cell + 13);
    c.textAlign = "start";
    p.states.setAttribute("aria-label", `Hidden states of ${n} units over ${T} steps.`);

    const gp = p.gradPlot;
    gp.box = r.box;
    gp.clear();
    tickedAxes(gp, { xTicks: r.x_ticks, yTicks: r.y_ticks, xLabel: "step t", yLabel: "‖∂L/∂x_t‖" });
    r.log10_norms.forEach((v, t) => {
      if (v === null) return;
      rect(gp, t + 1 - 0.36, r.box[2], t + 1 + 0.36, v, t === 0 ? COLORS.zero : COLORS.one);
    });
    p.grads.setAttribute("aria-label", r.description);
    p.values.set("output", fmt(r.output, 4));
    p.values.set("first", r.grad_norms[0].toExponential(2));
    p.values.set("last", r.grad_norms[T - 1].toExponential(2));
    p.values.set("ratio", r.ratio.toExponential(2));
    ctx.say(p.message, `The gradient reaching step 1 is ${r.ratio.toExponential(2)} times the one at step T: ${r.verdict}.`, r.kind);
  },
};
