// The backpropagation stepper (chapter 7): a 2-2-1 (or 2-3-1) sigmoid network whose forward
// values, loss, errors δ, gradients and update appear stage by stage, on the drawing and in a
// text list. The engine (engine/demos/backprop_demo.py) computes every number and every
// position; this file reveals them and reads the reader's input.
import { Plot, COLORS, slider, button, select, recordRedraw } from "../draw.js";
import { sig, textLines, text } from "../draw-annotations.js";
import { readUrlState, writeUrlState } from "../url-state.js";

const URL_TABLE = [
  { key: "hidden", type: "int", min: 2, max: 3 },
  { key: "weights", type: "choice", choices: ["example", "random"] },
  { key: "seed", type: "int", min: 0, max: 2147483647 },
  { key: "x1", type: "number", min: -5, max: 5 },
  { key: "x2", type: "number", min: -5, max: 5 },
  { key: "y", type: "int", min: 0, max: 1 },
  { key: "loss", type: "choice", choices: ["bce", "mse"] },
  { key: "eta", type: "number", min: 0.01, max: 5 },
  { key: "step", type: "int", min: 0, max: 8 },
];
const DIRECTION_COLORS = { forward: COLORS.one, backward: COLORS.zero, update: COLORS.good, none: COLORS.ink };
const AUTO_MS = 1400;

function element(tag, className, textContent) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (textContent) el.textContent = textContent;
  return el;
}

