// The architecture figure (chapter 3): edit the layer sizes, see the network and count its parameters.
// Every number (shapes, counts, neuron positions, captions) comes from engine/demos/architecture_demo.py.
import { Plot, button, numberInput, recordRedraw } from "../draw.js";
import { drawNetwork, pixelsPerUnit } from "../draw-network.js";
import { readUrlState, writeUrlState } from "../url-state.js";

const NAME = "architecture";
const URL_TABLE = [{ key: "sizes", type: "list" }];

function layerName(l, count) {
  if (l === 0) return "Layer 0 (input)";
  return l === count - 1 ? `Layer ${l} (output)` : `Layer ${l} (hidden)`;
}

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let sizes = [...result.state.sizes];
  let highlight = null;
  let inputStarted = null;
  // One tab stop for all neurons (a "roving" tabindex); the arrow keys move between them.
  let rover = { layer: 0, index: 0 };

  body.innerHTML = "";
  const layout = document.createElement("div");
  layout.className = "widget-layout";
  const stage = document.createElement("div");
  stage.className = "network-stage";
  const canvas = document.createElement("canvas");
  canvas.className = "widget-canvas network";
  canvas.setAttribute("role", "img");
  const targets = document.createElement("div");
  targets.className = "neuron-targets";
  targets.setAttribute("role", "group");
  targets.setAttribute("aria-label", "Neurons: focus one to see the weights it receives; arrow keys move between neurons and layers");
  stage.append(canvas, targets);

  const controls = document.createElement("div");
  controls.className = "widget-controls";
  const sizeFields = document.createElement("fieldset");
  sizeFields.className = "layer-sizes";
  const legend = document.createElement("legend");
  legend.textContent = "Neurons per layer";
  sizeFields.append(legend);
  const sizeList = document.createElement("div");
  sizeFields.append(sizeList);
  const buttons = document.createElement("div");
  buttons.className = "control buttons";
  const addButton = button(buttons, "Add hidden layer", { id: `${id}-add` });
  const removeButton = button(buttons, "Remove hidden layer", { id: `${id}-remove` });
  controls.append(sizeFields, buttons);
  layout.append(stage, controls);

  const caption = document.createElement("p");
  caption.className = "widget-update neuron-caption";
  caption.setAttribute("aria-live", "polite");
  const table = document.createElement("table");
  table.className = "shape-table";
  body.append(layout, caption, table);

  function buildSizeInputs() {
    sizeList.innerHTML = "";
    sizes.forEach((n, l) => {
      const input = numberInput(sizeList, { label: layerName(l, sizes.length), id: `${id}-size-${l}`,
        min: result.limits.min_size, max: result.limits.max_size, value: n });
      input.dataset.layer = String(l);
      input.addEventListener("input", (event) => {
        sizes[l] = input.value === "" ? input.value : Number(input.value);
        inputStarted = event.timeStamp;
        ctx.latest("evaluate", { sizes: [...sizes] }, accept);
      });
    });
  }

  function drawTable() {
    const rows = result.shapes.map((r) => `<tr><td>${r.layer}</td><td>${r.W[0]}</td>
      <td><code>W[${r.layer}]</code>: ${r.W[0]} × ${r.W[1]}</td><td><code>b[${r.layer}]</code>: ${r.b[0]} × ${r.b[1]}</td>
      <td>${r.W[0]}·${r.W[1]} + ${r.b[0]} = <strong data-field="params-${r.layer}">${r.params}</strong></td></tr>`).join("");
    table.innerHTML = `<caption>Shapes and parameters of each layer (the input layer, layer 0, has none)</caption>
      <thead><tr><th scope="col">Layer</th><th scope="col">Neurons</th><th scope="col">Weights</th>
      <th scope="col">Biases</th><th scope="col">Parameters</th></tr></thead><tbody>${rows}</tbody>
      <tfoot><tr><th scope="row" colspan="4">Total (${result.weights} weights + ${result.biases} biases)</th>
      <td><strong data-field="total">${result.total}</strong></td></tr></tfoot>`;
  }

  function placeTargets(plot) {
    targets.innerHTML = "";
    if (!(result.layout.positions[rover.layer] || [])[rover.index]) rover = { layer: 0, index: 0 };
    const size = Math.max(16, 2 * result.layout.radius * pixelsPerUnit(plot));
    result.layout.positions.forEach((column, l) => column.forEach(([x, y], j) => {
      const target = document.createElement("button");
      target.type = "button";
      target.className = "neuron-target";
      target.dataset.layer = String(l);
      target.dataset.index = String(j);
      target.setAttribute("aria-label", result.neurons[l][j]);
      target.tabIndex = l === rover.layer && j === rover.index ? 0 : -1;
      Object.assign(target.style, { left: `${plot.px(x) - size / 2}px`, top: `${plot.py(y) - size / 2}px`,
        width: `${size}px`, height: `${size}px` });
      const show = () => { highlight = { layer: l, index: j }; caption.textContent = result.neurons[l][j]; paint(); };
      target.addEventListener("focus", () => {
        for (const other of targets.children) other.tabIndex = other === target ? 0 : -1;
        rover = { layer: l, index: j };
      });
      const hide = () => { if (highlight && highlight.layer === l && highlight.index === j) { highlight = null; paint(); } };
      target.addEventListener("mouseenter", show);
      target.addEventListener("focus", show);
      target.addEventListener("mouseleave", hide);
      target.addEventListener("blur", hide);
      targets.append(target);
    }));
  }

  const MOVES = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0], Home: [0, -Infinity], End: [0, Infinity] };
  targets.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const columns = result.layout.positions;
    const layer = Math.min(columns.length - 1, Math.max(0, rover.layer + move[0]));
    const index = Math.min(columns[layer].length - 1, Math.max(0, rover.index + move[1]));
    targets.querySelector(`[data-layer="${layer}"][data-index="${index}"]`).focus();
  });

  function paint() {
    const plot = new Plot(canvas, result.layout.box, { padding: 12 });
    plot.clear();
    const count = result.state.sizes.length;
    drawNetwork(plot, result.layout, { highlight,
      columnLabels: result.state.sizes.map((n, l) => (l === 0 ? "input" : l === count - 1 ? "output" : `hidden ${l}`)) });
    return plot;
  }

  function draw() {
    const plot = paint();
    placeTargets(plot);
    drawTable();
    canvas.setAttribute("aria-label", result.description);
    addButton.disabled = result.state.sizes.length >= result.limits.max_layers;
    removeButton.disabled = result.state.sizes.length <= result.limits.min_layers;
    if (inputStarted !== null) { recordRedraw(NAME, inputStarted); inputStarted = null; }
  }

  function accept(next) {
    result = next;
    if (highlight && !(result.layout.positions[highlight.layer] || [])[highlight.index]) highlight = null;
    caption.textContent = highlight ? result.neurons[highlight.layer][highlight.index] : "";
    draw();
    writeUrlState(id, URL_TABLE, { sizes: result.state.sizes });
  }

  // Adding or removing a layer rebuilds the inputs at once (so quick clicks add up); if the
  // engine refuses the sizes, its reason stays on screen and the last accepted sizes come back.
  async function setLayers(candidate) {
    sizes = [...candidate];
    buildSizeInputs();
    const next = await ctx.call("evaluate", { sizes: candidate });
    if (next) accept(next);
    else if (sizes.length === candidate.length && sizes.every((n, i) => n === candidate[i])) {
      sizes = [...result.state.sizes];
      buildSizeInputs();
    }
  }
  // A new hidden layer goes just before the output, as wide as the layer before it.
  addButton.addEventListener("click", () => setLayers([...sizes.slice(0, -1), sizes[sizes.length - 2], sizes[sizes.length - 1]]));
  removeButton.addEventListener("click", () => setLayers([...sizes.slice(0, -2), sizes[sizes.length - 1]]));

  buildSizeInputs();
  draw();
  const fromUrl = readUrlState(id, URL_TABLE);
  if (fromUrl.sizes) ctx.onLive(() => setLayers(fromUrl.sizes));
  // The worker imports numpy and this widget's module on its first call, which can take seconds;
  // make that call as soon as the engine is live rather than on the reader's first move.
  else ctx.onLive(() => ctx.call("evaluate", { sizes: result.state.sizes }));
  window.addEventListener("resize", () => placeTargets(paint()));
}
