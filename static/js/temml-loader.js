// Temml, loaded on demand: pages arrive typeset by the server (as MathML), so only text a figure
// makes (draw-tex.js) or a formula the server left as TeX (math.js) needs it. The URL is the
// vendored, hashed copy named by <html data-temml-url>. One load per page, shared through
// window, so two module copies never insert the script twice.

/** How the browser typesets, as app/content/temml_render.cjs does on the server: an error is an error
 * (never red text), and an inline formula may break after a top-level relation or operator. */
export const TEMML_OPTIONS = Object.freeze({ throwOnError: true, wrap: "tex" });

/** Resolves once `window.temml` exists. */
export function loadTemml() {
  if (window.temml) return Promise.resolve();
  window.__nnbookTemmlLoading ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = document.documentElement.dataset.temmlUrl;
    script.onload = () => resolve();
    script.onerror = () => { window.__nnbookTemmlLoading = null; reject(new Error("Temml could not be loaded")); };
    document.head.append(script);
  });
  return window.__nnbookTemmlLoading;
}
