// The forward-pass figure (chapter 5): step through z[l] = W[l] a[l-1] + b[l] and a[l] = g(z[l]),
// one operation at a time, for one sample or a batch. Every number comes from
// engine/demos/forward_pass_demo.py; this file lays the numbers out and reads input.
import { Plot, fmt, slider, button, select, checkbox, recordRedraw } from "../draw.js";
import { drawNetwork } from "../draw-network.js";
import { matrix, equation, tuple } from "../draw-matrix.js";
import { readUrlState, writeUrlState } from "../url-state.js";

const NAME = "forward-pass";
const URL_TABLE = [
  { key: "network", type: "choice", choices: ["example", "seeded"] },
  { key: "x", type: "list" },
  { key: "step", type: "int", min: 0, max: 6 },
  { key: "batch", type: "bool" },
  { key: "m", type: "int", min: 1, max: 8 },
  { key: "seed", type: "int", min: 0, max: 1000000 },
];
const WHAT_IT_DOES = {
  relu: "ReLU keeps each positive entry and replaces each negative one by 0.",
  sigmoid: "The sigmoid squeezes each entry into (0, 1): the output is a probability.",
  tanh: "Tanh squeezes each entry into (−1, 1).",
  linear: "The identity leaves every entry as it is.",
  leaky_relu: "Leaky ReLU keeps positive entries and scales negative ones by α.",
  step: "The step replaces each entry by 1 if it is ≥ 0, else 0.",
};

