// Pages arrive with their math already typeset on the server (app/content/
// server_math.py, MathML), so usually there is nothing to do here. Temml is loaded
// only when something is left: text a figure makes, or a formula the server
// could not typeset (then it is marked on the page and reported on the
// console: no math error passes silently). A few expressions per task, so
// the main thread never blocks.
/* global temml */

import { loadTemml, TEMML_OPTIONS } from "./temml-loader.js";
import { nameMath } from "./math-name.js";

function typeset(element) {
  const display = element.classList.contains("block");
  try {
    const tex = element.textContent;
    temml.render(tex, element, { ...TEMML_OPTIONS, displayMode: display });
    nameMath(element, tex);
    element.classList.add("typeset");
  } catch (error) {
    element.classList.add("math-error");
    element.title = String(error.message || error);
    console.error(`Temml error: ${error.message || error} in: ${element.textContent}`);
  }
}

/** Typeset what is still TeX under `root`; <html data-math="done"> when all is done. */
export async function typesetAll(root = document) {
  const items = [...root.querySelectorAll(".math.inline:not(.typeset), .math.block:not(.typeset)")];
  if (!items.length) { document.documentElement.dataset.math = "done"; return; }
  document.documentElement.dataset.math = "pending";
  await loadTemml();
  let i = 0;
  const slice = () => {
    const start = performance.now();
    while (i < items.length && performance.now() - start < 12) typeset(items[i++]);
    if (i < items.length) setTimeout(slice, 0);
    else document.documentElement.dataset.math = "done";
  };
  slice();
}

document.addEventListener("nnbook:navigated", (event) => typesetAll(event.detail.root));
typesetAll();
