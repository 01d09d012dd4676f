// The playground figure (chapter 8 and /playground): TensorFlow Playground on the book's engine.
// Every number comes from engine/widgets/playground/ in the worker; this file draws frames and
// reads input. Its controls, URL and first frame come from the figure mount (option table).
//
// Play runs its own pipelined loop: as soon as a train reply arrives the next request goes out,
// and the latest reply is drawn on the next animation frame, so the worker trains while the
// page draws. The run stays in the worker between calls (its `session`); on the server
// fallback Play trains in a server job that streams its frames (playground/server-train.js),
// and Step carries the run's exported model instead (the stateless form).
import { el, liveLine } from "../draw-figure.js";
import { decode, paintGrid, CLASS_COLORS, POSITIVE, NEGATIVE, rgb } from "../playground/heatmap.js";
import { NetworkView } from "../playground/network-view.js";
import { drawLossChart } from "../playground/loss-chart.js";
import { recordRedraw } from "../bench-hooks.js";
import { wireOwnData, wireModelFiles, wireWeightEditor } from "../playground/panels.js";
import { serverTrainer } from "../playground/server-train.js";
import { STATIC, siteUrl } from "../site.js";
import { CallSizer } from "../playground/call-sizer.js";

const SLOTS = {
  dataset: "data", classes: "data", noise: "data", train_ratio: "data", points: "data", batch: "data", seed: "data",
  f_x1: "features", f_x2: "features", f_x1sq: "features", f_x2sq: "features", f_x1x2: "features", f_sinx1: "features", f_sinx2: "features",
  activation: "network", init: "network", batch_norm: "network", dropout: "network",
  lr: "training", optimizer: "training", schedule: "training", regularization: "training", reg_rate: "training",
  early_stop: "training", patience: "training", show_test: "view", discretize: "view",
};

function group(title, slot) {
  const box = el("fieldset", "pg-group");
  box.dataset.part = slot;
  box.append(el("legend", "", title));
  const inner = el("div", "widget-options");
  inner.dataset.slot = slot;
  box.append(inner);
  return box;
}

function button(ctx, text, part) {
  const b = el("button", "", text);
  b.type = "button";
  b.id = `${ctx.id}-${part}`;
  b.dataset.part = part;
  return b;
}

/** What the figure keeps between frames: the last full frame's data, the loss curve, the loop. */
function freshState() {
  return { features: null, classes: 2, problem: "classification", points: { train: [], test: [] }, curve: [],
    playing: false, pending: null, frameRequested: false, custom: null, model: null, hidden: new Set() };
}

function absorb(s, result) {
  s.absorbed = result;
  if (result.full) {
    s.features = result.features; s.classes = result.classes; s.problem = result.problem;
    s.points = result.points; s.curve = result.curve.slice(); s.classesApply = result.classes_apply;
    if (result.start_loss) s.curve.unshift([0, ...result.start_loss]);
    s.model = result.model || null; // a new run: a model of the one before must not be continued
  } else if (result.curve) {
    const last = s.curve.length ? s.curve[s.curve.length - 1][0] : -Infinity;
    for (const row of result.curve) if (row[0] > last) s.curve.push(row); // a server job's last frame repeats its reports' rows
    if (s.curve.length > 4000) s.curve = s.curve.filter((_, i) => i % 2 === 0 || i === s.curve.length - 1);
  }
  if (result.model) s.model = result.model;
}

function trainArgs(ctx, epochs) {
  const s = ctx.pg;
  const args = { session: ctx.result.session, options: ctx.values, epochs, ...(s.custom || {}) };
  if (ctx.mode === "server") { args.stateless = true; if (s.model) args.model = s.model; }
  return args;
}

function setPlaying(ctx, on) {
  const s = ctx.pg;
  s.playing = on;
  const b = ctx.parts.play;
  b.textContent = on ? "Pause" : "Play";
  b.setAttribute("aria-pressed", String(on));
  ctx.figure.toggleAttribute("data-playing", on);
  if (!on && ctx.server) ctx.server.stop(); // Pause on the server: the job is cancelled
}

