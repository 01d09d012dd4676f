// The activations figure (chapter 4), in three parts: an activation and its derivative,
// softmax, and stacked linear layers collapsing into one. Every number and curve sample
// comes from engine/demos/activations_demo.py; this file draws and reads input.
import { Plot, COLORS, fmt, slider, select, button, recordRedraw, dataFromPointer } from "../draw.js";
import { matrix, equation, tuple } from "../draw-matrix.js";
import { readUrlState, writeUrlState } from "../url-state.js";

const NAME = "activations";
const CHOICES = [["step", "Step"], ["linear", "Linear (identity)"], ["sigmoid", "Sigmoid"], ["tanh", "Tanh"],
  ["relu", "ReLU"], ["leaky_relu", "Leaky ReLU"]];
const URL_TABLE = [
  { key: "activation", type: "choice", choices: CHOICES.map(([v]) => v) },
  { key: "z", type: "number", min: -5, max: 5 },
  { key: "alpha", type: "number", min: 0, max: 1 },
  { key: "logits", type: "list" },
  { key: "temperature", type: "number", min: 0.1, max: 10 },
  { key: "shift", type: "number", min: -1000, max: 1000 },
  { key: "k", type: "int", min: 1, max: 8 },
  { key: "seed", type: "int", min: 0, max: 1000000 },
  { key: "x", type: "list" },
];

function part(body, title) {
  const section = document.createElement("section");
  section.className = "widget-part";
  const heading = document.createElement("h3");
  heading.className = "widget-part-title";
  heading.textContent = title;
  section.append(heading);
  body.append(section);
  return section;
}

function columns(section) {
  const layout = document.createElement("div");
  layout.className = "widget-layout";
  const canvas = document.createElement("canvas");
  canvas.className = "widget-canvas wide";
  canvas.setAttribute("role", "img");
  const controls = document.createElement("div");
  controls.className = "widget-controls";
  layout.append(canvas, controls);
  section.append(layout);
  return { canvas, controls };
}

function readout(parent, fields) {
  const dl = document.createElement("dl");
  dl.className = "widget-readout";
  dl.innerHTML = fields.map(([key, label]) => `<div><dt>${label}</dt><dd data-field="${key}"></dd></div>`).join("");
  parent.append(dl);
  return (key, text) => { dl.querySelector(`[data-field="${key}"]`).textContent = text; };
}

