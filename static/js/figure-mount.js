// Mounts any figure from its option table. A figure's own module (static/js/widgets/NAME.js)
// only draws a result and handles what is peculiar to it (a drag, a hover); everything every
// figure needs lives here, once:
//   - controls built from `data-options` (exactly the declared min/max/step/default/labels),
//   - the URL round trip from the same table (`?<figure id>.<option>=…`),
//   - the directive's presentation: `data-hide` (those controls not shown) and `data-lock`
//     ({option: value}: the control shown disabled, the value fixed; a link cannot change it),
//   - a restart guard: a reply that belongs to a superseded run is dropped,
//   - Step / Train / Pause / Reset through one loop (train-loop.js),
//   - busy and error state, calls made before the runtime is ready queued (not dropped),
//   - the reply envelope unwrapped, resize, and the figure's description kept current.
//
// The module's default export (every member optional except draw):
//   setup(ctx)              build the drawing area in ctx.body; place ctx.controls where it belongs
//   draw(ctx, result)       draw a result (the first frame, then every reply)
//   merge(previous, reply)  the figure's result after a reply that holds only part of it
//   values(result)          the option values a result implies: { w1: …, … } (sliders follow training)
//   request(ctx, name)      how a changed option reaches the engine: { call, args } for a cheap call,
//                           false for "nothing to ask now", null/undefined for a restart ("initial")
//   train                   { args(ctx, steps), perTick(result), delay(result), done(result) }: adds
//                           Step, Train/Pause and Reset; "step" is called with args(ctx, steps)
//   fromUrl(ctx, values)    how a shared link's values reach the engine: like request (false: draw only)
//   keepOnReset             option names Reset keeps (the rest return to the chapter's start)
//   slots                   { optionName: "slot" }: put that control in ctx.slot("slot")
//   describe(ctx, result)   the figure's state in words (default: result.description); it becomes the
//                           group's label, the hidden caption and the canvases' label after every draw
//   resize(ctx)             redraw after a size change (default: draw again)
//   teardown(ctx)           undo what setup did outside the figure
import { runtime, onRuntimeReady, fallbackReason } from "./runtime.js";
import { STATIC } from "./site.js";
import { buildControl, refusal } from "./figure-controls.js";
import { readUrlOptions, writeUrlOptions, flushUrlOptions } from "./url-state.js";
import { TrainLoop } from "./train-loop.js";
import { Announcer } from "./figure-announcer.js";
import { markInput, markDrawn } from "./bench-hooks.js";
import { setTextWithMath } from "./draw-tex.js";
import { forgetCanvases } from "./draw.js";

const counters = new Map();
// The engine's names for a message's kind → the page's (CSS styles [data-kind]).
const KINDS = { good: "success", ok: "success", warn: "warning", bad: "error" };
const handles = new WeakMap();