function requestDraw(ctx) {
  const s = ctx.pg;
  // The pending frame belongs to the run current now; a restart before the next animation frame (a
  // select moved just after Pause, its first frame already in) must not be painted over by it.
  s.pendingGeneration = ctx.generation;
  if (s.frameRequested) return;
  s.frameRequested = true;
  // A reply is in but not yet on screen: the figure is not idle until it is drawn (tests wait on this).
  ctx.figure.setAttribute("data-draw-pending", "");
  requestAnimationFrame(() => {
    s.frameRequested = false;
    ctx.figure.removeAttribute("data-draw-pending");
    if (s.pendingGeneration !== ctx.generation) s.pending = null;
    if (!s.pending) return;
    const r = s.pending, t0 = performance.now();
    s.pending = null;
    ctx.show(r, { save: false });
    recordRedraw("playground-frame", t0); // main-thread time of one frame, for make bench
  });
}

/**
 * Play: train calls one after another, each sized to about one frame (playground/call-sizer.js). Once
 * the run has a session, two calls are in flight: the worker trains the next while this one's reply
 * crosses to the page and is drawn, so it never waits on the page (a reply waits for the page's redraw
 * to end). Pause sends no more and draws the replies still coming, so the picture ends where the run
 * in the worker is.
 */
async function pump(ctx) {
  const s = ctx.pg;
  const mine = ctx.generation, token = {};
  s.pump = token; // a Play pressed again while replies drain starts its own loop; this one then only drains
  const sizer = new CallSizer();
  const queue = [];
  let more = true, last = performance.now();
  while (mine === ctx.generation) {
    while (more && s.playing && s.pump === token && queue.length < (ctx.result.session ? 2 : 1)) {
      const epochs = sizer.epochs;
      queue.push([epochs, ctx.call("train", { ...trainArgs(ctx, epochs), timing: true })]);
    }
    if (!queue.length) break;
    const [epochs, reply] = queue.shift();
    const result = await reply;
    if (!result || mine !== ctx.generation) break;
    const now = performance.now();
    // With the worker never idle, the time from one reply to the next is its time per call: the frame rate.
    sizer.update(epochs, now - last, result.train_ms);
    last = now;
    absorb(s, result);
    ctx.result = result; // the next call continues this run; drawing waits for the next frame
    s.pending = result;
    requestDraw(ctx);
    if (result.status !== "ok" || (result.curve.length === 0 && !result.full)) { // stopped, or nothing to train on
      more = false;
      if (s.pump === token) setPlaying(ctx, false);
    }
  }
  if (mine === ctx.generation && s.pump === token) setPlaying(ctx, false);
}

/** Play without the browser runtime: a server job trains and streams frames (not in a static copy: no server). */
async function serverPump(ctx) {
  const s = ctx.pg;
  const mine = ctx.generation;
  if (!s.model && s.custom) { // the reader's own data: one stateless epoch returns the model that carries it
    const first = await ctx.call("train", trainArgs(ctx, 1));
    if (first && mine === ctx.generation && s.playing) { absorb(s, first); ctx.result = first; s.pending = first; requestDraw(ctx); }
    if (!first || mine !== ctx.generation || !s.playing || first.status !== "ok") {
      if (mine === ctx.generation) setPlaying(ctx, false);
      return;
    }
  }
  await ctx.server.play(() => s.playing && mine === ctx.generation);
  if (mine === ctx.generation) setPlaying(ctx, false);
}

const onServer = (ctx) => ctx.mode === "server" && !STATIC;

async function step(ctx) {
  setPlaying(ctx, false);
  const mine = ctx.generation;
  const result = await ctx.call("train", trainArgs(ctx, 1));
  if (!result || mine !== ctx.generation) return;
  ctx.show(result);
}

function applyHidden(ctx) {
  const s = ctx.pg;
  const fromUrl = new URLSearchParams(location.search).get(`${ctx.id}.hide`);
  let fromDirective = [];
  try { fromDirective = JSON.parse(ctx.figure.dataset.hide || "[]"); } catch { fromDirective = []; }
  const names = [...(Array.isArray(fromDirective) ? fromDirective : []), ...(fromUrl ? fromUrl.split(",") : [])];
  for (const name of names.map((n) => n.trim()).filter(Boolean)) {
    s.hidden.add(name);
    const control = ctx.control(name);
    if (control) control.wrap.hidden = true;
    for (const part of ctx.figure.querySelectorAll(`[data-part="${name}"]`)) part.hidden = true;
  }
}

