// The architecture figure (chapter 3): edit the layer sizes, see the network and count its parameters.
// Every number (shapes, counts, neuron positions, captions, limits) comes from the engine
// (engine/widgets/architecture.py). The layer sizes are one option (a list) with one number box
// per layer, which this file builds; URL state and engine calls come from the figure mount.
import { Plot } from "../draw.js";
import { drawNetwork, pixelsPerUnit } from "../draw-network.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const MOVES = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0], Home: [0, -Infinity], End: [0, Infinity] };

function layerName(l, count) {
  if (l === 0) return "Layer 0 (input)";
  return l === count - 1 ? `Layer ${l} (output)` : `Layer ${l} (hidden)`;
}

function tableHtml(r) {
  const rows = r.shapes.map((s) => `<tr><td>${s.layer}</td><td>${s.W[0]}</td>
    <td><code>W[${s.layer}]</code>: ${s.W[0]} × ${s.W[1]}</td><td><code>b[${s.layer}]</code>: ${s.b[0]} × ${s.b[1]}</td>
    <td>${s.W[0]}·${s.W[1]} + ${s.b[0]} = <strong data-field="params-${s.layer}">${s.params}</strong></td></tr>`).join("");
  return `<caption>Shapes and parameters of each layer (the input layer, layer 0, has none)</caption>
    <thead><tr><th scope="col">Layer</th><th scope="col">Neurons</th><th scope="col">Weights</th>
    <th scope="col">Biases</th><th scope="col">Parameters</th></tr></thead><tbody>${rows}</tbody>
    <tfoot><tr><th scope="row" colspan="4">Total (${plural(r.weights, "weight", "weights")} + ${plural(r.biases, "bias", "biases")})</th>
    <td><strong data-field="total">${r.total}</strong></td></tr></tfoot>`;
}

/** Add/Remove hidden layer enabled for a network of `count` layers, and a disabled one says why. */
function layerButtons(ctx, count) {
  const p = ctx.parts;
  const [fewest, most] = ctx.option("sizes").length;
  p.add.disabled = count >= most;
  p.remove.disabled = count <= fewest;
  // A disabled button says why, in words next to it (a disabled button gets no focus or tooltip).
  p.why.textContent = p.add.disabled
    ? `At most ${most} layers here (${plural(most - 2, "hidden layer", "hidden layers")}), so that every neuron can still be drawn.`
    : p.remove.disabled ? `The input and output layers stay: there is no hidden layer left to remove.` : "";
  for (const b of [p.add, p.remove]) {
    if (b.disabled) b.setAttribute("aria-describedby", p.why.id); else b.removeAttribute("aria-describedby");
  }
}

