// The step-vs-sigmoid figure (chapter 2): the same weights through the step and through the
// sigmoid, then logistic regression trained by gradient descent. Every number comes from the
// engine (engine/widgets/step_vs_sigmoid.py); this file draws.
import { Plot, COLORS, fmt } from "../draw.js";
import { paintShade, label } from "../draw-probability.js";
import { drawEpochChart, epochChartPlot } from "../draw-epoch-chart.js";
import { el, canvas, liveLine, readout, setReadout } from "../draw-figure.js";

const LABELLED_LEVELS = new Set([0.1, 0.5, 0.9]);
const FONT = "11px system-ui, sans-serif";

function panel(title) {
  const wrap = el("div", "svs-panel");
  const c = canvas("square");
  wrap.append(el("p", "svs-panel-title", title), c);
  return { wrap, canvas: c };
}

function drawPoints(plot, frame, markWrong) {
  frame.points.forEach(([x, y], i) => {
    const one = frame.labels[i] === 1;
    const wrong = markWrong && frame.wrong[i];
    plot.point(x, y, { radius: frame.points.length > 8 ? 5 : 8, fill: one ? COLORS.one : COLORS.paper,
      stroke: wrong ? COLORS.bad : (one ? COLORS.one : COLORS.zero), width: wrong ? 3.5 : 2 });
  });
}

/** Label a contour at its end nearer the top, just inside the view and clear of the labels already drawn. */
function contourLabel(plot, level, segment) {
  const [x, y] = segment[0][1] > segment[1][1] ? segment[0] : segment[1];
  const text = fmt(level, 1);
  plot.ctx.font = FONT;
  const width = plot.ctx.measureText(text).width;
  const taken = plot.canvas.drawnLabels || [];
  let dx = 4;
  const at = (shift) => ({ left: plot.px(x) + shift, right: plot.px(x) + shift + width, top: plot.py(y) + 4, bottom: plot.py(y) + 16 });
  const clash = (box) => taken.some((t) => box.left < t.right + 2 && t.left < box.right + 2 && box.top < t.bottom && t.top < box.bottom);
  for (let tries = 0; tries < 8 && clash(at(dx)); tries++) dx += 14;
  if (plot.px(x) + dx + width > plot.width - 2) dx = plot.width - 2 - width - plot.px(x);
  if (!clash(at(dx))) label(plot, text, x, y, { dx, dy: 14, font: FONT });
}

export default {
  slots: { eta: "training" },

  setup(ctx) {
    const panels = el("div", "svs-panels");
    const step = panel("Step: ŷ = step(w₁x₁ + w₂x₂ + b)");
    const sigmoid = panel("Sigmoid: ŷ = σ(w₁x₁ + w₂x₂ + b)");
    panels.append(step.wrap, sigmoid.wrap);
    const note = el("p", "svs-note",
      "Filled points have label 1. Left: output 1 on the blue side, 0 on the orange side, red rings on points on the wrong side. "
      + "Right: the probability of 1, with contour lines at 0.1, 0.2, …, 0.9 (the thick one is 0.5, the same line as on the left).");
    const row = el("div", "svs-controls");
    const training = el("div", "widget-controls");
    const rate = el("div", "widget-options");
    rate.dataset.slot = "training";
    const buttons = el("div", "widget-run");
    buttons.dataset.slot = "buttons";
    const fields = readout([["epoch", "Epoch"], ["loss", "Loss"], ["errors", "Wrong side"]]);
    training.append(rate, buttons, fields);
    row.append(ctx.controls, training);
    const lower = el("div", "svs-lower");
    const tableWrap = el("div", "svs-table-wrap");
    const chart = canvas("epoch-chart");
    const chartWrap = el("div");
    chartWrap.append(el("p", "svs-chart-title", "Cross-entropy loss per epoch of gradient descent"), chart);
    lower.append(tableWrap, chartWrap);
    const message = liveLine("widget-message");
    ctx.body.append(panels, note, row, lower, message);
    const box = ctx.result.frame.box;
    ctx.parts = { step, sigmoid, fields, tableWrap, chart, message,
      left: new Plot(step.canvas, box), right: new Plot(sigmoid.canvas, box), chartPlot: epochChartPlot(chart) };
  },

  values: (r) => ({ dataset: r.state.dataset, w1: r.state.w[0], w2: r.state.w[1], b: r.state.b, seed: r.state.seed }),

  // The weights redraw the same run; η matters from the next step on; the data set starts anew.
  request(ctx, name) {
    if (name === "eta") return false;
    if (name === "dataset" || name === "seed") return null;
    const v = ctx.values;
    return { call: "evaluate", args: { state: { ...ctx.result.state, w: [v.w1, v.w2], b: v.b, eta: v.eta } } };
  },

  train: {
    args: (ctx, steps) => ({ state: { ...ctx.result.state, eta: ctx.values.eta }, steps }),
    perTick: () => 5,
    delay: () => 40,
    done: (r) => r.done,
  },
  keepOnReset: ["dataset", "eta"],

  resize(ctx) {
    const { left, right, chartPlot } = ctx.parts;
    for (const plot of [left, right, chartPlot]) plot.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { step, sigmoid, fields, tableWrap, chart, message, left, right, chartPlot } = ctx.parts;
    const { state, frame } = result;
    left.box = frame.box;
    left.clear();
    left.polygon(frame.step.region_zero, COLORS.zeroSoft);
    left.polygon(frame.step.region, COLORS.oneSoft);
    left.axes({ ticks: 4 });
    left.line(frame.step.segment, { color: COLORS.ink, width: 2.5 });
    drawPoints(left, frame, true);

    right.box = frame.box;
    right.clear();
    paintShade(right, frame.sigmoid.heat);
    right.axes({ ticks: 4 });
    for (const { level, segment } of frame.sigmoid.contours) {
      if (!segment) continue;
      const middle = level === 0.5;
      right.line(segment, { color: middle ? COLORS.ink : COLORS.faint, width: middle ? 2.5 : 1 });
      if (LABELLED_LEVELS.has(level)) contourLabel(right, level, segment);
    }
    drawPoints(right, frame, false);

    drawEpochChart(chartPlot, frame.chart, { yLabel: "loss" });
    step.canvas.setAttribute("aria-label", result.description);
    sigmoid.canvas.setAttribute("aria-label", result.description);
    chart.setAttribute("aria-label", `Loss curve over ${state.epoch} epochs, now ${fmt(frame.loss, 4)}`);
    if (frame.rows) {
      const rows = frame.rows.map((r) => `<tr><td>${fmt(r.x[0])}</td><td>${fmt(r.x[1])}</td><td>${fmt(r.y)}</td>`
        + `<td>${fmt(r.z)}</td><td>${fmt(r.step)}</td><td>${fmt(r.p, 3)}</td></tr>`).join("");
      tableWrap.innerHTML = `<table class="svs-table"><caption>The same sum z through both functions</caption>`
        + `<thead><tr><th scope=col>x₁</th><th scope=col>x₂</th><th scope=col>y</th><th scope=col>z</th>`
        + `<th scope=col>step(z)</th><th scope=col>σ(z)</th></tr></thead><tbody>${rows}</tbody></table>`;
    } else tableWrap.innerHTML = "";
    setReadout(fields, "epoch", String(state.epoch));
    setReadout(fields, "loss", fmt(frame.loss, 4));
    setReadout(fields, "errors", `${frame.errors} of ${frame.points.length}`);
    ctx.say(message, result.message, result.message_kind);
  },
};
