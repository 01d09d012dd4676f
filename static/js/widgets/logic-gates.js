// The logic-gates figure (chapter 2): a perceptron learns AND, OR, NAND, NOT and loops on XOR;
// with "add a hidden layer", a 2-2-1 network learns XOR. Every number comes from the engine
// (engine/demos/logic_gates_demo.py); this file draws and reads input.
import { Plot, COLORS, fmt, slider, button, select, checkbox, recordRedraw } from "../draw.js";
import { paintShade, strokeSegments, label } from "../draw-probability.js";
import { drawEpochChart, epochChartPlot } from "../draw-epoch-chart.js";
import { readUrlState, writeUrlState } from "../url-state.js";
import { TrainLoop } from "../train-loop.js";

const NAME = "logic-gates";
const GATES = [["and", "AND"], ["or", "OR"], ["nand", "NAND"], ["not", "NOT"], ["xor", "XOR"]];
const URL_TABLE = [
  { key: "gate", type: "choice", choices: GATES.map(([g]) => g) },
  { key: "hidden", type: "bool" },
  { key: "activation", type: "choice", choices: ["tanh", "sigmoid"] },
  { key: "w1", type: "number", min: -5, max: 5 },
  { key: "w2", type: "number", min: -5, max: 5 },
  { key: "b", type: "number", min: -5, max: 5 },
  { key: "eta", type: "number", min: 0.01, max: 3 },
  { key: "seed", type: "int", min: 0, max: 2147483647 },
];
const HIDDEN_COLORS = ["#7b3fa0", "#1f8a70"];
const PERCEPTRON_TICK_MS = 150; // one truth-table row per tick, so each update can be followed
const NETWORK_TICK_MS = 30;
const NETWORK_EPOCHS_PER_TICK = 20;

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let inputStarted = null;
  // Bumped by every restart: a step answered after a restart belongs to the old run and is dropped.
  let generation = 0;

  body.innerHTML = "";
  const layout = element("div", "widget-layout");
  const stage = element("div", "gates-stage");
  const canvas = element("canvas", "widget-canvas square");
  canvas.setAttribute("role", "img");
  const legend = element("p", "gates-legend");
  stage.append(canvas, legend);
  const controls = element("div", "widget-controls");
  layout.append(stage, controls);

  const gate = select(controls, { label: "Gate", id: `${id}-gate`, options: GATES, value: result.state.gate });
  const hidden = checkbox(controls, { label: "add a hidden layer (2-2-1 network)", id: `${id}-hidden`, checked: result.state.mode === "network" });
  const activation = select(controls, { label: "Hidden units", id: `${id}-activation`, value: result.state.activation || "tanh",
    options: [["tanh", "tanh"], ["sigmoid", "sigmoid"]] });
  const weights = element("div", "gates-weights");
  controls.append(weights);
  const w1 = slider(weights, { label: "w₁", id: `${id}-w1`, min: -5, max: 5, step: 0.05, value: 0 });
  const w2 = slider(weights, { label: "w₂", id: `${id}-w2`, min: -5, max: 5, step: 0.05, value: 0 });
  const b = slider(weights, { label: "b", id: `${id}-b`, min: -5, max: 5, step: 0.05, value: 0 });
  const eta = slider(controls, { label: "learning rate η", id: `${id}-eta`, min: 0.01, max: 3, step: 0.01, value: result.state.eta });
  const buttons = element("div", "control buttons");
  controls.append(buttons);
  const stepButton = button(buttons, "Step", { id: `${id}-step` });
  const trainButton = button(buttons, "Train", { id: `${id}-train` });
  const resetButton = button(buttons, "Reset", { id: `${id}-reset` });
  const newStartButton = button(buttons, "New start", { id: `${id}-new-start` });
  const readout = element("dl", "widget-readout");
  readout.innerHTML = `<div><dt>Epoch</dt><dd data-field="epoch"></dd></div>
    <div><dt>Rows wrong</dt><dd data-field="errors"></dd></div>
    <div data-part="loss"><dt>Loss</dt><dd data-field="loss"></dd></div>`;
  controls.append(readout);

  const lower = element("div", "gates-lower");
  const tableWrap = element("div", "gates-table-wrap");
  const table = element("table", "gates-table");
  tableWrap.append(table);
  const chartWrap = element("div", "gates-chart");
  const chartTitle = element("p", "gates-chart-title");
  const chart = element("canvas", "widget-canvas epoch-chart");
  chart.setAttribute("role", "img");
  chartWrap.append(chartTitle, chart);
  lower.append(tableWrap, chartWrap);
  const update = element("p", "widget-update");
  update.setAttribute("aria-live", "polite");
  const message = element("p", "widget-message");
  message.setAttribute("aria-live", "polite");
  body.append(layout, lower, update, message);

  const isNetwork = () => result.state.mode === "network";
  // Plots are made once and resized only with the window: measuring a canvas on every redraw
  // would force the browser to lay out the chapter while the reader drags.
  const plot = new Plot(canvas, result.frame.box);
  const chartPlot = epochChartPlot(chart);

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

  function drawTable(frame) {
    const network = isNetwork();
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
    table.innerHTML = `<caption>Truth table of ${result.state.gate.toUpperCase()}: target y and the ${network ? "network's" : "perceptron's"} output ŷ</caption>`
      + `<thead><tr>${xs}<th scope=col>y</th>${extra}<th scope=col>ŷ</th><th scope=col></th></tr></thead><tbody>${rows}</tbody>`;
  }

  function drawUpdate() {
    const u = result.update;
    if (!u || isNetwork()) { update.textContent = ""; return; }
    const v = (list, d = 3) => `(${list.map((t) => fmt(t, d)).join(", ")})`;
    update.innerHTML = `Row ${u.index + 1}: x = ${v(u.x, 2)}, y = ${u.y}, z = ${fmt(u.z)}, ŷ = ${u.y_hat}. `
      + (u.error === 0 ? "Right, so nothing changes."
        : `Wrong: <code>w ← w + η (y − ŷ) x</code> = ${v(u.w_after)}, b ${fmt(u.b_before)} → ${fmt(u.b_after)}.`);
  }

  function draw() {
    const { state, frame } = result;
    const network = isNetwork();
    plot.box = frame.box;
    plot.clear();
    if (network) drawNetwork(plot, frame); else drawPerceptron(plot, frame);
    frame.points.forEach(([x, y], i) => {
      const row = frame.rows[i];
      plot.point(x, y, { radius: 8, fill: row.target === 1 ? COLORS.one : "#fff",
        stroke: row.wrong ? COLORS.bad : (row.target === 1 ? COLORS.one : COLORS.zero), width: row.wrong ? 3.5 : 2 });
      if (result.update && result.update.index === i) plot.point(x, y, { radius: 13, stroke: COLORS.highlight, width: 3 });
    });
    canvas.setAttribute("aria-label", result.description);
    legend.textContent = network
      ? "Shading: the network's probability of output 1 (blue) or 0 (orange); solid curve p = 0.5; dashed lines: where each hidden unit's sum is 0."
      : frame.one_d
        ? "NOT has one input, so it is drawn on a number line: the perceptron's \u201cline\u201d w x + b = 0 is a single threshold point."
        : "Filled points have target 1. Blue side: output 1; orange side: output 0. Red rings: rows the line gets wrong.";
    drawTable(frame);
    chartTitle.textContent = network ? "Cross-entropy loss per epoch" : "Rows wrong in each epoch";
    drawEpochChart(chartPlot, frame.chart, { yLabel: network ? "loss" : "errors", highlight: frame.chart.highlight || [] });
    chart.setAttribute("aria-label", network ? `Loss curve, now ${fmt(frame.loss, 4)}` : `Errors per epoch: ${state.history.join(", ") || "none yet"}`);
    readout.querySelector('[data-field="epoch"]').textContent = String(state.epoch);
    readout.querySelector('[data-field="errors"]').textContent = `${frame.errors} of ${frame.rows.length}`;
    readout.querySelector('[data-part="loss"]').hidden = !network;
    if (network) readout.querySelector('[data-field="loss"]').textContent = fmt(frame.loss, 4);
    drawUpdate();
    message.textContent = result.message;
    message.dataset.kind = result.message_kind;
    if (inputStarted !== null) { recordRedraw(NAME, inputStarted); inputStarted = null; }
  }

  // The learning-rate slider is the reader's: it is set from the state only on a (re)start,
  // so a training tick in flight cannot move it back.
  function syncControls({ withEta = false } = {}) {
    const s = result.state;
    const network = s.mode === "network";
    gate.value = s.gate;
    hidden.checked = network;
    hidden.disabled = s.gate === "not";
    activation.value = s.activation || activation.value;
    activation.parentElement.hidden = !network;
    weights.hidden = network;
    w2.parentElement.hidden = s.gate === "not";
    newStartButton.hidden = !network;
    if (!network) {
      w1.setOutput(s.w[0]);
      if (s.w.length > 1) w2.setOutput(s.w[1]);
      b.setOutput(s.b);
    }
    if (withEta) eta.setOutput(s.eta);
  }

  function currentOptions() {
    const options = { gate: gate.value, hidden: hidden.checked && gate.value !== "not", eta: Number(eta.value) };
    if (options.hidden) {
      options.activation = activation.value;
      options.seed = result.state.mode === "network" ? result.state.seed : (ctx.options.seed || 0);
    } else {
      options.w1 = Number(w1.value);
      options.b = Number(b.value);
      if (gate.value !== "not") options.w2 = Number(w2.value);
    }
    return options;
  }

  function saveUrl() {
    const s = result.state;
    const values = { gate: s.gate, hidden: s.mode === "network", eta: Number(eta.value) };
    if (s.mode === "network") Object.assign(values, { activation: s.activation, seed: s.seed });
    else Object.assign(values, { w1: s.w[0], b: s.b, ...(s.w.length > 1 ? { w2: s.w[1] } : {}) });
    writeUrlState(id, URL_TABLE, values);
  }

  const trainer = new TrainLoop(trainButton, {
    tick: async () => {
      const ok = await advance(isNetwork() ? NETWORK_EPOCHS_PER_TICK : 1);
      if (!ok || result.done) { saveUrl(); return false; }
      return true;
    },
    delay: () => (isNetwork() ? NETWORK_TICK_MS : PERCEPTRON_TICK_MS),
  });
  const stopTraining = () => trainer.stop();

  async function restart(options) {
    stopTraining();
    const mine = ++generation;
    const next = await ctx.call("reset", { options });
    if (!next || mine !== generation) return;
    stopTraining();
    result = next;
    syncControls({ withEta: true });
    draw();
    saveUrl();
  }

  function onWeights(event) {
    stopTraining();
    inputStarted = event ? event.timeStamp : performance.now();
    const w = result.state.gate === "not" ? [Number(w1.value)] : [Number(w1.value), Number(w2.value)];
    const state = { ...result.state, w, b: Number(b.value), eta: Number(eta.value) };
    const mine = generation;
    ctx.latest("evaluate", { state }, (r) => { if (mine === generation) { result = r; draw(); saveUrl(); } });
  }
  for (const input of [w1, w2, b]) input.addEventListener("input", onWeights);
  // The learning rate only matters for the next step: the engine checks it then.
  eta.addEventListener("input", () => writeUrlState(id, URL_TABLE, { eta: Number(eta.value) }));
  const withEta = (state) => ({ ...state, eta: Number(eta.value) });

  gate.addEventListener("change", () => restart(currentOptions()));
  hidden.addEventListener("change", () => restart(currentOptions()));
  activation.addEventListener("change", () => restart(currentOptions()));
  resetButton.addEventListener("click", () => restart(isNetwork() ? currentOptions()
    : { ...ctx.options, gate: gate.value, hidden: false, eta: Number(eta.value) }));
  newStartButton.addEventListener("click", () => restart({ ...currentOptions(), seed: (result.state.seed + 1) % 2147483647 }));

  async function advance(steps) {
    const mine = generation;
    const next = await ctx.call("step", { state: withEta(result.state), steps });
    if (mine !== generation) return false;
    if (!next) { stopTraining(); return false; }
    result = next;
    syncControls();
    draw();
    return true;
  }

  // Step: one truth-table row for the perceptron, one gradient step (epoch) for the network.
  stepButton.addEventListener("click", async () => { stopTraining(); if (await advance(1)) saveUrl(); });


  syncControls({ withEta: true });
  draw();
  const fromUrl = readUrlState(id, URL_TABLE);
  if (Object.keys(fromUrl).length) ctx.onLive(() => restart({ ...ctx.options, ...fromUrl }));
  window.addEventListener("resize", () => { plot.resize(); chartPlot.resize(); draw(); });
}