function paintOutput(ctx, result) {
  const s = ctx.pg;
  const canvas = ctx.parts.heat;
  const size = canvas.clientWidth || 300;
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(size * dpr)) { canvas.width = canvas.height = Math.round(size * dpr); }
  const c = canvas.getContext("2d");
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  const winner = result.winner ? decode(result.winner) : null;
  paintGrid(c, decode(result.output), result.grid.output, 0, 0, size, size, { winner, classes: s.classes, discretize: ctx.values.discretize });
  const extent = result.grid.extent;
  const px = (v) => ((v + extent) / (2 * extent)) * size;
  const colour = (label) => {
    if (s.problem === "regression") return rgb(label >= 0 ? POSITIVE : NEGATIVE, Math.min(1, 0.35 + Math.abs(label)));
    return rgb(s.classes === 2 ? (label >= 1 ? POSITIVE : NEGATIVE) : CLASS_COLORS[label % CLASS_COLORS.length]);
  };
  const dot = ([x, y, label], stroke) => {
    c.beginPath();
    c.arc(px(x), size - px(y), 3.2, 0, 2 * Math.PI);
    c.fillStyle = colour(label);
    c.fill();
    c.lineWidth = 1;
    c.strokeStyle = stroke;
    c.stroke();
  };
  for (const p of s.points.train) dot(p, "#fff");
  if (ctx.values.show_test) for (const p of s.points.test) dot(p, "#1d2330");
}

function readouts(ctx, result) {
  const f = ctx.figure;
  f.dataset.epoch = String(result.epoch);
  f.dataset.trainLoss = String(result.train_loss);
  f.dataset.testLoss = String(result.test_loss);
  const r = ctx.parts.readout;
  r.epoch.textContent = String(result.epoch).padStart(6, "0");
  r.train.textContent = result.train_loss.toFixed(3);
  r.test.textContent = result.test_loss.toFixed(3);
  r.lr.textContent = String(+result.lr.toPrecision(3));
}

