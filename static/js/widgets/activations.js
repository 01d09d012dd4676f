// The activations figure (chapter 4), in three parts: an activation and its derivative,
// softmax, and stacked linear layers collapsing into one. Every number and curve sample comes
// from the engine (engine/widgets/activations.py); this file draws. Each part has its own call,
// so a reply holds one part and is merged into the figure's result.
import { Plot, COLORS, fmt, dataFromPointer } from "../draw.js";
import { matrix, equation, tuple } from "../draw-matrix.js";
import { buildListSliders, buildControl } from "../figure-controls.js";
import { el, canvas, readout, setReadout, liveLine } from "../draw-figure.js";
import { setTextWithMath } from "../draw-tex.js";

const PARTS = ["curve", "point", "softmax", "collapse"];
const CALL_OF = { z: "point", activation: "curve", alpha: "curve", logits: "softmax", temperature: "softmax", shift: "softmax",
  k: "collapse", x: "collapse", seed: "collapse" };

function part(body, title, slot) {
  const section = el("section", "widget-part");
  section.append(el("h3", "widget-part-title", title));
  const layout = el("div", "widget-layout");
  const c = canvas("wide");
  const controls = el("div", "widget-controls");
  const options = el("div", "widget-options");
  options.dataset.slot = slot;
  controls.append(options);
  layout.append(c, controls);
  section.append(layout);
  body.append(section);
  return { section, canvas: c, controls, options };
}

function drawCurve(p, r) {
  const { curve, point } = r;
  const plot = p.curvePlot;
  plot.box = curve.box;
  plot.clear();
  plot.axes({ labels: ["z", ""] });
  plot.line([[curve.box[0], 0], [curve.box[1], 0]], { color: COLORS.muted, width: 1 });
  for (const piece of curve.f) plot.line(piece, { color: COLORS.one, width: 2.5 });
  for (const piece of curve.df) plot.line(piece, { color: COLORS.zero, width: 2, dash: [6, 4] });
  for (const [dots, color] of [[curve.f_dots, COLORS.one], [curve.df_dots, COLORS.zero]]) {
    for (const d of dots) plot.point(d.z, d.value, { radius: 4, fill: d.filled ? color : COLORS.paper, stroke: color, width: 2 });
  }
  plot.line([[point.z, curve.box[2]], [point.z, curve.box[3]]], { color: COLORS.highlight, width: 1.5 });
  plot.point(point.z, point.f, { radius: 6, fill: COLORS.one, stroke: COLORS.paper, width: 2 });
  plot.point(point.z, point.df, { radius: 6, fill: COLORS.zero, stroke: COLORS.paper, width: 2 });
  setReadout(p.pointFields, "f", fmt(point.f, 4));
  setReadout(p.pointFields, "df", fmt(point.df, 4));
  p.note.textContent = point.note;
  p.curveCanvas.setAttribute("aria-label", `${curve.description} ${point.description}`);
}

