// The page's figures: mount(root) mounts every <figure class="widget"> under root with its
// drawing module (static/js/widgets/NAME.js) through the shared figure mount; unmount(root)
// undoes it. The fast-start navigation calls them when it swaps a chapter in place, so the new
// page's figures run on the worker that is already warm.
import { runtime } from "./runtime.js";
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
  runtime(); // start loading at once, while the reader reads
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

mount();
