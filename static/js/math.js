// Typesets the page's TeX with the vendored KaTeX, a few expressions per
// task so a long chapter never blocks the main thread. A formula KaTeX
// cannot parse is marked on the page and reported on the console: no math
// error passes silently.
/* global katex */

function typeset(element) {
  const display = element.classList.contains("block");
  try {
    katex.render(element.textContent, element, { displayMode: display, throwOnError: true, output: "htmlAndMathml" });
    element.classList.add("typeset");
  } catch (error) {
    element.classList.add("math-error");
    element.title = String(error.message || error);
    console.error(`KaTeX error: ${error.message || error} in: ${element.textContent}`);
  }
}

function whenKatex() {
  return new Promise((resolve) => {
    if (window.katex) return resolve();
    window.addEventListener("load", () => resolve(), { once: true });
  });
}

async function typesetAll(root = document) {
  await whenKatex();
  const items = [...root.querySelectorAll(".math.inline:not(.typeset), .math.block:not(.typeset)")];
  let i = 0;
  const slice = () => {
    const start = performance.now();
    while (i < items.length && performance.now() - start < 12) typeset(items[i++]);
    if (i < items.length) setTimeout(slice, 0);
    else document.documentElement.dataset.math = "done";
  };
  slice();
}

export { typesetAll };
typesetAll();