const shape = ([rows, cols]) => `${rows} × ${cols}`;

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let started = null;

  body.innerHTML = "";
  const layout = document.createElement("div");
  layout.className = "widget-layout";
  const canvas = document.createElement("canvas");
  canvas.className = "widget-canvas network";
  canvas.setAttribute("role", "img");
  const controls = document.createElement("div");
  controls.className = "widget-controls";
  layout.append(canvas, controls);

  const network = select(controls, { label: "Network", id: `${id}-network`, value: result.state.network,
    options: [["example", "Worked example 2-3-2-1"], ["seeded", "Random 2-3-3-1"]] });
  const x1 = slider(controls, { label: "input x₁", id: `${id}-x1`, min: -3, max: 3, step: 0.1, value: result.state.x[0] });
  const x2 = slider(controls, { label: "input x₂", id: `${id}-x2`, min: -3, max: 3, step: 0.1, value: result.state.x[1] });
  const stepButtons = document.createElement("div");
  stepButtons.className = "control buttons";
  controls.append(stepButtons);
  const previous = button(stepButtons, "Previous", { id: `${id}-previous` });
  const next = button(stepButtons, "Next", { id: `${id}-next` });
  const restart = button(stepButtons, "Start over", { id: `${id}-restart` });
  const batch = checkbox(controls, { label: "Batch mode: m samples at once", id: `${id}-batch`, checked: result.state.batch });
  const m = slider(controls, { label: "samples m", id: `${id}-m`, min: 1, max: 8, step: 1, value: result.state.m });
  const reseed = button(controls, "New random weights", { id: `${id}-reseed` });
  const readout = document.createElement("dl");
  readout.className = "widget-readout";
  readout.innerHTML = `<div><dt>Step</dt><dd data-field="step"></dd></div><div><dt>Prediction ŷ</dt><dd data-field="yhat"></dd></div>`;
  controls.append(readout);

  const stepView = document.createElement("div");
  stepView.className = "fp-step";
  stepView.setAttribute("aria-live", "polite");
  const cacheView = document.createElement("div");
  cacheView.className = "fp-cache";
  const paramsView = document.createElement("details");
  paramsView.className = "fp-params";
  paramsView.innerHTML = "<summary>All weights and biases of this network</summary>";
  const paramsList = document.createElement("div");
  paramsList.className = "matrix-scroll";
  paramsView.append(paramsList);
  body.append(layout, stepView, cacheView, paramsView);

  function drawDiagram() {
    const plot = new Plot(canvas, result.layout.box, { padding: 12 });
    plot.clear();
    const view = result.view;
    const labels = result.known.map((k) => (k.values ? k.values.map((v) => fmt(v, 2)) : null));
    const columnLabels = result.known.map((k, l) => (l === 0 ? "a[0] = x" : k.kind ? `${k.kind}[${l}]` : `layer ${l}`));
    drawNetwork(plot, result.layout, { labels, columnLabels, activeLayer: view.layer > 0 ? view.layer : null });
    canvas.setAttribute("aria-label", result.description);
  }

  function drawStep() {
    const { view, state } = result;
    const many = state.batch;
    const a = (l) => (many ? `A[${l}]` : `a[${l}]`);
    const z = (l) => (many ? `Z[${l}]` : `z[${l}]`);
    stepView.innerHTML = "";
    const title = document.createElement("p");
    title.className = "fp-title";
    const parts = [];
    const l = view.layer;
    if (view.kind === "input") {
      title.textContent = `Step 0 of ${result.steps}: the input ${a(0)} = ${many ? "X" : "x"} is all we know.`;
      parts.push(equation([`${a(0)} =`, matrix(view.a, { digits: 2, caption: `${a(0)} (${shape([view.a.length, view.a[0].length])})`, name: "a0" })]));
    } else if (view.kind === "linear") {
      const s = view.shapes;
      title.textContent = `Step ${state.step} of ${result.steps}: ${z(l)} = W[${l}] ${a(l - 1)} + b[${l}]`;
      const bias = many
        ? matrix(view.b_broadcast, { caption: `b[${l}] (${shape(s.b)}) copied into ${s.z[1]} columns`, name: "b" })
        : matrix(view.b, { caption: `b[${l}] (${shape(s.b)})`, name: "b" });
      parts.push(equation([
        matrix(view.W, { caption: `W[${l}] (${shape(s.W)})`, name: "W" }), "·",
        matrix(view.a_prev, { caption: `${a(l - 1)} (${shape(s.a_prev)})`, name: "a_prev" }), "+", bias, "=",
        matrix(view.Wa, { caption: `W[${l}] ${a(l - 1)}`, name: "Wa" }), "+",
        matrix(many ? view.b_broadcast : view.b, { caption: `b[${l}]` }), "=",
        matrix(view.z, { digits: 4, caption: `${z(l)} (${shape(s.z)})`, name: "z" }),
      ], { label: `${z(l)} = W[${l}] ${a(l - 1)} + b[${l}]` }));
      if (!many) {
        const sums = document.createElement("ul");
        sums.className = "fp-sums";
        sums.innerHTML = view.W.map((row, i) => `<li>z<sub>${i + 1}</sub> = ${row.map((w, j) => `${fmt(w, 3)} · ${fmt(view.a_prev[j][0], 3)}`).join(" + ")}
          + ${fmt(view.b[i][0], 3)} = <strong data-z="${i}">${fmt(view.z[i][0], 4)}</strong></li>`).join("");
        parts.push(sums);
      } else {
        const note = document.createElement("p");
        note.textContent = `Shapes: (${shape(s.W)}) · (${shape(s.a_prev)}) gives (${shape(s.z)}); b[${l}] has one column, `
          + `and broadcasting adds it to each of the ${s.z[1]} columns. Column j of ${z(l)} is sample j's z[${l}].`;
        parts.push(note);
      }
    } else {
      title.textContent = `Step ${state.step} of ${result.steps}: ${a(l)} = ${view.activation}(${z(l)})`
        + (l === result.sizes.length - 1 ? ", the prediction ŷ" : "");
      parts.push(equation([`${view.activation}(`, matrix(view.z, { digits: 4, caption: `${z(l)} (${shape(view.shapes.z)})`, name: "z" }), ") =",
        matrix(view.a, { digits: 4, caption: `${a(l)} (${shape(view.shapes.a)})`, name: "a" })]));
      const note = document.createElement("p");
      note.textContent = `${WHAT_IT_DOES[view.activation] || ""} It works entry by entry, so the shape stays ${shape(view.shapes.a)}.`;
      parts.push(note);
    }
    const scroll = document.createElement("div");
    scroll.className = "matrix-scroll";
    scroll.append(...parts);
    stepView.append(title, scroll);
  }

  function drawCache() {
    const items = result.cache.map((entry) => {
      const cols = entry.values[0].length;
      const name = result.state.batch ? entry.name.replace(/^[az]/, (ch) => ch.toUpperCase()) : entry.name;
      const text = cols === 1 ? tuple(entry.values.map((r) => r[0]), 4) : `${entry.values.length} × ${cols} matrix`;
      return `<li data-name="${entry.name}"><code>${name}</code>${entry.layer === 0 ? " (the input)" : ""}: ${text}</li>`;
    }).join("");
    cacheView.innerHTML = `<p>Cache, kept for backpropagation (${result.cache.length} entr${result.cache.length === 1 ? "y" : "ies"}):</p><ol>${items}</ol>`;
  }

  function drawParams() {
    paramsList.replaceChildren(...result.params.map((p, i) => equation([`layer ${i + 1}:`,
      matrix(p.W, { caption: `W[${i + 1}] (${shape([p.W.length, p.W[0].length])})` }),
      matrix(p.b, { caption: `b[${i + 1}] (${shape([p.b.length, 1])})` })])));
  }

  function draw() {
    const { state } = result;
    drawDiagram();
    drawParams();
    drawStep();
    drawCache();
    readout.querySelector('[data-field="step"]').textContent = `${state.step} of ${result.steps}`;
    readout.querySelector('[data-field="yhat"]').textContent = state.step === result.steps ? fmt(result.prediction[0][0], 4) : "—";
    previous.disabled = state.step === 0;
    next.disabled = state.step === result.steps;
    m.disabled = !batch.checked;
    reseed.hidden = state.network !== "seeded";
    if (started !== null) { recordRedraw(NAME, started); started = null; }
  }

  function setControls() {
    const { state } = result;
    network.value = state.network;
    x1.setOutput(state.x[0]);
    x2.setOutput(state.x[1]);
    batch.checked = state.batch;
    m.setOutput(state.m);
  }

  // The step and seed the reader asked for, ahead of the engine's answer, so quick clicks add up.
  const wanted = { step: result.state.step, seed: result.state.seed };
  const args = () => ({ network: network.value, x: [Number(x1.value), Number(x2.value)], step: wanted.step,
    batch: batch.checked, m: Number(m.value), seed: wanted.seed });
  const accept = (r) => { result = r; draw(); writeUrlState(id, URL_TABLE, result.state); };
  function request(event) {
    started = event.timeStamp;
    ctx.latest("forward", args(), accept);
  }
  for (const input of [x1, x2, m]) input.addEventListener("input", request);
  for (const input of [network, batch]) input.addEventListener("change", request);
  batch.addEventListener("change", () => { m.disabled = !batch.checked; });
  const go = (event, changes) => { Object.assign(wanted, changes); request(event); };
  previous.addEventListener("click", (e) => go(e, { step: Math.max(0, wanted.step - 1) }));
  next.addEventListener("click", (e) => go(e, { step: Math.min(result.steps, wanted.step + 1) }));
  restart.addEventListener("click", (e) => go(e, { step: 0 }));
  reseed.addEventListener("click", (e) => go(e, { seed: (wanted.seed + 1) % 1000001 }));

  setControls();
  draw();
  const fromUrl = readUrlState(id, URL_TABLE);
  // The worker imports numpy and this widget's module on its first call, which can take seconds;
  // make that call as soon as the engine is live rather than on the reader's first move.
  if (!Object.keys(fromUrl).length) ctx.onLive(() => ctx.call("forward", args()));
  else {
    ctx.onLive(async () => {
      const r = await ctx.call("forward", { ...ctx.options, ...result.state, ...fromUrl });
      if (r) { result = r; Object.assign(wanted, { step: r.state.step, seed: r.state.seed }); setControls(); draw(); }
    });
  }
  window.addEventListener("resize", drawDiagram);
}
