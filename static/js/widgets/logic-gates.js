// The logic-gates figure (chapter 2): a perceptron learns AND, OR, NAND, NOT and loops on XOR;
// with "add a hidden layer", a 2-2-1 network learns XOR. Every number comes from the engine
// (engine/widgets/logic_gates/); this file draws.
import { Plot, COLORS, fmt } from "../draw.js";
import { paintShade, strokeSegments, label } from "../draw-probability.js";
import { drawEpochChart, epochChartPlot } from "../draw-epoch-chart.js";
import { el, canvas, liveLine, readout, setReadout } from "../draw-figure.js";
import { setTextWithMath } from "../draw-tex.js";

const HIDDEN_COLORS = ["#7b3fa0", "#1f8a70"];
const isNetwork = (r) => r.state.mode === "network";

function drawPerceptron(plot, frame) {
  plot.polygon(frame.region_zero, COLORS.zeroSoft);
  plot.polygon(frame.region, COLORS.oneSoft);
  if (frame.one_d) {
    // NOT: a number line; the perceptron's "line" is the threshold point x = −b/w.
    plot.line([[frame.box[0], 0], [frame.box[1], 0]], { color: COLORS.muted, width: 1 });
    for (const x of [0, 1]) label(plot, String(x), x, 0, { color: COLORS.muted, dx: -3, dy: 44 });
    label(plot, "x", frame.box[1], 0, { color: COLORS.ink, dx: -30, dy: -8 });
    plot.line(frame.segment, { color: COLORS.ink, width: 3 });
  } else {
    plot.axes({ ticks: 4 });
    plot.line(frame.segment, { color: COLORS.ink, width: 2.5 });
  }
}

function drawNetwork(plot, frame) {
  paintShade(plot, frame.heat);
  plot.axes({ ticks: 4 });
  frame.hidden_lines.forEach((segment, j) => {
    if (!segment) return;
    plot.line(segment, { color: HIDDEN_COLORS[j], width: 2, dash: [7, 5] });
    const [x, y] = segment[0];
    label(plot, `h${j ? "₂" : "₁"}`, x, y, { color: HIDDEN_COLORS[j], dx: x > 1 ? -22 : 4, dy: y > 1 ? 14 : -6 });
  });
  for (const contour of frame.heat.contours) strokeSegments(plot, contour.segments, { color: COLORS.ink, width: 2.5 });
}