export function mount(ctx) {
  const { body, id } = ctx;
  let result = ctx.initial;
  let stage = 0;
  let auto = null;

  body.innerHTML = "";
  const canvas = element("canvas", "widget-canvas backprop-canvas");
  canvas.setAttribute("role", "img");
  const caption = element("p", "backprop-stage");
  caption.setAttribute("aria-live", "polite");
  const stepper = element("div", "control buttons backprop-stepper");
  const previous = button(stepper, "Previous", { id: `${id}-previous` });
  const next = button(stepper, "Next", { id: `${id}-next` });
  const autoButton = button(stepper, "Auto", { id: `${id}-auto` });
  const applyButton = button(stepper, "Apply update", { id: `${id}-apply` });
  const checkButton = button(stepper, "Check gradients", { id: `${id}-check` });

  const controls = element("div", "widget-controls backprop-controls");
  const s = result.state;
  const hidden = select(controls, { label: "Hidden units", id: `${id}-hidden`, value: String(s.hidden),
    options: [["2", "2 (2-2-1)"], ["3", "3 (2-3-1)"]] });
  const weights = select(controls, { label: "Start weights", id: `${id}-weights`, value: s.weights,
    options: [["example", "the chapter's example"], ["random", "random (Xavier, seeded)"]] });
  const x1 = slider(controls, { label: "input x₁", id: `${id}-x1`, min: -3, max: 3, step: 0.1, value: s.x[0] });
  const x2 = slider(controls, { label: "input x₂", id: `${id}-x2`, min: -3, max: 3, step: 0.1, value: s.x[1] });
  const y = select(controls, { label: "label y", id: `${id}-y`, value: String(s.y), options: [["1", "1"], ["0", "0"]] });
  const loss = select(controls, { label: "Loss", id: `${id}-loss`, value: s.loss,
    options: [["bce", "cross-entropy"], ["mse", "squared error"]] });
  const eta = slider(controls, { label: "learning rate η", id: `${id}-eta`, min: 0.01, max: 2, step: 0.01, value: s.eta });
  const more = element("div", "control buttons");
  controls.append(more);
  const reseed = button(more, "New random weights", { id: `${id}-reseed` });
  const resetButton = button(more, "Reset", { id: `${id}-reset` });

  const listHeading = element("h4", "backprop-list-heading", "Every number so far");
  const list = element("ol", "backprop-list");
  const checkBox = element("div", "backprop-check");
  checkBox.setAttribute("aria-live", "polite");
  const message = element("p", "widget-message");
  message.setAttribute("aria-live", "polite");
  body.append(canvas, caption, stepper, message, checkBox, controls, listHeading, list);

  // On a narrow canvas only the current stage's numbers fit; the list below always holds them all.
  function shown(narrow) { return result.entries.filter((e) => (narrow ? e.stage === stage : e.stage <= stage)); }

  function draw() {
    const d = result.diagram;
    canvas.style.aspectRatio = `${d.box[1] - d.box[0]} / ${d.box[3] - d.box[2]}`; // one unit as long in x as in y
    const plot = new Plot(canvas, d.box, { padding: 2 });
    plot.clear();
    const current = result.stages[stage];
    const narrow = plot.width < 520;
    const digits = narrow ? 3 : 4;
    const size = narrow ? 9.5 : 11;
    const where = Object.fromEntries(d.nodes.map((n) => [n.id, n]));
    for (const edge of d.edges) {
      const a = where[edge.from], b = where[edge.to];
      const layer = edge.id.startsWith("w1") ? 1 : 2;
      const active = current.direction === "update" || current.layer === layer;
      plot.line([[a.x, a.y], [b.x, b.y]], { color: active ? DIRECTION_COLORS[current.direction] : COLORS.grid, width: active ? 2.5 : 1.5 });
    }
    const r = d.radius;
    for (const node of d.nodes) {
      plot.point(node.x, node.y, { radius: plot.px(node.x + r) - plot.px(node.x), fill: node.id.startsWith("in") ? "#eef2f9" : "#fff", stroke: COLORS.ink, width: 1.5 });
      const name = node.id.startsWith("in") ? `x${"₁₂"[Number(node.id.slice(3))]}` : node.id === "out" ? "ŷ" : `h${"₁₂₃"[Number(node.id.slice(2))]}`;
      text(plot, node.x, node.y, name, { align: "center", font: `${size + 1}px system-ui, sans-serif` });
    }
    // Numbers: per anchor, one line per row, the current stage's in colour and bold.
    const anchors = new Map();
    for (const e of shown(narrow)) {
      if (!anchors.has(e.anchor)) anchors.set(e.anchor, []);
      anchors.get(e.anchor).push(e);
    }
    const color = DIRECTION_COLORS[current.direction];
    for (const [anchor, entries] of anchors) {
      const rows = [];
      for (const e of entries) (rows[e.row] ||= []).push(e);
      const lines = rows.filter(Boolean).map((row) => ({
        text: row.map((e) => (e.prefix ? `${e.prefix} ${sig(e.value, digits)}` : sig(e.value, digits))).join("  "),
        bold: row.some((e) => e.stage === stage && stage > 0),
        color: row.some((e) => e.stage === stage && stage > 0) ? color : COLORS.ink,
      }));
      if (where[anchor]) {
        const node = where[anchor];
        const [tx, ty] = node.text_at;
        textLines(plot, tx, ty, lines, { align: node.align, size });
      } else {
        const edge = d.edges.find((e) => e.id === anchor);
        const [lx, ly] = edge ? edge.label_at : d.anchors[anchor];
        textLines(plot, lx, ly, lines, { align: "center", size, dy: -size });
      }
    }
  }

  function renderList() {
    list.innerHTML = "";
    for (let i = 0; i <= stage; i++) {
      const li = element("li");
      li.dataset.stage = String(i);
      li.append(element("strong", "", `${result.stages[i].title}: `));
      const items = result.entries.filter((e) => e.stage === i);
      items.forEach((e, k) => {
        const span = element("span", "", `${e.label} = ${sig(e.value)}`);
        span.dataset.key = e.key;
        li.append(span, document.createTextNode(k < items.length - 1 ? "; " : "."));
      });
      list.append(li);
    }
  }

  function render() {
    const current = result.stages[stage];
    caption.innerHTML = "";
    caption.append(element("strong", "", `Step ${stage + 1} of ${result.stages.length}${result.state.round ? ` (round ${result.state.round + 1})` : ""}: ${current.title}. `),
      document.createTextNode(current.text));
    previous.disabled = stage === 0;
    next.disabled = stage === result.stages.length - 1;
    applyButton.disabled = stage !== result.stages.length - 1;
    canvas.setAttribute("aria-label", result.description);
    draw();
    renderList();
  }

  function settings() {
    return { hidden: Number(hidden.value), weights: weights.value, seed: result.state.seed, x1: Number(x1.value), x2: Number(x2.value),
      y: Number(y.value), loss: loss.value, eta: Number(eta.value) };
  }

  function saveUrl() { writeUrlState(id, URL_TABLE, { ...settings(), step: stage }); }

  // `syncControls` is false when the reader's own slider asked: an older reply must not move it back.
  function show(next, { keepStage = true, syncControls = true } = {}) {
    result = next;
    if (!keepStage) stage = 0;
    const st = result.state;
    if (syncControls) {
      hidden.value = String(st.hidden); weights.value = st.weights; y.value = String(st.y); loss.value = st.loss;
      x1.setOutput(st.x[0]); x2.setOutput(st.x[1]); eta.setOutput(st.eta);
    }
    checkBox.innerHTML = "";
    message.textContent = "";
    render();
    saveUrl();
  }

  function goTo(k) {
    stage = Math.max(0, Math.min(result.stages.length - 1, k));
    render();
    saveUrl();
  }

  function stopAuto() { if (auto) { clearInterval(auto); auto = null; autoButton.textContent = "Auto"; } }

  previous.addEventListener("click", () => { stopAuto(); goTo(stage - 1); });
  next.addEventListener("click", () => { stopAuto(); goTo(stage + 1); });
  autoButton.addEventListener("click", () => {
    if (auto) { stopAuto(); return; }
    if (stage === result.stages.length - 1) goTo(0);
    autoButton.textContent = "Pause";
    auto = setInterval(() => {
      goTo(stage + 1);
      if (stage === result.stages.length - 1) stopAuto();
    }, AUTO_MS);
  });

  applyButton.addEventListener("click", async () => {
    stopAuto();
    const r = await ctx.call("apply", { state: result.state });
    if (!r) return;
    const before = result.loss;
    show(r, { keepStage: false });
    message.textContent = `New weights in place: the loss went from ${sig(before)} to ${sig(r.loss)}. Step through again, or apply another update.`;
  });

  checkButton.addEventListener("click", async () => {
    const asked = result;
    const r = await ctx.call("check", { state: result.state });
    if (!r || asked !== result) return; // the network changed while the check ran: its table would be stale
    checkBox.innerHTML = "";
    const table = element("table", "backprop-check-table");
    const cap = element("caption", "", `Gradient check: backpropagation against central differences (ε = 10⁻⁶). Largest relative error ${sig(r.max_entry_error, 2)}${r.passed ? " — all agree." : " — MISMATCH."}`);
    table.append(cap);
    const head = element("tr");
    for (const h of ["gradient", "backprop", "finite difference", "relative error"]) head.append(element("th", "", h));
    table.append(head);
    for (const row of r.rows) {
      const tr = element("tr");
      tr.append(element("th", "", row.label), element("td", "", sig(row.backprop, 6)), element("td", "", sig(row.numeric, 6)),
        element("td", "", sig(row.relative_error, 2)));
      table.append(tr);
    }
    checkBox.append(table);
  });

  // Changing the example, the loss or η keeps the weights; the engine recomputes every number.
  const recompute = (event) => {
    stopAuto();
    const st = { ...result.state, x: [Number(x1.value), Number(x2.value)], y: Number(y.value), loss: loss.value, eta: Number(eta.value) };
    ctx.latest("evaluate", { state: st }, (r) => { show(r, { syncControls: false }); recordRedraw("backprop", event.timeStamp); });
  };
  for (const input of [x1, x2, eta]) input.addEventListener("input", recompute);
  for (const input of [y, loss]) input.addEventListener("change", recompute);

  // Changing the network or its starting weights starts again from fresh weights.
  async function restart(options) {
    stopAuto();
    const r = await ctx.call("reset", { options });
    if (r) show(r);
  }
  hidden.addEventListener("change", () => {
    if (hidden.value === "3") weights.value = "random"; // the chapter's example has two hidden units
    restart(settings());
  });
  weights.addEventListener("change", () => {
    if (weights.value === "example") hidden.value = "2";
    restart(settings());
  });
  reseed.addEventListener("click", () => {
    weights.value = "random";
    restart({ ...settings(), weights: "random", seed: (result.state.seed + 1) % 2147483647 });
  });
  resetButton.addEventListener("click", () => { stage = 0; restart({ ...ctx.options }); });

  const fromUrl = readUrlState(id, URL_TABLE);
  if (fromUrl.step !== undefined) stage = fromUrl.step;
  render();
  const { step, ...options } = fromUrl;
  if (Object.keys(options).length) ctx.onLive(() => restart({ ...settings(), ...options }));
  window.addEventListener("resize", draw);
}
