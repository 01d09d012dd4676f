// The backpropagation stepper (chapter 7): a 2-2-1 (or 2-3-1) sigmoid network whose forward
// values, loss, errors δ, gradients and update appear stage by stage, on the drawing and in a
// text list. The engine (engine/widgets/backprop/) computes every number and every position;
// this file reveals them stage by stage. Controls and URL state come from the figure mount.
import { Plot, COLORS } from "../draw.js";
import { sig, textLines, text } from "../draw-annotations.js";
import { TrainLoop } from "../train-loop.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const DIRECTION_COLORS = { forward: COLORS.one, backward: COLORS.zero, update: COLORS.good, none: COLORS.ink };
const AUTO_MS = 1400;

function button(parent, label, id) {
  const b = el("button", "", label);
  b.type = "button";
  b.id = id;
  parent.append(b);
  return b;
}

function drawDiagram(p, result) {
  const d = result.diagram;
  const plot = p.plot;
  plot.box = d.box;
  plot.clear();
  const current = result.stages[p.stage];
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
  for (const node of d.nodes) {
    plot.point(node.x, node.y, { radius: plot.px(node.x + d.radius) - plot.px(node.x), fill: node.id.startsWith("in") ? COLORS.inputFill : COLORS.paper, stroke: COLORS.ink, width: 1.5 });
    const name = node.id.startsWith("in") ? `x${"₁₂"[Number(node.id.slice(3))]}` : node.id === "out" ? "ŷ" : `h${"₁₂₃"[Number(node.id.slice(2))]}`;
    text(plot, node.x, node.y, name, { align: "center", font: `${size + 1}px system-ui, sans-serif` });
  }
  // On a narrow canvas only the current stage's numbers fit; the list below always holds them all.
  const shown = result.entries.filter((e) => (narrow ? e.stage === p.stage : e.stage <= p.stage));
  const anchors = new Map();
  for (const e of shown) (anchors.get(e.anchor) || anchors.set(e.anchor, []).get(e.anchor)).push(e);
  const color = DIRECTION_COLORS[current.direction];
  for (const [anchor, entries] of anchors) {
    const rows = [];
    for (const e of entries) (rows[e.row] ||= []).push(e);
    const lines = rows.filter(Boolean).map((row) => {
      const now = row.some((e) => e.stage === p.stage && p.stage > 0);
      return { text: row.map((e) => (e.prefix ? `${e.prefix} ${sig(e.value, digits)}` : sig(e.value, digits))).join("  "),
        bold: now, color: now ? color : COLORS.ink };
    });
    if (where[anchor]) {
      const node = where[anchor];
      textLines(plot, node.text_at[0], node.text_at[1], lines, { align: node.align, size });
    } else {
      const edge = d.edges.find((e) => e.id === anchor);
      const [lx, ly] = edge ? edge.label_at : d.anchors[anchor];
      textLines(plot, lx, ly, lines, { align: "center", size, dy: -size });
    }
  }
}

function renderList(list, result, stage) {
  list.replaceChildren();
  for (let i = 0; i <= stage; i++) {
    const li = el("li");
    li.dataset.stage = String(i);
    li.append(el("strong", "", `${result.stages[i].title}: `));
    const items = result.entries.filter((e) => e.stage === i);
    items.forEach((e, k) => {
      const span = el("span", "", `${e.label} = ${sig(e.value)}`);
      span.dataset.key = e.key;
      li.append(span, document.createTextNode(k < items.length - 1 ? "; " : "."));
    });
    list.append(li);
  }
}

function showCheck(box, r) {
  box.replaceChildren();
  const table = el("table", "backprop-check-table");
  table.append(el("caption", "", `Gradient check: backpropagation against central differences (ε = 10⁻⁶). Largest relative error ${sig(r.max_entry_error, 2)}${r.passed ? " — all agree." : " — MISMATCH."}`));
  const head = el("tr");
  for (const h of ["gradient", "backprop", "finite difference", "relative error"]) head.append(el("th", "", h));
  table.append(head);
  for (const row of r.rows) {
    const tr = el("tr");
    tr.append(el("th", "", row.label), el("td", "", sig(row.backprop, 6)), el("td", "", sig(row.numeric, 6)), el("td", "", sig(row.relative_error, 2)));
    table.append(tr);
  }
  box.append(table);
}

