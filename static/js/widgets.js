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
import { runtime, onRuntimeReady } from "./runtime.js";

const counters = new Map();

function makeContext(figure) {
  const name = figure.dataset.widget;
  const count = (counters.get(name) || 0) + 1;
  counters.set(name, count);
  const stateScript = figure.querySelector("script.widget-state");
  const statusLine = figure.querySelector(".widget-status");
  const rt = runtime();
  let liveMode = null;

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
    call: (call, args) => guard(rt.call(name, call, args)),
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
    onLive(callback) { onRuntimeReady(callback); },
    setMessage,
  };
  figure.dataset.status = "loading";
  statusLine.textContent = "Drawn from the server's first frame; the live engine is loading…";
  onRuntimeReady((mode) => {
    liveMode = mode;
    if (figure.dataset.status !== "error") figure.dataset.status = mode;
    statusLine.textContent = mode === "live" ? "" : "The live engine could not start in this browser; the server computes this figure.";
  });
  return ctx;
}

async function mountAll() {
  const figures = [...document.querySelectorAll("figure.widget")];
  if (!figures.length) return;
  runtime(); // start loading at once, while the reader reads
  for (const figure of figures) {
    try {
      const module = await import(`./widgets/${figure.dataset.widget}.js`);
      const ctx = makeContext(figure);
      module.mount(ctx);
    } catch (error) {
      figure.dataset.status = "error";
      const line = figure.querySelector(".widget-status");
      if (line) line.textContent = `This figure failed to start: ${error.message}`;
      console.error(error);
    }
  }
}

mountAll();
