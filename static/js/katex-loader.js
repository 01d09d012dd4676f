// KaTeX, loaded on demand: pages arrive typeset by the server, so only text a figure
// makes (draw-tex.js) or a formula the server left as TeX (math.js) needs it. The URL
// is the vendored, hashed copy named by <html data-katex-url>. One load per page,
// shared through window, so two module copies never insert the script twice.

/** Resolves once `window.katex` exists. */
export function loadKatex() {
  if (window.katex) return Promise.resolve();
  window.__nnbookKatexLoading ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = document.documentElement.dataset.katexUrl;
    script.onload = () => resolve();
    script.onerror = () => { window.__nnbookKatexLoading = null; reject(new Error("KaTeX could not be loaded")); };
    document.head.append(script);
  });
  return window.__nnbookKatexLoading;
}
