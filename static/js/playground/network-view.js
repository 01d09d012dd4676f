// The playground's drawn network: every neuron as a small heat map of its own output, links whose
// width and colour show each weight's size and sign, hover to read a value, click a link to edit
// its weight, +/− to add and remove layers and neurons, and each layer's gradient norm.
// The DOM is rebuilt only when the architecture changes; a frame only updates colours and widths.
import { decode, paintGrid, POSITIVE, NEGATIVE, rgb } from "./heatmap.js";

const NODE = 30, ROW = 40, WIDEST_COLUMN = 96, NARROWEST_COLUMN = 36, TOP = 58, LEFT = 44;
const SVG = "http://www.w3.org/2000/svg";

function node(tag, className, text) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (text != null) n.textContent = text;
  return n;
}
const fmt = (v, d = 3) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(d));

export class NetworkView {
  /** onEdit(layer, to, from, current), onLayers(list of hidden sizes), onHover(text|null) */
  constructor(host, { onEdit, onLayers, maxLayers = 6, maxNeurons = 8 }) {
    this.host = host;
    this.onEdit = onEdit;
    this.onLayers = onLayers;
    this.max = { layers: maxLayers, neurons: maxNeurons };
    this.signature = "";
    this.tip = node("div", "pg-tip");
    this.tip.hidden = true;
    this.tip.setAttribute("role", "status");
  }

  x(column) { return LEFT + column * this.column; }
  y(row, count, tallest) { return TOP + (row + (tallest - count) / 2) * ROW; }

  build(result, room) {
    const sizes = [result.features.length, ...result.sizes.slice(1)];
    // Columns as far apart as the room allows (a phone gets them closer), never closer than a node.
    const free = room - 42 - LEFT - NODE - 40; // 42: the margin the input labels sit in (.pg-net)
    this.column = Math.max(NARROWEST_COLUMN, Math.min(WIDEST_COLUMN, Math.floor(free / Math.max(1, sizes.length - 1))));
    this.sizes = sizes;
    this.features = result.features;
    const tallest = Math.max(...sizes);
    const width = this.x(sizes.length - 1) + NODE + 30, height = TOP + tallest * ROW + 26;
    const box = node("div", "pg-net");
    box.style.width = `${width}px`;
    box.style.height = `${height}px`;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("class", "pg-links");
    this.links = [];
    this.centres = sizes.map((n, c) => Array.from({ length: n }, (_, r) => [this.x(c) + NODE / 2, this.y(r, n, tallest) + NODE / 2]));
    for (let l = 1; l < sizes.length; l++) {
      const row = [];
      for (let to = 0; to < sizes[l]; to++) {
        for (let from = 0; from < sizes[l - 1]; from++) {
          const [x0, y0] = this.centres[l - 1][from], [x1, y1] = this.centres[l][to];
          const path = document.createElementNS(SVG, "path");
          const mid = (x0 + x1) / 2;
          path.setAttribute("d", `M${x0 + NODE / 2},${y0} C${mid},${y0} ${mid},${y1} ${x1 - NODE / 2},${y1}`);
          path.dataset.layer = l; path.dataset.to = to; path.dataset.from = from;
          path.setAttribute("class", "pg-link");
          svg.append(path);
          row.push(path);
        }
      }
      this.links.push(row);
    }
    svg.addEventListener("mouseover", (e) => this.hoverLink(e));
    svg.addEventListener("mouseout", () => { this.tip.hidden = true; });
    svg.addEventListener("click", (e) => {
      const p = e.target.closest("path");
      if (p) this.onEdit(Number(p.dataset.layer), Number(p.dataset.to), Number(p.dataset.from), this.weight(p));
    });
    box.append(svg);
    this.thumbs = [];
    sizes.forEach((n, c) => {
      const column = [];
      for (let r = 0; r < n; r++) {
        const canvas = node("canvas", "pg-neuron");
        const last = c === sizes.length - 1;
        canvas.width = canvas.height = last ? result.grid.output : result.grid.thumb;
        const [cx, cy] = this.centres[c][r];
        canvas.style.left = `${cx - NODE / 2}px`;
        canvas.style.top = `${cy - NODE / 2}px`;
        canvas.dataset.column = c; canvas.dataset.row = r;
        canvas.addEventListener("mouseenter", () => this.hoverNeuron(c, r));
        canvas.addEventListener("mouseleave", () => { this.tip.hidden = true; });
        box.append(canvas);
        column.push(canvas);
        if (c === 0) {
          const label = node("span", "pg-feature", this.features[r]);
          label.style.top = `${cy - 9}px`;
          label.style.right = `${width - (cx - NODE / 2) + 4}px`;
          box.append(label);
        }
      }
      this.thumbs.push(column);
    });
    this.norms = [];
    const hidden = sizes.slice(1, -1);
    sizes.forEach((n, c) => {
      const head = node("div", "pg-col-head");
      const span = Math.min(NODE + 60, this.column);
      head.style.left = `${this.x(c) + NODE / 2 - span / 2}px`;
      head.style.width = `${span}px`;
      if (c === 0) head.append(node("span", "", "Inputs"));
      else if (c === sizes.length - 1) head.append(node("span", "", "Output"));
      else {
        const h = c - 1;
        const minus = node("button", "pg-small", "−"), plus = node("button", "pg-small", "+");
        minus.type = plus.type = "button";
        minus.setAttribute("aria-label", `Remove a neuron from hidden layer ${c}`);
        plus.setAttribute("aria-label", `Add a neuron to hidden layer ${c}`);
        minus.disabled = hidden[h] <= 1;
        plus.disabled = hidden[h] >= this.max.neurons;
        minus.addEventListener("click", () => this.onLayers(hidden.map((v, i) => (i === h ? v - 1 : v))));
        plus.addEventListener("click", () => this.onLayers(hidden.map((v, i) => (i === h ? v + 1 : v))));
        head.append(minus, node("span", "", `${hidden[h]}`), plus);
      }
      if (c > 0) {
        const norm = node("span", "pg-norm");
        norm.title = `Size of the gradient of the loss with respect to layer ${c}'s weights`;
        head.append(norm);
        this.norms.push(norm);
      }
      box.append(head);
    });
    const layerButtons = node("div", "pg-layer-buttons");
    const less = node("button", "", "− layer"), more = node("button", "", "+ layer");
    less.type = more.type = "button";
    less.disabled = hidden.length === 0;
    more.disabled = hidden.length >= this.max.layers;
    less.addEventListener("click", () => this.onLayers(hidden.slice(0, -1)));
    more.addEventListener("click", () => this.onLayers([...hidden, hidden.length ? hidden[hidden.length - 1] : 2]));
    layerButtons.append(less, node("span", "", `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}`), more);
    this.host.replaceChildren(layerButtons, box, this.tip);
    this.box = box;
  }