function drawSoftmax(p, r) {
  const soft = r.softmax;
  const K = soft.probs.length;
  const plot = p.barPlot;
  plot.box = [-0.5, K - 0.5, 0, 1.08];
  plot.clear();
  const c = plot.ctx;
  c.font = "12px system-ui, sans-serif";
  for (const level of [0, 0.25, 0.5, 0.75, 1]) {
    plot.line([[-0.5, level], [K - 0.5, level]], { color: COLORS.grid, width: 1 });
    c.fillStyle = COLORS.muted; c.fillText(String(level), 2, plot.py(level) + 4);
  }
  soft.probs.forEach((prob, k) => {
    plot.polygon([[k - 0.35, 0], [k + 0.35, 0], [k + 0.35, prob], [k - 0.35, prob]], k === soft.argmax ? COLORS.one : "rgba(42,93,176,0.55)");
    c.fillStyle = COLORS.ink;
    c.textAlign = "center";
    c.fillText(fmt(prob, 3), plot.px(k), plot.py(prob) - 6);
    c.fillText(`class ${k + 1}`, plot.px(k), plot.height - 8);
    c.textAlign = "start";
  });
  setReadout(p.sumFields, "sum", fmt(soft.sum, 12));
  setReadout(p.sumFields, "best", `class ${soft.argmax + 1}`);
  const cells = (values, digits, attr = "") => values.map((v, k) => `<td${attr ? ` ${attr}="${k}"` : ""}>${fmt(v, digits)}</td>`).join("");
  p.softTable.innerHTML = `<caption></caption><thead><tr><td></td>${soft.probs.map((_, k) => `<th scope="col">k = ${k + 1}</th>`).join("")}</tr></thead>
    <tbody><tr><th scope="row"></th>${cells(soft.scaled, 2)}</tr><tr><th scope="row"></th>${cells(soft.stable_exps, 4)}</tr>
    <tr><th scope="row"></th>${cells(soft.probs, 4, "data-prob")}</tr></tbody>`;
  setTextWithMath(p.softTable.querySelector("caption"), "Each column k: the scaled logit $u_k = (z_k + c)/T$, then $e^{u_k - \\max_j u_j}$, and the probability $p_k$");
  const heads = p.softTable.querySelectorAll("tbody th");
  ["$u_k$", "$e^{u_k - \\max u}$", "$p_k$"].forEach((tex, i) => setTextWithMath(heads[i], tex));
  const n = soft.naive;
  setTextWithMath(p.softNote, n.status === "ok"
    ? `The textbook formula $e^{u_k} / \\sum_j e^{u_j}$ works here too (largest exponent ${fmt(n.largest_exponent, 2)}). Add a large c to every logit to see it break.`
    : n.status === "overflow"
      ? `Computed naively, $e^{${fmt(n.largest_exponent, 1)}}$ overflows float64 (its largest number is about $1.8 \\times 10^{308}$), giving $\\infty / \\infty$ = NaN. `
        + "The engine subtracts the largest logit first, so every exponent is $\\le 0$ and the probabilities stay exact — and unchanged, since adding c to every logit cancels."
      : `Computed naively, every $e^{u_k}$ underflows to 0 (the largest exponent is ${fmt(n.largest_exponent, 1)}), giving $0 / 0$ = NaN. `
        + "The engine subtracts the largest logit first, so the largest term is $e^0 = 1$ and nothing vanishes.");
  p.barCanvas.setAttribute("aria-label", soft.description);
}

function drawCollapse(p, r) {
  const collapse = r.collapse;
  const k = collapse.k;
  const layers = collapse.weights.map((W, i) => equation([`layer ${i + 1}:`, matrix(W, { digits: 2, caption: `W${i + 1}`, name: `W${i + 1}` }),
    matrix(collapse.biases[i], { digits: 2, caption: `b${i + 1}`, name: `b${i + 1}` })]));
  const grid = el("div", "collapse-layers");
  grid.append(...layers);
  const product = equation([`W = W${k}${k > 1 ? " ⋯ W1" : ""} =`, matrix(collapse.W, { digits: 4, caption: "W", name: "W" }),
    "b =", matrix(collapse.b, { digits: 4, caption: "b", name: "b" })], { label: "the single equivalent layer" });
  p.layersView.replaceChildren(grid, product);
  const path = collapse.path.map((a) => tuple(a, 3)).join(" → ");
  p.resultView.innerHTML = `<p>Layer by layer: x = ${tuple(collapse.x, 2)} → ${path}</p>
    <p>One layer: W x + b = <strong data-field="single">${tuple(collapse.output_single, 4)}</strong>;
      layer by layer: <strong data-field="stacked">${tuple(collapse.output_stacked, 4)}</strong>
      (they differ by <span data-field="difference">${collapse.difference.toExponential(1)}</span>, rounding only).</p>
    <p>With a ReLU after each hidden layer the same weights give <span data-field="relu">${tuple(collapse.output_relu, 4)}</span>:
      ${k === 1 ? "with one layer there is nothing to put a ReLU between." : "no longer one fixed W x + b for every x."}</p>`;
}

