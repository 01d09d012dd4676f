// The perceptron figure (chapter 2): drag the weights, or let the learning rule move them.
// Every number comes from the engine (engine/demos/perceptron_demo.py); this file draws.
import { Plot, COLORS, fmt, slider, button, select, recordRedraw } from "../draw.js";
import { readUrlState, writeUrlState } from "../url-state.js";
import { TrainLoop } from "../train-loop.js";

const URL_TABLE = [
  { key: "dataset", type: "choice", choices: ["and", "or", "separable"] },
  { key: "w1", type: "number", min: -5, max: 5 },
  { key: "w2", type: "number", min: -5, max: 5 },
  { key: "b", type: "number", min: -5, max: 5 },
  { key: "eta", type: "number", min: 0.01, max: 1 },
  { key: "seed", type: "int", min: 0, max: 2147483647 },
];

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let options = { ...ctx.options };
  let inputStarted = null;

  body.innerHTML = "";
  const layout = document.createElement("div");
  layout.className = "widget-layout";
  const canvas = document.createElement("canvas");
  canvas.className = "widget-canvas square";
  canvas.setAttribute("role", "img");
  const controls = document.createElement("div");
  controls.className = "widget-controls";
  layout.append(canvas, controls);
  body.append(layout);

  const dataset = select(controls, { label: "Data", id: `${id}-dataset`, value: result.state.dataset,
    options: [["and", "AND gate"], ["or", "OR gate"], ["separable", "Random separable points"]] });
  const w1 = slider(controls, { label: "w₁", id: `${id}-w1`, min: -3, max: 3, step: 0.01, value: result.state.w[0] });
  const w2 = slider(controls, { label: "w₂", id: `${id}-w2`, min: -3, max: 3, step: 0.01, value: result.state.w[1] });
  const b = slider(controls, { label: "b", id: `${id}-b`, min: -3, max: 3, step: 0.01, value: result.state.b });
  const eta = slider(controls, { label: "learning rate η", id: `${id}-eta`, min: 0.01, max: 1, step: 0.01, value: result.state.eta });
  const buttons = document.createElement("div");
  buttons.className = "control buttons";
  controls.append(buttons);
  const stepButton = button(buttons, "Step", { id: `${id}-step` });
  const trainButton = button(buttons, "Train", { id: `${id}-train` });
  const resetButton = button(buttons, "Reset", { id: `${id}-reset` });

  const readout = document.createElement("dl");
  readout.className = "widget-readout";
  readout.innerHTML = `<div><dt>Epoch</dt><dd data-field="epoch"></dd></div>
    <div><dt>Misclassified</dt><dd data-field="errors"></dd></div>`;
  const update = document.createElement("p");
  update.className = "widget-update";
  update.setAttribute("aria-live", "polite");
  const message = document.createElement("p");
  message.className = "widget-message";
  message.setAttribute("aria-live", "polite");
  controls.append(readout);
  body.append(update, message);

  function draw() {
    const { state, frame } = result;
    const plot = new Plot(canvas, state.box);
    plot.clear();
    plot.polygon(frame.region_zero, COLORS.zeroSoft);
    plot.polygon(frame.region, COLORS.oneSoft);
    plot.axes();
    plot.line(frame.segment, { color: COLORS.ink, width: 2.5 });
    const { x1, x2, y } = state.points;
    const highlighted = result.update ? result.update.index : -1;
    for (let i = 0; i < y.length; i++) {
      const wrong = frame.predictions[i] !== y[i];
      plot.point(x1[i], x2[i], { radius: y.length > 10 ? 5 : 8, fill: y[i] === 1 ? COLORS.one : "#fff",
        stroke: wrong ? COLORS.bad : (y[i] === 1 ? COLORS.one : COLORS.zero), width: wrong ? 3 : 2 });
      if (i === highlighted) plot.point(x1[i], x2[i], { radius: 13, stroke: COLORS.highlight, width: 3 });
    }
    readout.querySelector('[data-field="epoch"]').textContent = String(state.epoch);
    readout.querySelector('[data-field="errors"]').textContent = `${frame.errors} of ${y.length}`;
    canvas.setAttribute("aria-label", result.description);
    if (result.update) {
      const u = result.update;
      update.innerHTML = `Sample ${u.index + 1}: x = (${u.x.map((v) => fmt(v, 2)).join(", ")}), y = ${u.y}, `
        + `z = ${fmt(u.z)}, ŷ = ${u.y_hat}. Update <code>w ← w + η (y − ŷ) x</code>: `
        + `(${u.w_before.map((v) => fmt(v)).join(", ")}) + ${fmt(u.eta)} × (${u.y} − ${u.y_hat}) × (${u.x.map((v) => fmt(v, 2)).join(", ")}) `
        + `= (${u.w_after.map((v) => fmt(v)).join(", ")}); b: ${fmt(u.b_before)} → ${fmt(u.b_after)}.`
        + (u.error === 0 ? " Correct already, so nothing changes." : "");
    }
    if (result.converged) message.textContent = `Converged after ${state.epoch} epoch${state.epoch === 1 ? "" : "s"}: a whole epoch without a single update, every point is on its side of the line.`;
    else if (result.gave_up) message.textContent = `No convergence after ${state.epoch} epochs.`;
    else message.textContent = "";
    if (inputStarted !== null) { recordRedraw("perceptron", inputStarted); inputStarted = null; }
  }

  function setSliders() {
    w1.setOutput(result.state.w[0]);
    w2.setOutput(result.state.w[1]);
    b.setOutput(result.state.b);
    eta.setOutput(result.state.eta);
    dataset.value = result.state.dataset;
  }

  function saveUrl() {
    const s = result.state;
    writeUrlState(id, URL_TABLE, { dataset: s.dataset, w1: s.w[0], w2: s.w[1], b: s.b, eta: s.eta, seed: s.seed });
  }

  // Small data: one sample per tick so the reader sees each update; larger: an epoch per tick.
  const perTick = () => (result.state.points.y.length <= 8 ? 1 : result.state.points.y.length);
  const trainer = new TrainLoop(trainButton, {
    tick: async () => {
      const next = await ctx.call("step", { state: result.state, steps: perTick() });
      if (!next) return false;
      result = next;
      setSliders();
      draw();
      if (result.converged || result.gave_up) { saveUrl(); return false; }
      return true;
    },
    delay: () => (perTick() === 1 ? 180 : 120),
  });
  const stopTraining = () => trainer.stop();

  function onWeights(event) {
    stopTraining();
    inputStarted = event ? event.timeStamp : performance.now();
    const state = { ...result.state, w: [Number(w1.value), Number(w2.value)], b: Number(b.value), eta: Number(eta.value) };
    ctx.latest("evaluate", { state }, (r) => { result = r; result.update = null; draw(); saveUrl(); });
  }
  for (const input of [w1, w2, b, eta]) input.addEventListener("input", onWeights);

  async function restart(newOptions) {
    stopTraining();
    options = newOptions;
    const next = await ctx.call("reset", { options });
    if (!next) return;
    result = next;
    setSliders();
    update.textContent = "";
    draw();
    saveUrl();
  }
  dataset.addEventListener("change", () => restart({ ...options, dataset: dataset.value,
    w1: Number(w1.value), w2: Number(w2.value), b: Number(b.value), eta: Number(eta.value) }));
  resetButton.addEventListener("click", () => restart({ ...ctx.options, dataset: dataset.value }));

  stepButton.addEventListener("click", async () => {
    stopTraining();
    const next = await ctx.call("step", { state: result.state, steps: 1 });
    if (!next) return;
    result = next;
    setSliders();
    draw();
    saveUrl();
  });


  const fromUrl = readUrlState(id, URL_TABLE);
  draw();
  if (Object.keys(fromUrl).length) {
    ctx.onLive(() => restart({ ...ctx.options, ...fromUrl }));
  }
  window.addEventListener("resize", draw);
}