export default {
  setup(ctx) {
    const c = canvas("backprop-canvas");
    const caption = liveLine("backprop-stage");
    const stepper = el("div", "control buttons backprop-stepper");
    const previous = button(stepper, "Previous", `${ctx.id}-previous`);
    const next = button(stepper, "Next", `${ctx.id}-next`);
    const auto = button(stepper, "Auto", `${ctx.id}-auto`);
    const apply = button(stepper, "Apply update", `${ctx.id}-apply`);
    const check = button(stepper, "Check gradients", `${ctx.id}-check`);
    ctx.controls.classList.add("backprop-controls");
    const more = el("div", "control buttons");
    const reseed = button(more, "New random weights", `${ctx.id}-reseed`);
    const reset = button(more, "Reset", `${ctx.id}-reset`);
    ctx.controls.append(more);
    const list = el("ol", "backprop-list");
    // Not a heading: the figure sits under the chapter's h2 or h3, and an h4 there skipped a level.
    const listHeading = el("p", "backprop-list-heading", "Every number so far");
    listHeading.id = `${ctx.id}-list-heading`;
    list.setAttribute("aria-labelledby", listHeading.id);
    const checkBox = liveLine("backprop-check");
    const message = liveLine("widget-message");
    ctx.body.append(c, caption, stepper, message, checkBox, ctx.controls, listHeading, list);
    const p = { canvas: c, caption, previous, next, auto, apply, check, list, checkBox, message, stage: 0, freshStage: false, note: "",
      plot: new Plot(c, ctx.result.diagram.box, { padding: 2 }) };
    ctx.parts = p;
    const last = () => ctx.result.stages.length - 1;
    const goTo = (k) => {
      p.stage = Math.max(0, Math.min(last(), k));
      p.note = "";
      ctx.values.step = p.stage; // the stage shown is part of a shared link
      ctx.redraw();
      ctx.save();
      ctx.announce(p.caption.textContent); // one summary per step (Auto steps every AUTO_MS, over a second)
    };
    p.loop = new TrainLoop(auto, { label: "Auto", delay: () => AUTO_MS,
      tick: async () => { goTo(p.stage + 1); return p.stage < last(); } });
    // Auto from the last step starts over (this runs before the loop sees the click).
    auto.addEventListener("click", () => { if (!p.loop.running && p.stage === last()) goTo(0); }, { capture: true });
    previous.addEventListener("click", () => { p.loop.stop(); goTo(p.stage - 1); });
    next.addEventListener("click", () => { p.loop.stop(); goTo(p.stage + 1); });
    apply.addEventListener("click", async () => {
      p.loop.stop();
      const before = ctx.result.loss;
      p.freshStage = true;
      const r = await ctx.run("apply", { state: ctx.result.state });
      p.freshStage = false;
      if (!r) return;
      // Say only what the buttons now allow: the stepper is back at its first step.
      p.note = `New weights in place: the loss went from ${sig(before)} to ${sig(r.loss)}. `
        + "Press Next to step through the new numbers; Apply update comes back at the last step.";
      ctx.say(message, p.note, "success");
    });
    check.addEventListener("click", async () => {
      const asked = ctx.result;
      const r = await ctx.call("check", { state: ctx.result.state });
      if (r && asked === ctx.result) showCheck(checkBox, r); // else the network changed meanwhile: the table would be stale
    });
    reseed.addEventListener("click", (event) => {
      p.freshStage = true;
      ctx.control("weights").set("random");
      ctx.values.weights = "random";
      ctx.setValue("seed", (ctx.result.state.seed + 1) % 2147483647, event);
    });
    reset.addEventListener("click", () => {
      p.freshStage = true;
      for (const o of ctx.table) ctx.control(o.name)?.set(ctx.start[o.name]);
      ctx.restart({ ...ctx.start });
    });
  },

  values: (r) => ({ hidden: r.state.hidden, weights: r.state.weights, seed: r.state.seed, x1: r.state.x[0], x2: r.state.x[1],
    y: r.state.y, loss: r.state.loss, eta: r.state.eta }),

  // The example, the loss and η keep the weights (the engine recomputes every number); the
  // network's size or its starting weights start again from fresh weights.
  request(ctx, name) {
    const v = ctx.values;
    ctx.parts.loop.stop();
    if (["x1", "x2", "y", "loss", "eta"].includes(name)) {
      return { call: "evaluate", args: { state: { ...ctx.result.state, x: [v.x1, v.x2], y: v.y, loss: v.loss, eta: v.eta } } };
    }
    // The chapter's example has two hidden units: 3 hidden units need random weights, and back.
    if (name === "hidden" && v.hidden === 3) { v.weights = "random"; ctx.control("weights").set("random"); }
    if (name === "weights" && v.weights === "example") { v.hidden = 2; ctx.control("hidden").set(2); }
    ctx.parts.freshStage = true;
    return null;
  },

  // A shared link: show its stage; ask the engine only when the network or example differ.
  fromUrl(ctx, values) {
    ctx.parts.stage = values.step || 0;
    const differs = ctx.table.some((o) => o.name !== "step" && JSON.stringify(values[o.name]) !== JSON.stringify(ctx.values[o.name]));
    return differs ? null : false;
  },

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  // The network in words, then the step shown: the canvas and the figure's label follow the stepper.
  describe(ctx, result) {
    const stage = Math.min(ctx.parts.stage, result.stages.length - 1);
    const current = result.stages[stage];
    return `${result.description} Step ${stage + 1} of ${result.stages.length}: ${current.title}. ${current.text}`;
  },

  draw(ctx, result) {
    const p = ctx.parts;
    const d = result.diagram;
    if (p.freshStage) { p.stage = 0; p.freshStage = false; p.checkBox.replaceChildren(); ctx.values.step = 0; }
    p.stage = Math.min(p.stage, result.stages.length - 1);
    const aspect = `${d.box[1] - d.box[0]} / ${d.box[3] - d.box[2]}`; // one unit as long in x as in y
    if (p.canvas.style.aspectRatio !== aspect) { p.canvas.style.aspectRatio = aspect; p.plot.resize(); }
    drawDiagram(p, result);
    const current = result.stages[p.stage];
    p.caption.replaceChildren(el("strong", "", `Step ${p.stage + 1} of ${result.stages.length}${result.state.round ? ` (round ${result.state.round + 1})` : ""}: ${current.title}. `),
      document.createTextNode(current.text));
    p.previous.disabled = p.stage === 0;
    p.next.disabled = p.stage === result.stages.length - 1;
    p.apply.disabled = p.stage !== result.stages.length - 1;
    p.apply.title = p.apply.disabled ? "Step to the last stage (the update) first" : "";
    renderList(p.list, result, p.stage);
    ctx.say(p.message, p.note, "success");
  },
};
