// The page's figures: mount(root) mounts every <figure class="widget"> under root with its
// drawing module (static/js/widgets/NAME.js) through the shared figure mount; unmount(root)
// undoes it. Instant navigation (navigation.js) swaps a chapter in place and announces it with
// the events below, so the new page's figures run on the worker that is already warm.
import { onRuntimeReady, runtime } from "./runtime.js";
import { mountFigure, unmountFigure, isMounted } from "./figure-mount.js";

function failed(figure, error) {
  figure.dataset.status = "error";
  const line = figure.querySelector(".widget-status");
  if (line) { line.textContent = `This figure failed to start: ${error.message}`; line.dataset.kind = "error"; }
  console.error(error);
}

/** Mount the figures under `root` (the document by default); resolves when all are mounted. */
export async function mount(root = document) {
  const figures = [...root.querySelectorAll("figure.widget")].filter((f) => !isMounted(f));
  if (!figures.length) return;
  const rt = runtime(); // start loading at once, while the reader reads
  if (rt.preload) rt.preload([...new Set(figures.map((f) => f.dataset.widget))]);
  await Promise.all(figures.map(async (figure) => {
    try {
      const module = await import(`./widgets/${figure.dataset.widget}.js`);
      mountFigure(figure, module.default);
    } catch (error) {
      failed(figure, error);
    }
  }));
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
mount();