export default {
  slots: SLOTS,

  setup(ctx) {
    if (!document.querySelector("link[data-playground-css]")) {
      // From the book's root, not import.meta.url: this module may run from the bundle (app/js_bundle.py).
      const css = Object.assign(document.createElement("link"), { rel: "stylesheet", href: siteUrl("/static/css/playground.css") });
      css.dataset.playgroundCss = "";
      document.head.append(css);
    }
    ctx.pg = freshState();
    const top = el("div", "pg-top");
    const play = button(ctx, "Play", "play");
    play.setAttribute("aria-pressed", "false");
    const stepB = button(ctx, "Step", "step"), reset = button(ctx, "Reset", "reset");
    const regenerate = button(ctx, "Regenerate data", "regenerate");
    const readout = el("dl", "pg-readout");
    const field = (label, key) => {
      const d = el("div"); const dd = el("dd"); dd.dataset.field = key;
      d.append(el("dt", "", label), dd); readout.append(d); return dd;
    };
    const r = { epoch: field("Epoch", "epoch"), train: field("Training loss", "train"), test: field("Test loss", "test"),
      lr: field("Learning rate now", "lr") };
    top.append(play, stepB, reset, regenerate, readout);

    const columns = el("div", "pg-columns");
    const left = el("div", "pg-left");
    left.append(group("Data", "data"), group("Features", "features"));
    const middle = el("div", "pg-middle");
    middle.dataset.part = "network";
    const net = el("div", "pg-network");
    // One level below the heading the figure sits under (h2 on /playground, under its h1).
    const before = [...document.querySelectorAll("h1, h2, h3, h4, h5")]
      .filter((h) => h.compareDocumentPosition(ctx.figure) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
    const level = `h${Math.min(6, before ? Number(before.tagName[1]) + 1 : 2)}`;
    middle.append(el(level, "pg-heading", "Network"), net, group("Network options", "network"));
    const right = el("div", "pg-right");
    const heat = el("canvas", "pg-heat widget-canvas");
    heat.setAttribute("role", "img");
    heat.setAttribute("aria-label", "The network's output over the plane, with the data drawn over it");
    const curve = el("canvas", "pg-curve");
    curve.dataset.part = "curve";
    curve.setAttribute("role", "img");
    curve.setAttribute("aria-label", "Training loss (dark) and test loss (grey) over the epochs");
    right.append(el(level, "pg-heading", "Output"), heat, curve, group("Show", "view"));
    // The output comes before the network in the page's order (first after the data on a phone,
    // and the figure's first canvas); the grid places it on the right on a wide screen.
    columns.append(left, right, middle);

    const lower = el("div", "pg-lower");
    lower.append(group("Training", "training"));
    const own = el("details", "pg-panel"); own.dataset.part = "own-data";
    const model = el("details", "pg-panel"); model.dataset.part = "model";
    const edit = el("details", "pg-panel"); edit.dataset.part = "edit-weight";
    lower.append(own, model, edit);
    const message = liveLine("widget-message pg-message");
    const jobBox = el("div", "pg-job"); // the server job's progress, when Play trains there
    ctx.body.append(top, message, jobBox, columns, lower, ctx.controls);
    ctx.parts = { play, step: stepB, reset, regenerate, readout: r, heat, curve, message, own, model, edit };

    ctx.view = new NetworkView(net, {
      onEdit: (layer, to, from, value) => ctx.parts.editor.open(layer, to, from, value),
      onLayers: (list) => { setPlaying(ctx, false); ctx.setValue("layers", list); },
    });

    play.addEventListener("click", () => {
      if (ctx.pg.playing) { setPlaying(ctx, false); return; }
      if (ctx.result.status && ctx.result.status !== "ok") return;
      setPlaying(ctx, true);
      if (onServer(ctx)) serverPump(ctx); else pump(ctx);
    });
    stepB.addEventListener("click", () => step(ctx));
    reset.addEventListener("click", () => { setPlaying(ctx, false); ctx.restart(ctx.values); });
    regenerate.addEventListener("click", () => {
      setPlaying(ctx, false);
      const seed = ctx.option("seed");
      ctx.setValue("seed", ctx.values.seed >= seed.max ? seed.min : ctx.values.seed + 1);
    });
    ctx.server = serverTrainer(ctx, jobBox, (frame) => {
      absorb(ctx.pg, frame);
      ctx.result = frame;
      ctx.pg.pending = frame;
      requestDraw(ctx);
    });
    wireOwnData(ctx, own, heat);
    wireModelFiles(ctx, model);
    ctx.parts.editor = wireWeightEditor(ctx, edit);
  },

  // A full frame (first frame, reset, own data, import) sets every control to the run's options.
  values: (r) => (r && r.full && r.options ? r.options : {}),

  // Every change starts the run anew; with the reader's own data loaded, that data comes along.
  request(ctx) {
    setPlaying(ctx, false);
    if (ctx.values.dataset === "custom" && ctx.pg.custom) {
      return { call: "reset", args: { options: ctx.values, ...ctx.pg.custom } };
    }
    if (ctx.values.dataset !== "custom") ctx.pg.custom = null;
    return null;
  },

  draw(ctx, result) {
    if (!result || !result.output) return;
    const s = ctx.pg;
    if (!s.hiddenApplied) { s.hiddenApplied = true; applyHidden(ctx); }
    if (s.absorbed !== result) absorb(s, result); // a reply the loop did not see (first frame, restart, edit)
    readouts(ctx, result);
    // Classes apply to the sets that can have 3-5 of them; elsewhere the slider is off (and says so).
    const classes = ctx.control("classes");
    if (classes) {
      const off = !s.classesApply;
      classes.input.disabled = off;
      classes.wrap.title = off ? "Circle, XOR and the regression sets have no classes to choose" : "";
    }
    paintOutput(ctx, result);
    ctx.view.update({ ...result, features: s.features, classCount: s.classes }, { discretize: ctx.values.discretize });
    drawLossChart(ctx.parts.curve, s.curve);
    const text = result.status === "diverged" ? "Training diverged, lower the learning rate."
      : result.message || "";
    ctx.say(ctx.parts.message, text, result.status === "diverged" ? "bad" : result.status === "early_stopped" ? "warn" : "info");
  },

  resize(ctx) { this.draw(ctx, ctx.result); },

  teardown(ctx) {
    if (ctx.pg) ctx.pg.playing = false;
    if (ctx.server) ctx.server.stop(); // a server job nobody will draw: cancel it now
  },
};