export default {
  setup(ctx) {
    const p = { highlight: null, rover: { layer: 0, index: 0 }, sizes: [...ctx.result.state.sizes] };
    ctx.parts = p;
    const layout = el("div", "widget-layout");
    const stage = el("div", "network-stage");
    p.canvas = canvas("network");
    p.targets = el("div", "neuron-targets");
    p.targets.setAttribute("role", "group");
    p.targets.setAttribute("aria-label", "Neurons: focus one to see the weights it receives; arrow keys move between neurons and layers");
    stage.append(p.canvas, p.targets);
    const fields = el("fieldset", "layer-sizes");
    fields.append(el("legend", "", "Neurons per layer"));
    p.sizeList = el("div");
    p.limitNote = liveLine("architecture-limit");
    fields.append(p.sizeList, p.limitNote);
    const buttons = el("div", "control buttons");
    p.add = el("button", "", "Add hidden layer");
    p.remove = el("button", "", "Remove hidden layer");
    for (const [b, part] of [[p.add, "add"], [p.remove, "remove"]]) { b.type = "button"; b.id = `${ctx.id}-${part}`; buttons.append(b); }
    p.why = el("p", "architecture-why");
    p.why.id = `${ctx.id}-why`;
    ctx.controls.append(fields, buttons, p.why);
    layout.append(stage, ctx.controls);
    p.caption = liveLine("widget-update neuron-caption");
    p.table = el("table", "shape-table");
    ctx.body.append(layout, p.caption, p.table);
    p.plot = new Plot(p.canvas, ctx.result.layout.box, { padding: 12 });

    // The limits are the option's declaration: sizes between min and max, a length within length.
    const sizes = ctx.option("sizes");
    const limits = () => ({ min_size: sizes.min, max_size: sizes.max });
    const send = (sizes) => { p.sizes = [...sizes]; ctx.setValue("sizes", [...sizes]); };
    p.buildInputs = () => {
      p.sizeList.replaceChildren();
      p.sizes.forEach((n, l) => {
        const wrap = el("div", "control number");
        const id = `${ctx.id}-size-${l}`;
        const label = el("label", "", layerName(l, p.sizes.length));
        label.htmlFor = id;
        const input = el("input");
        Object.assign(input, { type: "number", id, min: limits().min_size, max: limits().max_size, step: sizes.step, value: n, inputMode: "numeric" });
        input.dataset.layer = String(l);
        input.dataset.option = `sizes.${l}`;
        input.setAttribute("aria-describedby", `${ctx.id}-limit`);
        input.addEventListener("input", () => {
          const typed = input.value === "" ? NaN : Number(input.value);
          const { min_size: lo, max_size: hi } = limits();
          if (!Number.isInteger(typed)) { p.limitNote.textContent = "Type a whole number of neurons."; return; }
          // Out of range: say the limit in words, and let the box show what the drawing shows.
          const n = Math.min(hi, Math.max(lo, typed));
          p.limitNote.textContent = typed > hi
            ? `A layer has at most ${hi} neurons here, so that every connection can still be drawn; ${typed} is shown as ${hi}.`
            : typed < lo ? `A layer needs at least ${lo} neuron; ${typed} is shown as ${lo}.` : "";
          if (n !== typed) input.value = String(n);
          const sizes = [...p.sizes];
          sizes[l] = n;
          send(sizes);
        });
        wrap.append(label, input);
        p.sizeList.append(wrap);
      });
      p.limitNote.id = `${ctx.id}-limit`;
    };
    // A new hidden layer goes just before the output, as wide as the layer before it.
    // The buttons follow the layers asked for at once, not only when the engine's reply is drawn: a
    // quick second click cannot ask for a layer past the limit.
    p.add.addEventListener("click", () => { const s = p.sizes; p.limitNote.textContent = ""; send([...s.slice(0, -1), s[s.length - 2], s[s.length - 1]]); p.buildInputs(); layerButtons(ctx, p.sizes.length); });
    p.remove.addEventListener("click", () => { const s = p.sizes; p.limitNote.textContent = ""; send([...s.slice(0, -2), s[s.length - 1]]); p.buildInputs(); layerButtons(ctx, p.sizes.length); });
    p.targets.addEventListener("keydown", (event) => {
      const move = MOVES[event.key];
      if (!move) return;
      event.preventDefault();
      const columns = ctx.result.layout.positions;
      const layer = Math.min(columns.length - 1, Math.max(0, p.rover.layer + move[0]));
      const index = Math.min(columns[layer].length - 1, Math.max(0, p.rover.index + move[1]));
      p.targets.querySelector(`[data-layer="${layer}"][data-index="${index}"]`).focus();
    });
    p.buildInputs();
  },

  values: (r) => ({ sizes: r.state.sizes }),
  request: (ctx) => ({ call: "evaluate", args: { sizes: ctx.values.sizes } }),
  fromUrl: (ctx, values) => { ctx.parts.sizes = [...values.sizes]; ctx.parts.buildInputs(); return { call: "evaluate", args: { sizes: values.sizes } }; },

  paint(ctx) {
    const { plot, highlight } = ctx.parts;
    const r = ctx.result;
    plot.box = r.layout.box;
    plot.clear();
    const count = r.state.sizes.length;
    const name = (l, long) => (l === 0 ? (long ? "input" : "in") : l === count - 1 ? (long ? "output" : "out") : long ? `hidden ${l}` : `h${l}`);
    drawNetwork(plot, r.layout, { highlight,
      columnLabels: r.state.sizes.map((n, l) => name(l, true)), shortColumnLabels: r.state.sizes.map((n, l) => name(l, false)) });
  },

  placeTargets(ctx) {
    const p = ctx.parts;
    const r = ctx.result;
    const plot = p.plot;
    p.targets.replaceChildren();
    if (!(r.layout.positions[p.rover.layer] || [])[p.rover.index]) p.rover = { layer: 0, index: 0 };
    const size = Math.max(16, 2 * r.layout.radius * pixelsPerUnit(plot));
    r.layout.positions.forEach((column, l) => column.forEach(([x, y], j) => {
      const target = el("button", "neuron-target");
      target.type = "button";
      target.dataset.layer = String(l);
      target.dataset.index = String(j);
      target.setAttribute("aria-label", r.neurons[l][j]);
      target.tabIndex = l === p.rover.layer && j === p.rover.index ? 0 : -1;
      Object.assign(target.style, { left: `${plot.px(x) - size / 2}px`, top: `${plot.py(y) - size / 2}px`, width: `${size}px`, height: `${size}px` });
      const show = () => { p.highlight = { layer: l, index: j }; p.caption.textContent = ctx.result.neurons[l][j]; this.paint(ctx); };
      const hide = () => { if (p.highlight && p.highlight.layer === l && p.highlight.index === j) { p.highlight = null; this.paint(ctx); } };
      target.addEventListener("focus", () => {
        for (const other of p.targets.children) other.tabIndex = other === target ? 0 : -1;
        p.rover = { layer: l, index: j };
      });
      target.addEventListener("mouseenter", show);
      target.addEventListener("focus", show);
      target.addEventListener("mouseleave", hide);
      target.addEventListener("blur", hide);
      p.targets.append(target);
    }));
  },

  resize(ctx) { ctx.parts.plot.resize(); this.paint(ctx); this.placeTargets(ctx); },

  draw(ctx, r) {
    const p = ctx.parts;
    if (p.highlight && !(r.layout.positions[p.highlight.layer] || [])[p.highlight.index]) p.highlight = null;
    p.caption.textContent = p.highlight ? r.neurons[p.highlight.layer][p.highlight.index] : "";
    this.paint(ctx);
    this.placeTargets(ctx);
    p.table.innerHTML = tableHtml(r);
    p.canvas.setAttribute("aria-label", r.description);
    const count = r.state.sizes.length;
    layerButtons(ctx, count);
    // The boxes follow the engine's sizes unless the reader is typing in one.
    const sameCount = p.sizes.length === count;
    p.sizes = [...r.state.sizes];
    if (!sameCount) p.buildInputs();
    else p.sizeList.querySelectorAll("input").forEach((input, l) => { if (document.activeElement !== input) input.value = String(p.sizes[l]); });
  },
};
