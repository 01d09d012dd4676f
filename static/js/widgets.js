// Finds every <figure class="widget"> on the page, draws its server-computed
// first frame at once, and connects it to the live engine.
//
// A widget module (static/js/widgets/NAME.js) exports `mount(ctx)`; ctx gives it:
//   ctx.figure, ctx.body       the <figure> and its drawing area
//   ctx.initial, ctx.options   the server's first frame and the directive's options
//   ctx.id                     a page-unique id (NAME-1, NAME-2, …) for URL state
//   ctx.call(call, args)       one engine call → Promise of the result, or of null when
//                              the engine refused (the reason is already shown in the figure)
//   ctx.latest(call, args, cb) coalescing call for drags: while one call is in
//                              flight only the newest request waits; cb(result)
//   ctx.onLive(cb)             cb(mode) once the runtime is live (or on the server)
//   ctx.setMessage(text, kind) a visible message ("error" also sets data-status)
//
// mount(root) / unmount(root) connect or disconnect the figures under a content
// root: instant navigation (navigation.js) unmounts the old page's figures and
// mounts the new page's on the same, already running worker.
import { runtime, onRuntimeReady, fallbackReason } from "./runtime.js";

const counters = new Map();

function makeContext(figure) {
  const name = figure.dataset.widget;
  const count = (counters.get(name) || 0) + 1;
  counters.set(name, count);
  const stateScript = figure.querySelector("script.widget-state");
  const statusLine = figure.querySelector(".widget-status");
  const rt = runtime();
  let liveMode = null;
  const disposers = [];

  const setMessage = (text, kind = "info") => {
    statusLine.textContent = text;
    statusLine.dataset.kind = kind;
    if (kind === "error") figure.dataset.status = "error";
    else if (liveMode) figure.dataset.status = liveMode;
  };
  const guard = (promise) => promise.then(
    (result) => { if (figure.dataset.status === "error") { figure.dataset.status = liveMode || "static"; setMessage(""); } return result; },
    (error) => { setMessage(error.field ? `${error.field}: ${error.reason}` : error.message, "error"); return null; },
  );
  const inflight = new Map();
  const ctx = {
    figure, name, id: `${name}-${count}`,
    body: figure.querySelector(".widget-body"),
    initial: JSON.parse(stateScript.textContent),
    options: JSON.parse(figure.dataset.config || "{}"),
    // Once unmounted, a figure's calls never reach the engine (a running loop just stops).
    call: (call, args) => (ctx.disposed ? new Promise(() => {}) : guard(rt.call(name, call, args))),
    latest(call, args, callback) {
      const slot = inflight.get(call) || { busy: false, next: null };
      inflight.set(call, slot);
      if (slot.busy) { slot.next = { args, callback }; return; }
      slot.busy = true;
      const run = (a, cb) => ctx.call(call, a).then((r) => r && cb(r)).finally(() => {
        if (slot.next) { const n = slot.next; slot.next = null; run(n.args, n.callback); } else slot.busy = false;
      });
      run(args, callback);
    },
    onLive(callback) { disposers.push(onRuntimeReady((mode) => { if (!ctx.disposed) callback(mode); })); },
    setMessage,
    disposed: false,
    dispose() { ctx.disposed = true; disposers.splice(0).forEach((off) => off()); },
  };
  figure.dataset.status = "loading";
  statusLine.textContent = "Drawn from the server's first frame; the live engine is loading…";
  disposers.push(onRuntimeReady((mode) => {
    liveMode = mode;
    if (figure.dataset.status !== "error") figure.dataset.status = mode;
    statusLine.textContent = mode === "live" ? ""
      : `The live engine could not start: ${fallbackReason() || "it failed in this browser"}. The server computes this figure instead.`;
  }));
  return ctx;
}

const mounted = new Map(); // figure → its context

/** Connect every figure under `root` (once each); their modules load in parallel. */
export function mount(root = document) {
  const figures = [...root.querySelectorAll("figure.widget")].filter((f) => !mounted.has(f));
  if (!figures.length) return Promise.resolve();
  const rt = runtime(); // start loading at once, while the reader reads
  rt.preload([...new Set(figures.map((f) => f.dataset.widget))]);
  return Promise.all(figures.map(async (figure) => {
    mounted.set(figure, null);
    try {
      const module = await import(`./widgets/${figure.dataset.widget}.js`);
      if (!mounted.has(figure)) return; // unmounted while its module loaded
      const ctx = makeContext(figure);
      mounted.set(figure, ctx);
      module.mount(ctx);
    } catch (error) {
      figure.dataset.status = "error";
      const line = figure.querySelector(".widget-status");
      if (line) line.textContent = `This figure failed to start: ${error.message}`;
      console.error(error);
    }
  }));
}

/** Disconnect the figures under `root`: their callbacks stop and their calls no longer reach the engine. */
export function unmount(root = document) {
  for (const [figure, ctx] of mounted) {
    if (root === document || root.contains(figure)) {
      if (ctx) ctx.dispose();
      mounted.delete(figure);
    }
  }
  if (!mounted.size) counters.clear(); // the next page's figures are NAME-1, NAME-2… again (URL state)
}

document.addEventListener("nnbook:before-swap", (event) => unmount(event.detail.root));
document.addEventListener("nnbook:navigated", (event) => mount(event.detail.root));
mount(document);