export function mount(ctx) {
  const { body, id } = ctx;
  const r0 = ctx.initial;
  let curve = r0.curve, point = r0.point, soft = r0.softmax, collapse = r0.collapse;
  let started = null;
  const done = () => { if (started !== null) { recordRedraw(NAME, started); started = null; } };
  body.innerHTML = "";

  // --- 1. one activation and its derivative ---------------------------------------
  const one = part(body, "An activation and its derivative");
  const { canvas: curveCanvas, controls: curveControls } = columns(one);
  const activation = select(curveControls, { label: "Activation", id: `${id}-activation`, value: curve.name, options: CHOICES });
  const zInput = slider(curveControls, { label: "input z", id: `${id}-z`, min: -5, max: 5, step: 0.01, value: point.z });
  const alpha = slider(curveControls, { label: "leaky slope α", id: `${id}-alpha`, min: 0, max: 1, step: 0.01, value: curve.alpha });
  const showPoint = readout(curveControls, [["f", "f(z)"], ["df", "f′(z)"]]);
  const note = document.createElement("p");
  note.className = "widget-update";
  note.setAttribute("aria-live", "polite");
  one.append(note);
  let curvePlot = null;

  function drawCurve() {
    const plot = (curvePlot = new Plot(curveCanvas, curve.box));
    plot.clear();
    plot.axes({ labels: ["z", ""] });
    plot.line([[curve.box[0], 0], [curve.box[1], 0]], { color: COLORS.muted, width: 1 });
    for (const piece of curve.f) plot.line(piece, { color: COLORS.one, width: 2.5 });
    for (const piece of curve.df) plot.line(piece, { color: COLORS.zero, width: 2, dash: [6, 4] });
    for (const [dots, color] of [[curve.f_dots, COLORS.one], [curve.df_dots, COLORS.zero]]) {
      for (const d of dots) plot.point(d.z, d.value, { radius: 4, fill: d.filled ? color : "#fff", stroke: color, width: 2 });
    }
    plot.line([[point.z, curve.box[2]], [point.z, curve.box[3]]], { color: COLORS.highlight, width: 1.5 });
    plot.point(point.z, point.f, { radius: 6, fill: COLORS.one, stroke: "#fff", width: 2 });
    plot.point(point.z, point.df, { radius: 6, fill: COLORS.zero, stroke: "#fff", width: 2 });
    const c = plot.ctx;
    c.font = "12px system-ui, sans-serif";
    c.fillStyle = COLORS.one; c.fillText("— f(z)", plot.width - 140, 16);
    c.fillStyle = COLORS.zero; c.fillText("- - f′(z)", plot.width - 75, 16);
    showPoint("f", fmt(point.f, 4));
    showPoint("df", fmt(point.df, 4));
    note.textContent = point.note;
    alpha.disabled = curve.name !== "leaky_relu";
    curveCanvas.setAttribute("aria-label", `${curve.description} ${point.description}`);
  }

  const curveArgs = () => ({ activation: activation.value, alpha: Number(alpha.value), z: Number(zInput.value) });
  function requestPoint(event) {
    started = event.timeStamp;
    ctx.latest("point", curveArgs(), (r) => { point = r.point; drawCurve(); done(); saveUrl(); });
  }
  function requestCurve(event) {
    started = event.timeStamp;
    ctx.latest("curve", curveArgs(), (r) => { curve = r.curve; point = r.point; drawCurve(); done(); saveUrl(); });
  }
  zInput.addEventListener("input", requestPoint);
  alpha.addEventListener("input", requestCurve);
  activation.addEventListener("change", requestCurve);
  // Dragging on the plot moves z: the pointer's data coordinate, clamped to the slider's range.
  let dragging = false;
  const dragTo = (event) => {
    const [z] = dataFromPointer(curvePlot, event);
    zInput.setOutput(Math.min(5, Math.max(-5, Math.round(z * 100) / 100)));
    requestPoint(event);
  };
  curveCanvas.addEventListener("pointerdown", (event) => { dragging = true; curveCanvas.setPointerCapture(event.pointerId); dragTo(event); });
  curveCanvas.addEventListener("pointermove", (event) => { if (dragging) dragTo(event); });
  curveCanvas.addEventListener("pointerup", () => { dragging = false; });
  curveCanvas.addEventListener("pointercancel", () => { dragging = false; });

  // --- 2. softmax -------------------------------------------------------------------
  const two = part(body, "Softmax: logits to probabilities");
  const { canvas: barCanvas, controls: softControls } = columns(two);
  const classes = select(softControls, { label: "Classes K", id: `${id}-classes`, value: String(soft.logits.length),
    options: [["3", "3"], ["4", "4"]] });
  const logitBox = document.createElement("div");
  logitBox.className = "widget-controls";
  softControls.append(logitBox);
  let logitInputs = [];
  const temperature = slider(softControls, { label: "temperature T", id: `${id}-temperature`, min: 0.1, max: 10, step: 0.1, value: soft.temperature });
  const shift = slider(softControls, { label: "add c to all", id: `${id}-shift`, min: -1000, max: 1000, step: 10, value: soft.shift });
  const showSum = readout(softControls, [["sum", "sum of probabilities"], ["best", "most likely"]]);
  const softNote = document.createElement("p");
  softNote.className = "widget-update";
  softNote.setAttribute("aria-live", "polite");
  const softTable = document.createElement("table");
  softTable.className = "softmax-table";
  two.append(softTable, softNote);

  function buildLogits(values) {
    logitBox.innerHTML = "";
    logitInputs = values.map((v, k) => {
      const input = slider(logitBox, { label: `logit z${k + 1}`, id: `${id}-logit-${k}`, min: -10, max: 10, step: 0.1, value: v });
      input.addEventListener("input", requestSoftmax);
      return input;
    });
  }

  function drawSoftmax() {
    const K = soft.probs.length;
    const plot = new Plot(barCanvas, [-0.5, K - 0.5, 0, 1.08]);
    plot.clear();
    const c = plot.ctx;
    c.strokeStyle = COLORS.grid;
    c.font = "12px system-ui, sans-serif";
    for (const level of [0, 0.25, 0.5, 0.75, 1]) {
      plot.line([[-0.5, level], [K - 0.5, level]], { color: COLORS.grid, width: 1 });
      c.fillStyle = COLORS.muted; c.fillText(String(level), 2, plot.py(level) + 4);
    }
    soft.probs.forEach((p, k) => {
      plot.polygon([[k - 0.35, 0], [k + 0.35, 0], [k + 0.35, p], [k - 0.35, p]], k === soft.argmax ? COLORS.one : "rgba(42,93,176,0.55)");
      c.fillStyle = COLORS.ink;
      c.textAlign = "center";
      c.fillText(fmt(p, 3), plot.px(k), plot.py(p) - 6);
      c.fillText(`class ${k + 1}`, plot.px(k), plot.height - 8);
      c.textAlign = "start";
    });
    showSum("sum", fmt(soft.sum, 12));
    showSum("best", `class ${soft.argmax + 1}`);
    softTable.innerHTML = `<caption>Each column k: the scaled logit u = (z + c) / T, e^(u − max u), and the probability</caption>
      <thead><tr><th scope="col"></th>${soft.probs.map((_, k) => `<th scope="col">k = ${k + 1}</th>`).join("")}</tr></thead>
      <tbody><tr><th scope="row">u<sub>k</sub></th>${soft.scaled.map((v) => `<td>${fmt(v, 2)}</td>`).join("")}</tr>
      <tr><th scope="row">e<sup>u − max</sup></th>${soft.stable_exps.map((v) => `<td>${fmt(v, 4)}</td>`).join("")}</tr>
      <tr><th scope="row">p<sub>k</sub></th>${soft.probs.map((v, k) => `<td data-prob="${k}">${fmt(v, 4)}</td>`).join("")}</tr></tbody>`;
    const n = soft.naive;
    softNote.textContent = n.status === "ok"
      ? `The textbook formula e^(u_k) / Σ e^(u_j) works here too (largest exponent ${fmt(n.largest_exponent, 2)}). Add a large c to every logit to see it break.`
      : n.status === "overflow"
        ? `Computed naively, e^(${fmt(n.largest_exponent, 1)}) overflows float64 (its largest number is about 1.8 × 10^308), giving ∞ / ∞ = NaN. `
          + "The engine subtracts the largest logit first, so every exponent is ≤ 0 and the probabilities stay exact — and unchanged, since adding c to every logit cancels."
        : `Computed naively, every e^(u_k) underflows to 0 (the largest exponent is ${fmt(n.largest_exponent, 1)}), giving 0 / 0 = NaN. `
          + "The engine subtracts the largest logit first, so the largest term is e^0 = 1 and nothing vanishes.";
    barCanvas.setAttribute("aria-label", soft.description);
  }

  const softArgs = () => ({ logits: logitInputs.map((i) => Number(i.value)), temperature: Number(temperature.value), shift: Number(shift.value) });
  function requestSoftmax(event) {
    started = event.timeStamp;
    ctx.latest("softmax", softArgs(), (r) => { soft = r.softmax; drawSoftmax(); done(); saveUrl(); });
  }
  temperature.addEventListener("input", requestSoftmax);
  shift.addEventListener("input", requestSoftmax);
  classes.addEventListener("change", (event) => {
    const values = logitInputs.map((i) => Number(i.value));
    buildLogits(Number(classes.value) === 4 ? [...values.slice(0, 3), 0] : values.slice(0, 3));
    requestSoftmax(event);
  });

  // --- 3. stacked linear layers are one linear layer ----------------------------------
  const three = part(body, "Stacked linear layers are one linear layer");
  const collapseControls = document.createElement("div");
  collapseControls.className = "widget-controls collapse-controls";
  three.append(collapseControls);
  const kInput = slider(collapseControls, { label: "layers k", id: `${id}-k`, min: 1, max: 8, step: 1, value: collapse.k });
  const x1 = slider(collapseControls, { label: "test input x₁", id: `${id}-x1`, min: -3, max: 3, step: 0.1, value: collapse.x[0] });
  const x2 = slider(collapseControls, { label: "test input x₂", id: `${id}-x2`, min: -3, max: 3, step: 0.1, value: collapse.x[1] });
  const newButtons = document.createElement("div");
  newButtons.className = "control buttons";
  collapseControls.append(newButtons);
  const reseed = button(newButtons, "New random matrices", { id: `${id}-reseed` });
  const layersView = document.createElement("div");
  layersView.className = "matrix-scroll";
  const resultView = document.createElement("div");
  resultView.className = "collapse-result";
  resultView.setAttribute("aria-live", "polite");
  three.append(layersView, resultView);

  function drawCollapse() {
    const k = collapse.k;
    layersView.innerHTML = "";
    const layers = collapse.weights.map((W, i) => equation([`layer ${i + 1}:`, matrix(W, { digits: 2, caption: `W${i + 1}`, name: `W${i + 1}` }),
      matrix(collapse.biases[i], { digits: 2, caption: `b${i + 1}`, name: `b${i + 1}` })]));
    const grid = document.createElement("div");
    grid.className = "collapse-layers";
    grid.append(...layers);
    const product = equation([`W = W${k}${k > 1 ? " ⋯ W1" : ""} =`, matrix(collapse.W, { digits: 4, caption: "W", name: "W" }),
      "b =", matrix(collapse.b, { digits: 4, caption: "b", name: "b" })], { label: "the single equivalent layer" });
    layersView.append(grid, product);
    const path = collapse.path.map((a) => tuple(a, 3)).join(" → ");
    resultView.innerHTML = `<p>Layer by layer: x = ${tuple(collapse.x, 2)} → ${path}</p>
      <p>One layer: W x + b = <strong data-field="single">${tuple(collapse.output_single, 4)}</strong>;
        layer by layer: <strong data-field="stacked">${tuple(collapse.output_stacked, 4)}</strong>
        (they differ by <span data-field="difference">${collapse.difference.toExponential(1)}</span>, rounding only).</p>
      <p>With a ReLU after each hidden layer the same weights give <span data-field="relu">${tuple(collapse.output_relu, 4)}</span>:
        ${k === 1 ? "with one layer there is nothing to put a ReLU between." : "no longer one fixed W x + b for every x."}</p>`;
  }

  const collapseArgs = () => ({ k: Number(kInput.value), seed: collapse.seed, x: [Number(x1.value), Number(x2.value)] });
  function requestCollapse(event) {
    started = event.timeStamp;
    ctx.latest("collapse", collapseArgs(), (r) => { collapse = r.collapse; drawCollapse(); done(); saveUrl(); });
  }
  for (const input of [kInput, x1, x2]) input.addEventListener("input", requestCollapse);
  reseed.addEventListener("click", async () => {
    const r = await ctx.call("collapse", { ...collapseArgs(), seed: (collapse.seed + 1) % 1000001 });
    if (r) { collapse = r.collapse; drawCollapse(); saveUrl(); }
  });

  function saveUrl() {
    writeUrlState(id, URL_TABLE, { activation: curve.name, z: point.z, alpha: curve.alpha, logits: soft.logits,
      temperature: soft.temperature, shift: soft.shift, k: collapse.k, seed: collapse.seed, x: collapse.x });
  }

  function drawAll() {
    drawCurve();
    drawSoftmax();
    drawCollapse();
  }

  function setControls() {
    activation.value = curve.name;
    zInput.setOutput(point.z);
    alpha.setOutput(curve.alpha);
    classes.value = String(soft.logits.length);
    buildLogits(soft.logits);
    temperature.setOutput(soft.temperature);
    shift.setOutput(soft.shift);
    kInput.setOutput(collapse.k);
    x1.setOutput(collapse.x[0]);
    x2.setOutput(collapse.x[1]);
  }

  setControls();
  drawAll();
  const fromUrl = readUrlState(id, URL_TABLE);
  // The worker imports numpy and this widget's module on its first call, which can take seconds;
  // make that call as soon as the engine is live rather than on the reader's first move.
  if (!Object.keys(fromUrl).length) ctx.onLive(() => ctx.call("point", curveArgs()));
  else {
    ctx.onLive(async () => {
      const r = await ctx.call("initial", { ...ctx.options, ...fromUrl });
      if (!r) return;
      ({ curve, point, softmax: soft, collapse } = r);
      setControls();
      drawAll();
    });
  }
  window.addEventListener("resize", () => { drawCurve(); drawSoftmax(); });
}
