// The forward-pass figure (chapter 5): step through z[l] = W[l] a[l-1] + b[l] and a[l] = g(z[l]),
// one operation at a time, for one sample or a batch. Every number comes from the engine
// (engine/widgets/forward_pass.py); this file lays the numbers out.
import { Plot, fmt } from "../draw.js";
import { drawNetwork } from "../draw-network.js";
import { matrix, equation, tuple } from "../draw-matrix.js";
import { buildListSliders } from "../figure-controls.js";
import { el, canvas, readout, setReadout, liveLine } from "../draw-figure.js";

const WHAT_IT_DOES = {
  relu: "ReLU keeps each positive entry and replaces each negative one by 0.",
  sigmoid: "The sigmoid squeezes each entry into (0, 1): the output is a probability.",
  tanh: "Tanh squeezes each entry into (−1, 1).",
  linear: "The identity leaves every entry as it is.",
  leaky_relu: "Leaky ReLU keeps positive entries and scales negative ones by α.",
  step: "The step replaces each entry by 1 if it is ≥ 0, else 0.",
};
const shape = ([rows, cols]) => `${rows} × ${cols}`;

function stepView(result) {
  const { view, state } = result;
  const many = state.batch;
  const a = (l) => (many ? `A[${l}]` : `a[${l}]`);
  const z = (l) => (many ? `Z[${l}]` : `z[${l}]`);
  const title = el("p", "fp-title");
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
      const sums = el("ul", "fp-sums");
      sums.innerHTML = view.W.map((row, i) => `<li>z<sub>${i + 1}</sub> = ${row.map((w, j) => `${fmt(w, 3)} · ${fmt(view.a_prev[j][0], 3)}`).join(" + ")}
        + ${fmt(view.b[i][0], 3)} = <strong data-z="${i}">${fmt(view.z[i][0], 4)}</strong></li>`).join("");
      parts.push(sums);
    } else {
      parts.push(el("p", "", `Shapes: (${shape(s.W)}) · (${shape(s.a_prev)}) gives (${shape(s.z)}); b[${l}] has one column, `
        + `and broadcasting adds it to each of the ${s.z[1]} columns. Column j of ${z(l)} is sample j's z[${l}].`));
    }
  } else {
    title.textContent = `Step ${state.step} of ${result.steps}: ${a(l)} = ${view.activation}(${z(l)})`
      + (l === result.sizes.length - 1 ? ", the prediction ŷ" : "");
    parts.push(equation([`${view.activation}(`, matrix(view.z, { digits: 4, caption: `${z(l)} (${shape(view.shapes.z)})`, name: "z" }), ") =",
      matrix(view.a, { digits: 4, caption: `${a(l)} (${shape(view.shapes.a)})`, name: "a" })]));
    parts.push(el("p", "", `${WHAT_IT_DOES[view.activation] || ""} It works entry by entry, so the shape stays ${shape(view.shapes.a)}.`));
  }
  const scroll = el("div", "matrix-scroll");
  scroll.append(...parts);
  return [title, scroll];
}

function cacheHtml(result) {
  const items = result.cache.map((entry) => {
    const cols = entry.values[0].length;
    const name = result.state.batch ? entry.name.replace(/^[az]/, (ch) => ch.toUpperCase()) : entry.name;
    const text = cols === 1 ? tuple(entry.values.map((r) => r[0]), 4) : `${entry.values.length} × ${cols} matrix`;
    return `<li data-name="${entry.name}"><code>${name}</code>${entry.layer === 0 ? " (the input)" : ""}: ${text}</li>`;
  }).join("");
  return `<p>Cache, kept for backpropagation (${result.cache.length} entr${result.cache.length === 1 ? "y" : "ies"}):</p><ol>${items}</ol>`;
}

