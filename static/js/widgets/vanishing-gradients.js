// Vanishing and exploding gradients (chapter 7): one bar per layer, the size of the gradient
// that backpropagation delivers there, on a log scale. Every value, the axis and the sigmoid
// reference line come from the engine (engine/demos/vanishing_gradients_demo.py).
import { Plot, COLORS, slider, select, recordRedraw } from "../draw.js";
import { rect, text, tickedAxes, htmlLegend, readout } from "../draw-annotations.js";
import { readUrlState, writeUrlState } from "../url-state.js";

const NAME = "vanishing-gradients";
const ACTIVATIONS = ["sigmoid", "tanh", "relu"];
const INITS = ["small", "xavier", "he", "large"];
const MEASURES = ["weights", "delta"];
const MAX_DEPTH = 30; // the engine's limit on hidden layers
const URL_TABLE = [
  { key: "activation", type: "choice", choices: ACTIVATIONS },
  { key: "init", type: "choice", choices: INITS },
  { key: "depth", type: "int", min: 1, max: MAX_DEPTH },
  { key: "measure", type: "choice", choices: MEASURES },
];
const HALF_BAR = 0.36; // half a bar's width, in layers
const WARM_UP_AFTER_MS = 1200;

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let inputStarted = null;

  body.innerHTML = "";
  const layout = document.createElement("div");
  layout.className = "widget-layout";
  const chart = document.createElement("div");
  const canvas = document.createElement("canvas");
  canvas.className = "widget-canvas vanishing-canvas";
  canvas.setAttribute("role", "img");
  chart.append(canvas);
  let legendList = null;
  const controls = document.createElement("div");
  controls.className = "widget-controls";
  layout.append(chart, controls);
  body.append(layout);

  const s = result.state;
  const activation = select(controls, { label: "Activation", id: `${id}-activation`, value: s.activation,
    options: [["sigmoid", "sigmoid"], ["tanh", "tanh"], ["relu", "ReLU"]] });
  const init = select(controls, { label: "Initial weights", id: `${id}-init`, value: s.init,
    options: [["small", "small normal, σ = 0.01"], ["xavier", "Xavier"], ["he", "He"], ["large", "large normal, σ = 1"]] });
  const depth = slider(controls, { label: "Hidden layers", id: `${id}-depth`, min: 1, max: MAX_DEPTH, step: 1, value: s.depth });
  const measure = select(controls, { label: "Bar height", id: `${id}-measure`, value: s.measure,
    options: [["weights", "‖∂L/∂W[l]‖"], ["delta", "‖δ[l]‖"]] });
  const values = readout(controls, [["first", "layer 1"], ["last", "output layer"], ["ratio", "first / last"]],
    "widget-readout vanishing-readout");
  const note = document.createElement("p");
  note.className = "vanishing-note";
  controls.append(note);
  const message = document.createElement("p");
  message.className = "widget-message";
  message.setAttribute("aria-live", "polite");
  // The bars as numbers, for readers who cannot see the chart (and for copying).
  const details = document.createElement("details");
  details.className = "vanishing-values";
  const summary = document.createElement("summary");
  summary.textContent = "Bar values";
  const table = document.createElement("table");
  details.append(summary, table);
  body.append(message, details);

  function draw() {
    const { bars, box, reference, state } = result;
    const plot = new Plot(canvas, box, { padding: 36 });
    plot.clear();
    tickedAxes(plot, { xTicks: result.x_ticks, yTicks: result.y_ticks, xLabel: "layer l",
      yLabel: `${result.measure_name} (log scale)` });
    const [, , lo, hi] = box;
    for (const bar of bars) {
      const output = bar.layer === bars.length;
      if (bar.status === "ok") {
        rect(plot, bar.layer - HALF_BAR, lo, bar.layer + HALF_BAR, bar.log10_norm, output ? COLORS.zero : COLORS.one);
      } else {
        // No height to draw: a marker at the edge of the plot, named in words.
        const exploded = bar.status === "exploded";
        rect(plot, bar.layer - HALF_BAR, exploded ? hi : lo, bar.layer + HALF_BAR, exploded ? hi - 0.04 * (hi - lo) : lo + 0.04 * (hi - lo), COLORS.bad);
        text(plot, bar.layer, exploded ? hi : lo, exploded ? "exploded" : "0", { color: COLORS.bad, align: "center", dy: exploded ? 10 : -10, font: "10px system-ui, sans-serif" });
      }
    }
    const items = [{ label: "hidden layer", color: COLORS.one }, { label: "output layer", color: COLORS.zero }];
    if (reference) {
      plot.line(reference.map((v, i) => [i + 1, v]), { color: COLORS.ink, width: 1.5, dash: [6, 4] });
      items.push({ label: "× 0.25 per layer", color: COLORS.ink, dash: true });
    }
    if (legendList) legendList.remove();
    legendList = htmlLegend(chart, items);
    table.innerHTML = "";
    const head = table.insertRow();
    for (const h of ["layer", result.measure_name]) { const th = document.createElement("th"); th.textContent = h; head.append(th); }
    for (const bar of bars) {
      const row = table.insertRow();
      row.dataset.layer = String(bar.layer);
      row.insertCell().textContent = bar.layer === bars.length ? `${bar.layer} (output)` : String(bar.layer);
      row.insertCell().textContent = bar.text;
    }
    values.set("first", result.summary.first);
    values.set("last", result.summary.last);
    values.set("ratio", result.summary.ratio);
    note.textContent = (reference ? "Dashed: the output layer's value times 0.25 per layer below it, the sigmoid's largest slope (a guide, not a bound). " : "")
      + `${state.width} units per hidden layer, one batch of 64 random inputs, cross-entropy at a sigmoid output.`;
    message.textContent = result.message;
    message.dataset.regime = result.regime;
    canvas.setAttribute("aria-label", result.description);
    if (inputStarted !== null) { recordRedraw(NAME, inputStarted); inputStarted = null; }
  }

  function settings() {
    return { activation: activation.value, init: init.value, depth: Number(depth.value), measure: measure.value,
      width: result.state.width, seed: result.state.seed };
  }

  // `syncControls` is false when the reader's own control asked (see loss-explorer.js).
  function show(next, syncControls = true) {
    result = next;
    if (syncControls) {
      activation.value = result.state.activation;
      init.value = result.state.init;
      depth.setOutput(result.state.depth);
      measure.value = result.state.measure;
    }
    draw();
    const { activation: a, init: i, depth: d, measure: m } = result.state;
    writeUrlState(id, URL_TABLE, { activation: a, init: i, depth: d, measure: m });
  }

  // A new network costs the browser's engine about 15 ms, a cached one about 1 ms. While the
  // reader is idle, ask for the other depths of the current settings, nearest first and one at
  // a time, so that dragging the depth slider afterwards only hits the worker's cache.
  let liveInBrowser = false;
  let warmUp = null;
  function stopWarmUp() { if (warmUp) { clearTimeout(warmUp.timer); warmUp = null; } }
  function startWarmUp() {
    stopWarmUp();
    if (!liveInBrowser) return; // never send guesses to the server
    const base = settings();
    const todo = [];
    for (let k = 1; k < MAX_DEPTH; k++) {
      for (const d of [base.depth - k, base.depth + k]) if (d >= 1 && d <= MAX_DEPTH) todo.push(d);
    }
    const job = { timer: null };
    const next = () => {
      if (warmUp !== job || !todo.length) return;
      ctx.call("evaluate", { ...base, depth: todo.shift() }).then(() => { if (warmUp === job) job.timer = setTimeout(next, 0); });
    };
    job.timer = setTimeout(next, WARM_UP_AFTER_MS);
    warmUp = job;
  }
  ctx.onLive((mode) => { liveInBrowser = mode === "live"; startWarmUp(); });

  const onInput = (event) => {
    inputStarted = event.timeStamp;
    stopWarmUp();
    ctx.latest("evaluate", settings(), (r) => { show(r, false); startWarmUp(); });
  };
  depth.addEventListener("input", onInput);
  for (const control of [activation, init, measure]) control.addEventListener("change", onInput);

  draw();
  const fromUrl = readUrlState(id, URL_TABLE);
  if (Object.keys(fromUrl).length) {
    const wanted = { ...settings(), ...fromUrl };
    activation.value = wanted.activation;
    init.value = wanted.init;
    depth.setOutput(wanted.depth);
    measure.value = wanted.measure;
    ctx.onLive(() => ctx.call("evaluate", wanted).then((r) => { if (r) { show(r); startWarmUp(); } }));
  }
  window.addEventListener("resize", draw);
}
