// Plotly, loaded only when a figure needs it: the 3-D view of chapter 8. Its partial bundle of 3-D
// traces (npm plotly.js-gl3d-dist-min: surface and scatter3d are what the figure draws) is 1.7 MB to
// parse where the full one is 4.8 MB: the view opened some 0.8 s sooner on first use, measured here.
// It is vendored and pinned by sha256 (scripts/vendor-manifest.json) and served from
// /static/vendor/plotly/, so a page without such a figure never fetches it, and nothing reaches
// beyond localhost.
import { siteUrl } from "./site.js";

const SRC = siteUrl("/static/vendor/plotly/plotly-gl3d.min.js");
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
