// The step-vs-sigmoid figure (chapter 2): the same weights through the step and through the
// sigmoid, then logistic regression trained by gradient descent. Every number comes from the
// engine (engine/demos/step_vs_sigmoid_demo.py); this file draws and reads input.
import { Plot, COLORS, fmt, slider, button, select, recordRedraw } from "../draw.js";
import { paintShade, label } from "../draw-probability.js";
import { drawEpochChart, epochChartPlot } from "../draw-epoch-chart.js";
import { readUrlState, writeUrlState } from "../url-state.js";
import { TrainLoop } from "../train-loop.js";

const NAME = "step-vs-sigmoid";
const URL_TABLE = [
  { key: "dataset", type: "choice", choices: ["and", "separable"] },
  { key: "w1", type: "number", min: -10, max: 10 },
  { key: "w2", type: "number", min: -10, max: 10 },
  { key: "b", type: "number", min: -10, max: 10 },
  { key: "eta", type: "number", min: 0.01, max: 20 },
  { key: "seed", type: "int", min: 0, max: 2147483647 },
];
const EPOCHS_PER_TICK = 5;
const TICK_MS = 40;
const LABELLED_LEVELS = new Set([0.1, 0.5, 0.9]);

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

function panel(title) {
  const wrap = element("div", "svs-panel");
  const heading = element("p", "svs-panel-title", title);
  const canvas = element("canvas", "widget-canvas square");
  canvas.setAttribute("role", "img");
  wrap.append(heading, canvas);
  return { wrap, canvas };
}

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let inputStarted = null;
  // Bumped by every restart: a step answered after a restart belongs to the old run and is dropped.
  let generation = 0;

  body.innerHTML = "";
  const panels = element("div", "svs-panels");
  const stepPanel = panel("Step: ŷ = step(w₁x₁ + w₂x₂ + b)");
  const sigmoidPanel = panel("Sigmoid: ŷ = σ(w₁x₁ + w₂x₂ + b)");
  panels.append(stepPanel.wrap, sigmoidPanel.wrap);
  const note = element("p", "svs-note",
    "Filled points have label 1. Left: output 1 on the blue side, 0 on the orange side, red rings on points on the wrong side. "
    + "Right: the probability of 1, with contour lines at 0.1, 0.2, …, 0.9 (the thick one is 0.5, the same line as on the left).");

  const controlRow = element("div", "svs-controls");
  const weights = element("div", "widget-controls");
  const training_ = element("div", "widget-controls");
  controlRow.append(weights, training_);
  const dataset = select(weights, { label: "Data", id: `${id}-dataset`, value: result.state.dataset,
    options: [["and", "AND gate"], ["separable", "20 separable points"]] });
  const w1 = slider(weights, { label: "w₁", id: `${id}-w1`, min: -10, max: 10, step: 0.05, value: result.state.w[0] });
  const w2 = slider(weights, { label: "w₂", id: `${id}-w2`, min: -10, max: 10, step: 0.05, value: result.state.w[1] });
  const b = slider(weights, { label: "b", id: `${id}-b`, min: -10, max: 10, step: 0.05, value: result.state.b });
  const eta = slider(training_, { label: "learning rate η", id: `${id}-eta`, min: 0.05, max: 20, step: 0.05, value: result.state.eta });
  const buttons = element("div", "control buttons");
  training_.append(buttons);
  const stepButton = button(buttons, "Step", { id: `${id}-step` });
  const trainButton = button(buttons, "Train", { id: `${id}-train` });
  const resetButton = button(buttons, "Reset", { id: `${id}-reset` });
  const readout = element("dl", "widget-readout");
  readout.innerHTML = `<div><dt>Epoch</dt><dd data-field="epoch"></dd></div>
    <div><dt>Loss</dt><dd data-field="loss"></dd></div>
    <div><dt>Wrong side</dt><dd data-field="errors"></dd></div>`;
  training_.append(readout);

  const lower = element("div", "svs-lower");
  const tableWrap = element("div", "svs-table-wrap");
  const chartWrap = element("div");
  const chartTitle = element("p", "svs-chart-title", "Cross-entropy loss per epoch of gradient descent");
  const chart = element("canvas", "widget-canvas epoch-chart");
  chart.setAttribute("role", "img");
  chartWrap.append(chartTitle, chart);
  lower.append(tableWrap, chartWrap);
  const message = element("p", "widget-message");
  message.setAttribute("aria-live", "polite");
  body.append(panels, note, controlRow, lower, message);

  // Plots are made once and resized only with the window: measuring a canvas on every redraw
  // would force the browser to lay out the chapter while the reader drags.
  const left = new Plot(stepPanel.canvas, result.frame.box);
  const right = new Plot(sigmoidPanel.canvas, result.frame.box);
  const chartPlot = epochChartPlot(chart);

  function drawPoints(plot, frame, markWrong) {
    frame.points.forEach(([x, y], i) => {
      const one = frame.labels[i] === 1;
      const wrong = markWrong && frame.wrong[i];
      plot.point(x, y, { radius: frame.points.length > 8 ? 5 : 8, fill: one ? COLORS.one : "#fff",
        stroke: wrong ? COLORS.bad : (one ? COLORS.one : COLORS.zero), width: wrong ? 3.5 : 2 });
    });
  }

  function drawTable(frame) {
    if (!frame.rows) { tableWrap.innerHTML = ""; return; }
    const rows = frame.rows.map((r) => `<tr><td>${fmt(r.x[0])}</td><td>${fmt(r.x[1])}</td><td>${fmt(r.y)}</td>`
      + `<td>${fmt(r.z)}</td><td>${fmt(r.step)}</td><td>${fmt(r.p, 3)}</td></tr>`).join("");
    tableWrap.innerHTML = `<table class="svs-table"><caption>The same sum z through both functions</caption>`
      + `<thead><tr><th scope=col>x₁</th><th scope=col>x₂</th><th scope=col>y</th><th scope=col>z</th>`
      + `<th scope=col>step(z)</th><th scope=col>σ(z)</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  function draw() {
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
      right.line(segment, { color: middle ? COLORS.ink : "rgba(29,35,48,0.45)", width: middle ? 2.5 : 1 });
      if (LABELLED_LEVELS.has(level)) {
        // Label the end nearer the top of the view, just inside it.
        const [x, y] = segment[0][1] > segment[1][1] ? segment[0] : segment[1];
        label(right, fmt(level, 1), x, y, { dx: 4, dy: 14, font: "11px system-ui, sans-serif" });
      }
    }
    drawPoints(right, frame, false);

    drawEpochChart(chartPlot, frame.chart, { yLabel: "loss" });
    stepPanel.canvas.setAttribute("aria-label", result.description);
    sigmoidPanel.canvas.setAttribute("aria-label", result.description);
    drawTable(frame);
    chart.setAttribute("aria-label", `Loss curve over ${state.epoch} epochs, now ${fmt(frame.loss, 4)}`);
    readout.querySelector('[data-field="epoch"]').textContent = String(state.epoch);
    readout.querySelector('[data-field="loss"]').textContent = fmt(frame.loss, 4);
    readout.querySelector('[data-field="errors"]').textContent = `${frame.errors} of ${frame.points.length}`;
    message.textContent = result.message;
    message.dataset.kind = result.message_kind;
    if (inputStarted !== null) { recordRedraw(NAME, inputStarted); inputStarted = null; }
  }

  function syncWeights() {
    w1.setOutput(result.state.w[0]);
    w2.setOutput(result.state.w[1]);
    b.setOutput(result.state.b);
  }

  function saveUrl() {
    const s = result.state;
    writeUrlState(id, URL_TABLE, { dataset: s.dataset, w1: s.w[0], w2: s.w[1], b: s.b, eta: Number(eta.value), seed: s.seed });
  }

  const trainer = new TrainLoop(trainButton, {
    tick: async () => {
      const ok = await advance(EPOCHS_PER_TICK);
      if (!ok || result.done) { saveUrl(); return false; }
      return true;
    },
    delay: () => TICK_MS,
  });
  const stopTraining = () => trainer.stop();

  async function restart(options) {
    stopTraining();
    const mine = ++generation;
    const next = await ctx.call("reset", { options });
    if (!next || mine !== generation) return;
    stopTraining();
    result = next;
    syncWeights();
    eta.setOutput(result.state.eta);
    dataset.value = result.state.dataset;
    draw();
    saveUrl();
  }

  const withEta = (state) => ({ ...state, eta: Number(eta.value) });

  function onWeights(event) {
    stopTraining();
    inputStarted = event ? event.timeStamp : performance.now();
    const state = withEta({ ...result.state, w: [Number(w1.value), Number(w2.value)], b: Number(b.value) });
    const mine = generation;
    ctx.latest("evaluate", { state }, (r) => { if (mine === generation) { result = r; draw(); saveUrl(); } });
  }
  for (const input of [w1, w2, b]) input.addEventListener("input", onWeights);
  // The learning rate matters from the next step on; the engine checks it then.
  eta.addEventListener("input", () => writeUrlState(id, URL_TABLE, { eta: Number(eta.value) }));

  const options = () => ({ ...ctx.options, dataset: dataset.value, w1: Number(w1.value), w2: Number(w2.value),
    b: Number(b.value), eta: Number(eta.value) });
  dataset.addEventListener("change", () => restart(options()));
  resetButton.addEventListener("click", () => restart({ ...ctx.options, dataset: dataset.value, eta: Number(eta.value) }));

  async function advance(steps) {
    const mine = generation;
    const next = await ctx.call("step", { state: withEta(result.state), steps });
    if (mine !== generation) return false;
    if (!next) { stopTraining(); return false; }
    result = next;
    syncWeights();
    draw();
    return true;
  }

  stepButton.addEventListener("click", async () => { stopTraining(); if (await advance(1)) saveUrl(); });

  draw();
  const fromUrl = readUrlState(id, URL_TABLE);
  if (Object.keys(fromUrl).length) ctx.onLive(() => restart({ ...ctx.options, ...fromUrl }));
  window.addEventListener("resize", () => { for (const plot of [left, right, chartPlot]) plot.resize(); draw(); });
}