/** The engine's reply, unwrapped: `{ok: true, result}` → result; `{ok: false, error}` → thrown. */
export function unwrap(reply) {
  if (reply && typeof reply === "object" && typeof reply.ok === "boolean" && ("result" in reply || "error" in reply)) {
    if (reply.ok) return reply.result;
    throw Object.assign(new Error((reply.error && reply.error.reason) || "refused"), reply.error || {});
  }
  return reply;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

const json = (text, fallback) => { try { return text ? JSON.parse(text) : fallback; } catch { return fallback; } };
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function clampTo(option, value) {
  if (typeof value !== "number" || (option.kind !== "number" && option.kind !== "integer")) return value;
  let v = value;
  if (option.min != null) v = Math.max(option.min, v);
  if (option.max != null) v = Math.min(option.max, v);
  return v;
}

/** Mount `figure` with its drawing module; returns the figure's context. */
export function mountFigure(figure, module) {
  const name = figure.dataset.widget;
  const count = (counters.get(name) || 0) + 1;
  counters.set(name, count);
  const config = json(figure.dataset.config, {});
  const hidden = new Set(json(figure.dataset.hide, []));
  const locked = json(figure.dataset.lock, {});
  const isLocked = (n) => Object.prototype.hasOwnProperty.call(locked, n);
  // A locked option keeps its value (the directive already holds it) and leaves the URL alone.
  const table = json(figure.dataset.options, []).map((o) => (isLocked(o.name) ? { ...o, url: false, locked: true } : o));
  const byName = new Map(table.map((o) => [o.name, o]));
  const start = Object.fromEntries(table.map((o) => [o.name, o.name in config ? config[o.name] : o.default]));
  const status = figure.querySelector(".widget-status") || figure.appendChild(element("p", "widget-status"));
  const body = figure.querySelector(".widget-body") || figure.appendChild(element("div", "widget-body"));
  const controlsEl = figure.querySelector(".widget-controls") || element("div", "widget-controls");
  const description = figure.querySelector(".widget-description, .widget-alt");
  const initial = json((figure.querySelector("script.widget-state") || {}).textContent, {});
  const controls = new Map();
  // The controls column: the option controls first, then the run buttons; a figure may add more.
  const optionBox = element("div", "widget-options");
  const runBox = element("div", "widget-run");
  controlsEl.replaceChildren(optionBox, runBox);
  let stopListening = null; // onRuntimeReady may hand back an unsubscribe function
  const ready = new Promise((resolve) => { stopListening = onRuntimeReady(resolve); });
  let mode = null; // "live" | "server" once the runtime is ready
  let generation = 0; // bumped by every restart: replies to older requests are dropped
  let busy = 0;
  let failed = false;
  let disposed = false;
  let loop = null;
  // Which options the reader changed, and when: a reply to a request made before a change must
  // not move that control back (keys pressed while the reply was on its way).
  let inputs = 0;
  const touched = {};

  const ctx = {
    figure, name, body, table, start, config,
    id: figure.id || `${name}-${count}`,
    controls: controlsEl,
    result: initial,
    values: { ...start },
    option: (n) => byName.get(n),
    control: (n) => controls.get(n),
    slot: (n) => figure.querySelector(`[data-slot="${n}"]`) || (n === "buttons" ? runBox : optionBox),
    get mode() { return mode; },
    get generation() { return generation; },
  };

  function setStatus(text, kind = "info") {
    status.textContent = text;
    status.dataset.kind = kind;
  }
  let errorsShown = 0;
  function showError(text) {
    errorsShown += 1;
    failed = true;
    figure.dataset.status = "error";
    setStatus(text, "error");
  }
  function clearError() {
    if (!failed) return;
    failed = false;
    figure.dataset.status = mode || "loading";
    setStatus("");
  }
  function errorText(error) {
    const option = error.field && byName.get(String(error.field).split(".").pop());
    const field = option ? option.label || option.name : error.field;
    return field ? `${field}: ${error.reason || error.message}` : String(error.reason || error.message || error);
  }
  const setBusy = (delta) => { busy += delta; figure.toggleAttribute("data-busy", busy > 0); };

  /** One engine call → its result, or null when refused (the reason is shown in the figure). */
  ctx.call = async (call, args) => {
    setBusy(1);
    const errorsBefore = errorsShown;
    try {
      await ready; // queued until the runtime can answer, never dropped
      if (disposed) return null; // the page was swapped out meanwhile
      const result = unwrap(await runtime().call(name, call, args));
      // The answer to what was asked before a refusal (a value typed out of range meanwhile) leaves it said.
      if (errorsShown === errorsBefore) clearError();
      return result;
    } catch (error) {
      showError(errorText(error));
      return null;
    } finally {
      setBusy(-1);
    }
  };

  /** A call for a value computed ahead, not the reader's: silent (no busy state, its answer or refusal
   *  never touches what the figure says); resolves to the result, or null when refused or unavailable. */
  ctx.callAhead = (call, args) => runtime().call(name, call, args).then(unwrap).catch(() => null);

  // The figure's state in words, in the three places a screen reader finds it: the group's label,
  // the hidden caption, and each canvas (role img) that showed the previous words or none.
  let said = body.getAttribute("aria-label") || "";
  function describe(text) {
    if (!text) return;
    const plain = String(text).replace(/\$([^$]+)\$/g, "$1");
    if (plain === said) return;
    for (const c of figure.querySelectorAll("canvas[role=img]")) {
      const own = c.getAttribute("aria-label");
      if (!own || own === said || own === ctx.result.description) c.setAttribute("aria-label", plain);
    }
    body.setAttribute("aria-label", plain);
    if (description) description.textContent = plain;
    said = plain;
  }
  ctx.describe = () => said;

  // Spoken announcements, paced (figure-announcer.js): no line of the figure is a live region.
  const announcer = new Announcer(figure);
  ctx.announce = (text) => announcer.say(text);
  let quiet = false; // a reduced-motion jump: draw only where it ends

  function draw() {
    if (quiet) return;
    module.draw(ctx, ctx.result);
    describe(module.describe ? module.describe(ctx, ctx.result) : ctx.result.description);
    markDrawn(figure);
  }

  function saveUrl() { writeUrlOptions(ctx.id, table, ctx.values, start); }
  ctx.save = saveUrl;

  /** Show a result: controls follow the values it implies (except `keep`, the one the reader holds). */
  function accept(reply, { keep = null, save = true, seq = Infinity } = {}) {
    const result = module.merge && reply !== initial ? module.merge(ctx.result, reply) : reply;
    ctx.result = result;
    const implied = module.values ? module.values(result) : {};
    for (const [key, value] of Object.entries(implied)) {
      const option = byName.get(key);
      if (!option || key === keep || value === undefined || (touched[key] || 0) > seq) continue;
      ctx.values[key] = clampTo(option, value);
      const control = controls.get(key);
      if (control) control.set(ctx.values[key]);
    }
    draw();
    if (save) saveUrl();
  }
  ctx.show = accept;

  /** A call whose reply is shown unless a restart came in between; resolves to the result or null. */
  ctx.run = async (call, args, options) => {
    const mine = generation;
    const seq = inputs;
    const result = await ctx.call(call, args);
    if (!result || mine !== generation) return null;
    accept(result, { ...options, seq });
    return result;
  };

  // Coalescing for drags: while one call of a kind is in flight, only the newest request waits.
  const slots = new Map();
  ctx.request = (call, args, options = {}) => {
    const slot = slots.get(call) || { busy: false, next: null };
    slots.set(call, slot);
    const job = { args, options: { ...options, seq: inputs }, mine: generation };
    if (slot.busy) { slot.next = job; return; }
    slot.busy = true;
    const go = ({ args: a, options: o, mine }) => ctx.call(call, a)
      .then((result) => { if (result && mine === generation) accept(result, o); })
      .finally(() => {
        if (slot.next) { const n = slot.next; slot.next = null; go(n); } else slot.busy = false;
      });
    go(job);
  };

  /** Start a new run from `values` (the figure's first frame for them): older replies are dropped. */
  ctx.restart = (values = ctx.values, options = {}) => {
    generation += 1;
    if (loop) loop.stop();
    const args = {};
    for (const option of table) {
      const value = values[option.name];
      if (value !== undefined) args[option.name] = clampTo(option, value);
    }
    ctx.values = { ...ctx.values, ...args };
    ctx.request("initial", args, options);
  };

  ctx.stop = () => { if (loop) loop.stop(); };

  function changed(optionName) {
    if (loop) loop.stop();
    announcer.afterRest(() => said); // none per slider tick: the state once the reader lets go
    // The reader's values go to the URL now, not only with the engine's answer: a click away before the
    // answer comes unmounts the figure and drops the answer, and the change would be lost from the
    // page's history entry. The answer saves again (values it implies, such as a clamped one).
    saveUrl();
    const asked = module.request ? module.request(ctx, optionName) : null;
    if (asked === false) return;
    if (asked) ctx.request(asked.call, asked.args, { keep: optionName });
    else ctx.restart(ctx.values, { keep: optionName });
  }

  /** Set an option as the reader would (a drag on the canvas moving a slider's value). */
  ctx.setValue = (optionName, value, event) => {
    const option = byName.get(optionName);
    const why = option && (isLocked(optionName) && !same(value, locked[optionName])
      ? `${option.label || option.name}: fixed for this figure` : refusal(option, value));
    if (why) { if (loop) loop.stop(); showError(why); return; }
    clearError();
    const control = controls.get(optionName);
    if (control) control.set(value);
    markInput(figure, event);
    touched[optionName] = ++inputs;
    ctx.values[optionName] = value;
    changed(optionName);
  };

  /** A message in the figure's own words, with its kind: info | success | warning | error. */
  ctx.say = (el, text, kind = "info") => {
    setTextWithMath(el, text || "");
    const k = text ? KINDS[kind] || kind : "";
    if (k !== el.dataset.kind && (k === "warning" || k === "error") && !(loop && loop.running)) announcer.say(text.replace(/\$([^$]+)\$/g, "$1"));
    el.dataset.kind = k;
  };

  // --- build ---------------------------------------------------------------------------------
  // A caption may hold math ($…$): typeset it like the chapter's prose.
  for (const node of [...(figure.querySelector("figcaption") || { childNodes: [] }).childNodes]) {
    if (node.nodeType === Node.TEXT_NODE && node.textContent.includes("$")) {
      const span = element("span");
      setTextWithMath(span, node.textContent);
      node.replaceWith(span);
    }
  }
  body.replaceChildren();
  if (module.setup) module.setup(ctx);
  if (!controlsEl.isConnected) body.append(controlsEl);

  for (const option of table) {
    const control = buildControl(option, `${ctx.id}-${option.name}`, start[option.name]);
    if (!control) continue;
    controls.set(option.name, control);
    const place = module.slots && module.slots[option.name];
    ctx.slot(place || "options").append(control.wrap);
    if (hidden.has(option.name)) control.wrap.hidden = true;
    if (option.locked) {
      control.input.disabled = true;
      control.wrap.dataset.locked = "";
      control.input.title = "Fixed for this figure";
    }
    control.input.addEventListener(control.event, (event) => {
      markInput(figure, event);
      const value = control.get();
      const why = refusal(option, value);
      if (why) { if (loop) loop.stop(); showError(why); return; }
      clearError();
      ctx.values[option.name] = value;
      touched[option.name] = ++inputs;
      changed(option.name);
    });
  }

  if (module.train) {
    const t = module.train;
    const buttons = element("div", "control buttons");
    buttons.dataset.part = "run";
    const button = (label, part) => {
      const b = element("button", "", label);
      b.type = "button";
      b.id = `${ctx.id}-${part}`;
      buttons.append(b);
      return b;
    };
    const stepButton = button("Step", "step");
    const trainButton = button("Train", "train");
    const resetButton = button("Reset", "reset");
    ctx.slot("buttons").append(buttons);
    ctx.runButtons = buttons;
    const advance = async (steps) => {
      const result = await ctx.run("step", t.args(ctx, steps));
      return Boolean(result) && !t.done(result);
    };
    loop = new TrainLoop(trainButton, {
      tick: () => advance(t.perTick ? t.perTick(ctx.result) : 1),
      delay: () => (t.delay ? t.delay(ctx.result) : 100),
      // One announcement when training stops (none per tick: a listener hears the end state).
      onStop: () => { saveUrl(); announcer.say(`Training stopped. ${said}`); },
      quiet: (on) => { quiet = on; if (!on) draw(); },
    });
    ctx.loop = loop;
    stepButton.addEventListener("click", async (event) => {
      loop.stop();
      markInput(figure, event);
      await advance(1);
      announcer.say(said); // one summary per step
    });
    resetButton.addEventListener("click", () => {
      const kept = Object.fromEntries((module.keepOnReset || []).map((k) => [k, ctx.values[k]]));
      const values = { ...start, ...kept };
      for (const [key, value] of Object.entries(values)) if (controls.get(key)) controls.get(key).set(value);
      ctx.restart(values);
    });
  }

  // The first frame: the server's, drawn at once; controls show the values it implies.
  accept(initial, { save: false }); // the URL may hold a shared state, read below
  figure.dataset.status = "loading";
  setStatus("Drawn from the server's first frame; the live engine is loading…");
  ready.then((m) => {
    mode = m;
    if (!failed) figure.dataset.status = m;
    // The runtime says why it could not start (a stalled download, a policy forbidding WebAssembly…).
    const instead = STATIC ? "This copy of the book is static (no server), so the figure keeps its first frame."
      : "The server computes this figure instead.";
    if (!failed) setStatus(m === "live" ? "" : `The live engine could not start: ${fallbackReason() || "it failed in this browser"}. ${instead}`);
  });

  // A shared link: set the controls now and ask for the run it describes (queued until ready).
  const fromUrl = readUrlOptions(ctx.id, table);
  if (Object.keys(fromUrl).some((k) => !same(fromUrl[k], ctx.values[k]))) {
    for (const [key, value] of Object.entries(fromUrl)) if (controls.get(key)) controls.get(key).set(value);
    const values = { ...ctx.values, ...fromUrl };
    const asked = module.fromUrl ? module.fromUrl(ctx, values) : null;
    if (asked === false) { ctx.values = values; draw(); } else if (asked) { ctx.values = values; ctx.request(asked.call, asked.args); } else ctx.restart(values);
  }

  let frame = 0;
  const onResize = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => (module.resize ? module.resize(ctx) : draw()));
  };
  window.addEventListener("resize", onResize);
  ctx.unmount = () => {
    disposed = true;
    announcer.dispose();
    window.removeEventListener("resize", onResize);
    if (loop) loop.stop();
    generation += 1;
    flushUrlOptions();
    if (typeof stopListening === "function") stopListening();
    if (module.teardown) module.teardown(ctx);
    forgetCanvases(figure);
  };
  ctx.redraw = draw;
  handles.set(figure, ctx);
  return ctx;
}

/** Undo mountFigure (a page being swapped out): stops loops and listeners, drops later replies. */
export function unmountFigure(figure) {
  const ctx = handles.get(figure);
  if (!ctx) return;
  handles.delete(figure);
  ctx.unmount();
}

export const isMounted = (figure) => handles.has(figure);