function tableHtml(result) {
  const { frame } = result;
  const network = isNetwork(result);
  const xs = frame.one_d ? "<th scope=col>x</th>" : "<th scope=col>x₁</th><th scope=col>x₂</th>";
  const extra = network ? "<th scope=col>h₁</th><th scope=col>h₂</th><th scope=col>p</th>" : "<th scope=col>z</th>";
  const current = result.update ? result.update.index : -1;
  const rows = frame.rows.map((row, i) => {
    const inputs = row.x.map((v) => `<td>${fmt(v)}</td>`).join("");
    const middle = network ? `${row.h.map((v) => `<td>${fmt(v, 2)}</td>`).join("")}<td>${fmt(row.p, 3)}</td>` : `<td>${fmt(row.z)}</td>`;
    const classes = [row.wrong ? "wrong" : "", i === current ? "current" : ""].join(" ").trim();
    return `<tr class="${classes}">${inputs}<td>${fmt(row.target)}</td>${middle}<td>${fmt(row.prediction)}</td>`
      + `<td>${row.wrong ? "✗ wrong" : "✓"}</td></tr>`;
  }).join("");
  return `<caption>Truth table of ${result.state.gate.toUpperCase()}: target y and the ${network ? "network's" : "perceptron's"} output ŷ</caption>`
    + `<thead><tr>${xs}<th scope=col>y</th>${extra}<th scope=col>ŷ</th><th scope=col><span class="sr-only">correct?</span></th></tr></thead><tbody>${rows}</tbody>`;
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const stage = el("div", "gates-stage");
    const c = canvas("square");
    const legend = el("p", "gates-legend");
    stage.append(c, legend);
    layout.append(stage, ctx.controls);
    const newStart = el("button", "", "New start");
    newStart.type = "button";
    newStart.id = `${ctx.id}-new-start`;
    newStart.addEventListener("click", (event) => ctx.setValue("seed", (ctx.result.state.seed + 1) % 2147483647, event));
    const fields = readout([["epoch", "Epoch"], ["errors", "Rows wrong"], ["loss", "Loss"]]);
    ctx.controls.append(fields);
    const lower = el("div", "gates-lower");
    const tableWrap = el("div", "gates-table-wrap");
    const table = el("table", "gates-table");
    tableWrap.append(table);
    const chartWrap = el("div", "gates-chart");
    const chartTitle = el("p", "gates-chart-title");
    const chart = canvas("epoch-chart");
    chartWrap.append(chartTitle, chart);
    lower.append(tableWrap, chartWrap);
    const update = liveLine("widget-update");
    const message = liveLine("widget-message");
    ctx.body.append(layout, lower, update, message);
    ctx.parts = { canvas: c, legend, newStart, fields, table, chartTitle, chart, update, message,
      plot: new Plot(c, ctx.result.frame.box), chartPlot: epochChartPlot(chart) };
  },

  values(r) {
    const s = r.state;
    const v = { gate: s.gate, hidden: s.mode === "network", eta: s.eta };
    if (s.mode === "network") Object.assign(v, { activation: s.activation, seed: s.seed });
    else Object.assign(v, { w1: s.w[0], b: s.b }, s.w.length > 1 ? { w2: s.w[1] } : {});
    return v;
  },

  request(ctx, name) {
    const v = ctx.values;
    if (name === "eta") return false; // matters from the next step on; the engine checks it then
    if (["w1", "w2", "b"].includes(name)) {
      const w = v.gate === "not" ? [v.w1] : [v.w1, v.w2];
      return { call: "evaluate", args: { state: { ...ctx.result.state, w, b: v.b, eta: v.eta } } };
    }
    if (name === "gate") {
      // A new gate starts from the chapter's weights, not from those another gate was trained to:
      // trained weights can already solve the next gate (NOT), with nothing left to learn.
      for (const key of ["w1", "w2", "b"]) { v[key] = ctx.start[key]; ctx.control(key)?.set(v[key]); }
      if (v.gate === "not") { v.hidden = false; ctx.control("hidden")?.set(false); }
    }
    return null;
  },

  // Step: one truth-table row for the perceptron, one gradient step (epoch) for the network.
  train: {
    args: (ctx, steps) => ({ state: { ...ctx.result.state, eta: ctx.values.eta }, steps }),
    perTick: (r) => (isNetwork(r) ? 20 : 1),
    delay: (r) => (isNetwork(r) ? 30 : 150),
    done: (r) => r.done,
  },
  keepOnReset: ["gate", "hidden", "activation", "eta"],

  resize(ctx) { ctx.parts.plot.resize(); ctx.parts.chartPlot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, result) {
    const p = ctx.parts;
    const { state, frame } = result;
    const network = isNetwork(result);
    // Which controls apply: the weights are the perceptron's, the activation and a new start the network's.
    ctx.control("activation").wrap.hidden = !network;
    for (const key of ["w1", "w2", "b"]) ctx.control(key).wrap.hidden = network;
    if (state.gate === "not") ctx.control("w2").wrap.hidden = true;
    ctx.control("hidden").input.disabled = state.gate === "not";
    ctx.control("hidden").wrap.title = state.gate === "not" ? "NOT has one input: a single perceptron computes it, no hidden layer needed." : "";
    if (!p.newStart.isConnected) ctx.runButtons.append(p.newStart);
    p.newStart.hidden = !network;

    const plot = p.plot;
    plot.box = frame.box;
    plot.clear();
    if (network) drawNetwork(plot, frame); else drawPerceptron(plot, frame);
    frame.points.forEach(([x, y], i) => {
      const row = frame.rows[i];
      plot.point(x, y, { radius: 8, fill: row.target === 1 ? COLORS.one : COLORS.paper,
        stroke: row.wrong ? COLORS.bad : (row.target === 1 ? COLORS.one : COLORS.zero), width: row.wrong ? 3.5 : 2 });
      if (result.update && result.update.index === i) plot.point(x, y, { radius: 13, stroke: COLORS.highlight, width: 3 });
    });
    p.canvas.setAttribute("aria-label", result.description);
    setTextWithMath(p.legend, network
      ? "Shading: the network's probability of output 1 (blue) or 0 (orange); solid curve $p = 0.5$; dashed lines: where each hidden unit's sum is 0."
      : frame.one_d
        ? "NOT has one input, so it is drawn on a number line: the perceptron's \u201cline\u201d $w x + b = 0$ is a single threshold point."
        : "Filled points have target 1. Blue side: output 1; orange side: output 0. Red rings: rows the line gets wrong.");
    p.table.innerHTML = tableHtml(result);
    p.chartTitle.textContent = network ? "Cross-entropy loss per epoch" : "Rows wrong in each epoch";
    drawEpochChart(p.chartPlot, frame.chart, { yLabel: network ? "loss" : "errors", highlight: frame.chart.highlight || [] });
    p.chart.setAttribute("aria-label", network ? `Loss curve, now ${fmt(frame.loss, 4)}` : `Errors per epoch: ${state.history.join(", ") || "none yet"}`);
    setReadout(p.fields, "epoch", String(state.epoch));
    setReadout(p.fields, "errors", `${frame.errors} of ${frame.rows.length}`);
    p.fields.querySelector('[data-part="loss"]').hidden = !network;
    if (network) setReadout(p.fields, "loss", fmt(frame.loss, 4));
    const u = result.update;
    if (u && !network) {
      const v = (list, d = 3) => `(${list.map((t) => fmt(t, d)).join(", ")})`;
      setTextWithMath(p.update, `Row ${u.index + 1}: x = ${v(u.x, 2)}, y = ${u.y}, z = ${fmt(u.z)}, ŷ = ${u.y_hat}. `
        + (u.error === 0 ? "Right, so nothing changes."
          : `Wrong: $\\mathbf{w} \\leftarrow \\mathbf{w} + \\eta\\,(y - \\hat y)\\,\\mathbf{x}$ = ${v(u.w_after)}, b ${fmt(u.b_before)} → ${fmt(u.b_after)}.`));
    } else p.update.textContent = "";
    ctx.say(p.message, result.message, result.message_kind);
  },
};
