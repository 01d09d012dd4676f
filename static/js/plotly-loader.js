// Plotly, loaded only when a figure needs it: the 3-D views of chapter 8. It is vendored and
// pinned by sha256 (scripts/vendor-manifest.json) and served from /static/vendor/plotly/, so a
// page without such a figure never fetches its 4.6 MB, and nothing reaches beyond localhost.
import { siteUrl } from "./site.js";

const SRC = siteUrl("/static/vendor/plotly/plotly.min.js");
let loading = null;

/** window.Plotly, injecting the vendored script on the first call (later calls share the load). */
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = SRC;
      script.async = true;
      script.dataset.vendor = "plotly";
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("Plotly did not define window.Plotly")));
      script.onerror = () => { loading = null; reject(new Error(`could not load ${SRC}`)); };
      document.head.append(script);
    });
  }
  return loading;
}