export default {
  slots: { activation: "curve", z: "curve", alpha: "curve", temperature: "softmax", shift: "softmax", k: "collapse" },

  setup(ctx) {
    const p = {};
    ctx.parts = p;
    const one = part(ctx.body, "An activation and its derivative", "curve");
    p.curveCanvas = one.canvas;
    p.pointFields = readout([["f", "f(z)"], ["df", "f′(z)"]]);
    one.controls.append(p.pointFields);
    p.note = liveLine("widget-update");
    one.section.append(p.note);
    p.curvePlot = new Plot(one.canvas, ctx.result.curve.box);
    // Dragging on the plot moves z: the pointer's data coordinate, within z's declared range and step.
    const z = ctx.option("z");
    const dragTo = (event) => {
      const [value] = dataFromPointer(p.curvePlot, event);
      ctx.setValue("z", Math.min(z.max, Math.max(z.min, Math.round(value / z.step) * z.step)), event);
    };
    one.canvas.addEventListener("pointerdown", (event) => { one.canvas.setPointerCapture(event.pointerId); dragTo(event); });
    one.canvas.addEventListener("pointermove", (event) => { if (one.canvas.hasPointerCapture(event.pointerId)) dragTo(event); });

    const two = part(ctx.body, "Softmax: logits to probabilities", "softmax");
    p.barCanvas = two.canvas;
    p.barPlot = new Plot(two.canvas, [-0.5, 2.5, 0, 1.08]);
    // The number of classes is the logits list's length, within its declared bounds.
    const logits = ctx.option("logits");
    const [fewest, most] = logits.length;
    const classes = buildControl({ name: "classes", kind: "choice", label: "classes K",
      choices: Array.from({ length: most - fewest + 1 }, (_, i) => [fewest + i, String(fewest + i)]) }, `${ctx.id}-classes`, ctx.values.logits.length);
    p.logitBox = el("div", "widget-options");
    two.options.prepend(classes.wrap, p.logitBox);
    p.buildLogits = (values) => {
      p.logitBox.replaceChildren();
      p.logits = buildListSliders(p.logitBox, logits, `${ctx.id}-logit`, values, values.map((_, k) => `logit z${k + 1}`),
        (list, event) => ctx.setValue("logits", list, event));
    };
    p.buildLogits(ctx.values.logits);
    classes.input.addEventListener("change", (event) => {
      const K = classes.get();
      const now = [...ctx.values.logits];
      const next = K > now.length ? [...now, ...Array(K - now.length).fill(0)] : now.slice(0, K);
      p.buildLogits(next);
      ctx.setValue("logits", next, event);
    });
    p.classes = classes;
    p.sumFields = readout([["sum", "sum of probabilities"], ["best", "most likely"]]);
    two.controls.append(p.sumFields);
    p.softTable = el("table", "softmax-table");
    p.softNote = liveLine("widget-update");
    two.section.append(p.softTable, p.softNote);

    const three = el("section", "widget-part");
    three.append(el("h3", "widget-part-title", "Stacked linear layers are one linear layer"));
    const controls = el("div", "widget-controls collapse-controls");
    const options = el("div", "widget-options");
    options.dataset.slot = "collapse";
    controls.append(options);
    p.x = buildListSliders(controls, ctx.option("x"), `${ctx.id}-x`, ctx.values.x, ["test input x₁", "test input x₂"],
      (x, event) => ctx.setValue("x", x, event));
    const reseed = el("button", "", "New random matrices");
    reseed.type = "button";
    reseed.id = `${ctx.id}-reseed`;
    reseed.addEventListener("click", (event) => ctx.setValue("seed", (ctx.values.seed + 1) % (ctx.option("seed").max + 1), event));
    const buttons = el("div", "control buttons");
    buttons.append(reseed);
    controls.append(buttons);
    p.layersView = el("div", "matrix-scroll");
    p.resultView = liveLine("collapse-result");
    three.append(controls, p.layersView, p.resultView);
    ctx.body.append(three);
    ctx.controls.hidden = true; // every control lives in its part
  },

  values: (r) => ({ activation: r.curve.name, alpha: r.curve.alpha, z: r.point.z, logits: r.softmax.logits,
    temperature: r.softmax.temperature, shift: r.softmax.shift, k: r.collapse.k, seed: r.collapse.seed, x: r.collapse.x }),

  request(ctx, name) {
    const v = ctx.values;
    const call = CALL_OF[name];
    const args = call === "point" || call === "curve" ? { activation: v.activation, alpha: v.alpha, z: v.z }
      : call === "softmax" ? { logits: v.logits, temperature: v.temperature, shift: v.shift } : { k: v.k, seed: v.seed, x: v.x };
    return { call, args };
  },

  // A reply holds the parts its call computes; the rest of the figure stays as it was.
  merge(previous, reply) {
    const merged = { ...previous, ...reply };
    merged.description = PARTS.map((key) => merged[key].description).join(" ");
    return merged;
  },

  resize(ctx) { ctx.parts.curvePlot.resize(); ctx.parts.barPlot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    ctx.control("alpha").input.disabled = r.curve.name !== "leaky_relu";
    drawCurve(p, r);
    if (p.logits.length !== r.softmax.logits.length) { p.buildLogits(r.softmax.logits); p.classes.set(r.softmax.logits.length); }
    p.logits.forEach((control, k) => { if (document.activeElement !== control.input) control.set(r.softmax.logits[k]); });
    drawSoftmax(p, r);
    p.x.forEach((control, i) => { if (document.activeElement !== control.input) control.set(r.collapse.x[i]); });
    drawCollapse(p, r);
  },
};
