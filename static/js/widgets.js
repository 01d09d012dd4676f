// The page's figures: mount(root) mounts every <figure class="widget"> under root with its
// drawing module (static/js/widgets/NAME.js) through the shared figure mount; unmount(root)
// undoes it. Instant navigation (navigation.js) swaps a chapter in place and announces it with
// the events below, so the new page's figures run on the worker that is already warm.
//
// Loaded as an async module (templates/chapter.html), this can run while the chapter is still being
// parsed: each figure is mounted (and draws its server-computed first frame) as soon as the parser has
// finished it, rather than after the whole chapter has been parsed; the rest follow as they arrive.
import { onRuntimeReady, runtime } from "./runtime.js";
import { mountFigure, unmountFigure, isMounted } from "./figure-mount.js";

function failed(figure, error) {
  figure.dataset.status = "error";
  const line = figure.querySelector(".widget-status");
  if (line) { line.textContent = `This figure failed to start: ${error.message}`; line.dataset.kind = "error"; }
  console.error(error);
}

// Figures handed to a mount, not yet mounted (their module is still being imported).
const mounting = new WeakSet();

/** The parser is done with `figure`: the document is parsed, or something already follows the figure. */
function parsed(figure) {
  if (document.readyState !== "loading") return true;
  for (let node = figure; node && node !== document; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}

/** Resolves once the browser has rendered a frame (or after 100 ms: a hidden tab renders none). */
function afterFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }, 0));
  });
}

// Mounting a figure (its controls, its first frame drawn, the layout it reads) takes the main thread
// 10-20 ms on a cold page: mounted together in one task, the first figure's frame waited for all of them.
// So while the engine is still loading, the first is mounted alone and shown, then the others in page
// order, a frame between slices of SLICE_MS. Once the engine runs (instant navigation to the next
// chapter), all are mounted at once: each goes live as it mounts, and a frame between would only delay that.
const SLICE_MS = 8;

/** Mount the figures under `root` (the document by default); resolves when all are mounted. Every
 * figure's module is asked for at once. */
export async function mount(root = document) {
  const figures = [...root.querySelectorAll("figure.widget")].filter((f) => !isMounted(f) && !mounting.has(f) && parsed(f));
  for (const figure of figures) mounting.add(figure);
  if (!figures.length) return;
  const rt = runtime(); // start loading at once, while the reader reads
  if (rt.preload) rt.preload([...new Set(figures.map((f) => f.dataset.widget))]);
  const modules = figures.map((figure) => import(`./widgets/${figure.dataset.widget}.js`).then((m) => ({ m }), (error) => ({ error })));
  const sliced = !rt.mode || rt.mode === "loading";
  let sliceStart = 0;
  for (const [i, figure] of figures.entries()) {
    try {
      if (sliced && (i === 1 || (i > 1 && performance.now() - sliceStart > SLICE_MS))) {
        await afterFrame(); // the frame that shows what was mounted so far
        sliceStart = performance.now();
      }
      const { m, error } = await modules[i];
      if (error) throw error;
      if (figure.isConnected) mountFigure(figure, m.default);
    } catch (error) {
      failed(figure, error);
    } finally {
      mounting.delete(figure);
    }
  }
}

/** Unmount the figures under `root`: their loops stop and late replies are dropped. */
export function unmount(root = document) {
  for (const figure of root.querySelectorAll("figure.widget")) unmountFigure(figure);
}

document.addEventListener("nnbook:before-swap", (event) => unmount(event.detail.root));
document.addEventListener("nnbook:navigated", (event) => mount(event.detail.root));
// The next page was fetched ahead (navigation.js): the worker imports its figures' Python while the
// reader is still here (never starting a runtime this page did not: onRuntimeReady only waits).
document.addEventListener("nnbook:prefetched", (event) => {
  const stop = onRuntimeReady((mode) => {
    queueMicrotask(() => stop()); // once
    if (mode === "live") runtime().preload(event.detail.widgets);
  });
});

// While the chapter is still arriving, mount each figure once the parser has moved past it.
if (document.readyState === "loading") {
  const parsing = new MutationObserver(() => mount());
  parsing.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => { parsing.disconnect(); mount(); }, { once: true });
}
mount();