export default {
  slots: { batch: "batch", m: "batch" },

  setup(ctx) {
    const p = {};
    ctx.parts = p;
    const layout = el("div", "widget-layout");
    p.canvas = canvas("network");
    layout.append(p.canvas, ctx.controls);
    // The input x is one option (a list): a slider per entry, with the list's declared range.
    const inputs = el("div", "widget-options");
    ctx.controls.append(inputs);
    p.x = buildListSliders(inputs, ctx.option("x"), `${ctx.id}-x`, ctx.values.x, ["input x₁", "input x₂"], (x, event) => ctx.setValue("x", x, event));
    const buttons = el("div", "control buttons");
    const button = (label, part, onClick) => {
      const b = el("button", "", label);
      b.type = "button";
      b.id = `${ctx.id}-${part}`;
      b.addEventListener("click", onClick);
      buttons.append(b);
      return b;
    };
    // The step asked for runs ahead of the engine's answer, so quick clicks add up.
    const go = (step, event) => ctx.setValue("step", Math.max(0, Math.min(ctx.result.steps, step)), event);
    p.previous = button("Previous", "previous", (e) => go(ctx.values.step - 1, e));
    p.next = button("Next", "next", (e) => go(ctx.values.step + 1, e));
    button("Start over", "restart", (e) => go(0, e));
    const batch = el("div", "widget-options");
    batch.dataset.slot = "batch";
    ctx.controls.append(buttons, batch);
    p.reseed = el("button", "", "New random weights");
    p.reseed.type = "button";
    p.reseed.id = `${ctx.id}-reseed`;
    p.reseed.addEventListener("click", (e) => ctx.setValue("seed", (ctx.values.seed + 1) % (ctx.option("seed").max + 1), e));
    p.fields = readout([["step", "Step"], ["yhat", "Prediction ŷ"]]);
    ctx.controls.append(p.reseed, p.fields);
    p.step = liveLine("fp-step");
    p.cache = el("div", "fp-cache");
    const params = el("details", "fp-params");
    params.append(el("summary", "", "All weights and biases of this network"));
    p.params = el("div", "matrix-scroll");
    params.append(p.params);
    ctx.body.append(layout, p.step, p.cache, params);
    p.plot = new Plot(p.canvas, ctx.result.layout.box, { padding: 12 });
  },

  values: (r) => ({ ...r.state }),
  request(ctx, name) {
    if (name === "batch") ctx.control("m").input.disabled = !ctx.values.batch; // at once, not on the reply
    return { call: "forward", args: { ...ctx.values } };
  },
  fromUrl: (ctx, values) => ({ call: "forward", args: values }),

  drawDiagram(ctx, result) {
    const { plot, canvas: c } = ctx.parts;
    plot.box = result.layout.box;
    plot.clear();
    const labels = result.known.map((k) => (k.values ? k.values.map((v) => fmt(v, 2)) : null));
    const columnLabels = result.known.map((k, l) => (l === 0 ? "a[0] = x" : k.kind ? `${k.kind}[${l}]` : `layer ${l}`));
    const short = result.known.map((k, l) => (l === 0 ? "x" : k.kind ? `${k.kind}${l}` : `${l}`));
    drawNetwork(plot, result.layout, { labels, columnLabels, shortColumnLabels: short, activeLayer: result.view.layer > 0 ? result.view.layer : null });
    c.setAttribute("aria-label", result.description);
  },

  resize(ctx) { ctx.parts.plot.resize(); this.drawDiagram(ctx, ctx.result); },

  draw(ctx, result) {
    const p = ctx.parts;
    const { state } = result;
    this.drawDiagram(ctx, result);
    p.params.replaceChildren(...result.params.map((w, i) => equation([`layer ${i + 1}:`,
      matrix(w.W, { caption: `W[${i + 1}] (${shape([w.W.length, w.W[0].length])})` }),
      matrix(w.b, { caption: `b[${i + 1}] (${shape([w.b.length, 1])})` })])));
    p.step.replaceChildren(...stepView(result));
    p.cache.innerHTML = cacheHtml(result);
    setReadout(p.fields, "step", `${state.step} of ${result.steps}`);
    setReadout(p.fields, "yhat", state.step === result.steps ? fmt(result.prediction[0][0], 4) : "—");
    p.previous.disabled = state.step === 0;
    p.next.disabled = state.step === result.steps;
    ctx.control("m").input.disabled = !state.batch;
    p.reseed.hidden = state.network !== "seeded";
    p.x.forEach((control, i) => { if (document.activeElement !== control.input) control.set(state.x[i]); });
  },
};