  weight(path) {
    const w = this.result.weights[path.dataset.layer - 1].W;
    return w[path.dataset.to][path.dataset.from];
  }

  hoverLink(event) {
    const p = event.target.closest("path");
    if (!p) return;
    const l = Number(p.dataset.layer);
    const from = l === 1 ? this.features[p.dataset.from] : `neuron ${Number(p.dataset.from) + 1} of layer ${l - 1}`;
    const to = l === this.sizes.length - 1 ? "the output" : `neuron ${Number(p.dataset.to) + 1} of layer ${l}`;
    this.showTip(`Weight ${fmt(this.weight(p))} from ${from} to ${to} (click to edit)`, p);
  }

  hoverNeuron(c, r) {
    if (c === 0) { this.showTip(`Input ${this.features[r]}`, this.thumbs[c][r]); return; }
    const b = this.result.weights[c - 1].b[r];
    const what = c === this.sizes.length - 1 ? "Output" : `Neuron ${r + 1} of layer ${c}`;
    this.showTip(`${what}: bias ${fmt(b)}`, this.thumbs[c][r]);
  }

  showTip(text, anchor) {
    this.tip.textContent = text;
    this.tip.hidden = false;
    const a = anchor.getBoundingClientRect(), h = this.host.getBoundingClientRect();
    this.tip.style.left = `${Math.max(0, a.left - h.left + this.host.scrollLeft)}px`;
    this.tip.style.top = `${a.bottom - h.top + 4}px`;
  }

  update(result, { discretize = false } = {}) {
    if (!result.features) return;
    const room = Math.round(this.host.clientWidth || 600);
    const signature = JSON.stringify([result.features, result.sizes, room]);
    if (signature !== this.signature) { this.signature = signature; this.build(result, room); }
    this.result = result;
    // Links: width by |w| (TensorFlow Playground's scale), colour by sign. An attribute is set only when
    // its text changes (opacity in steps of 1/100): the largest network has 393 links, and setting all
    // 786 attributes at 30 frames a second cost the main thread more than the rest of the frame.
    result.weights.forEach(({ W }, i) => {
      const paths = this.links[i];
      let k = 0;
      for (let to = 0; to < W.length; to++) {
        for (let from = 0; from < W[to].length; from++) {
          const w = W[to][from];
          const p = paths[k++];
          const width = Math.min(8, 0.6 + Math.abs(w) * 1.6).toFixed(2);
          const stroke = rgb(w >= 0 ? POSITIVE : NEGATIVE, Math.min(1, 0.25 + Math.abs(w) / 2).toFixed(2));
          if (p.pgWidth !== width) { p.pgWidth = width; p.setAttribute("stroke-width", width); }
          if (p.pgStroke !== stroke) { p.pgStroke = stroke; p.setAttribute("stroke", stroke); }
        }
      }
    });
    const grids = result.neurons;
    for (let c = 0; c < grids.length; c++) {
      for (let r = 0; r < grids[c].length; r++) {
        const canvas = this.thumbs[c][r];
        const n = result.grid.thumb;
        paintGrid(canvas.getContext("2d"), decode(grids[c][r]), n, 0, 0, n, n);
      }
    }
    const out = this.thumbs[this.thumbs.length - 1];
    const n = result.grid.output;
    const winner = result.winner ? decode(result.winner) : null;
    for (const canvas of out) paintGrid(canvas.getContext("2d"), decode(result.output), n, 0, 0, n, n, { winner, classes: result.classCount, discretize });
    (result.grad_norms || []).forEach((g, i) => { if (this.norms[i]) this.norms[i].textContent = `‖∇W‖ ${fmt(g, 3)}`; });
  }
}
