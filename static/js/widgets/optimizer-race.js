// The optimizer race (chapter 8): five optimizers from one start on a 2-D loss surface. Paths,
// contours, losses and 3-D heights all come from the engine (engine/widgets/optimizer_race.py);
// this file draws them. The 3-D view uses the vendored Plotly, loaded only when the reader opens it.
import { Plot, COLORS, fmt } from "../draw.js";
import { paintShade, strokeSegments, sequentialPalette } from "../draw-probability.js";
import { tickedAxes, sig, htmlLegend } from "../draw-annotations.js";
import { seriesPlot, drawSeries, SERIES_COLORS, SERIES_DASHES } from "../draw-series.js";
import { el, canvas, liveLine } from "../draw-figure.js";
import { loadPlotly } from "../plotly-loader.js";

const PALETTE = sequentialPalette([90, 110, 150], 0.7);
const NAMES = ["sgd", "momentum", "nesterov", "rmsprop", "adam"];
const color = (name) => SERIES_COLORS[NAMES.indexOf(name)];
const dash = (name) => SERIES_DASHES[NAMES.indexOf(name)];
// The surface never changes with a learning rate: the rerun reply carries only the runs.
const SURFACE_OPTIONS = new Set(["surface"]);

function table(runs) {
  const t = el("table", "race-table");
  const head = el("tr");
  for (const h of ["optimizer", "η", "steps", "J − J*", "status"]) head.append(el("th", "", h));
  const body = el("tbody");
  for (const r of runs) {
    const row = el("tr");
    row.dataset.optimizer = r.name;
    const name = el("td");
    const swatch = el("span", "plot-legend-swatch");
    swatch.style.borderTop = `3px ${dash(r.name).length ? "dashed" : "solid"} ${color(r.name)}`;
    name.append(swatch, document.createTextNode(r.label));
    row.append(name, el("td", "", fmt(r.lr, 4)), el("td", "", String(r.steps)),
      el("td", "", r.status === "diverged" ? "—" : sig(r.gap, 3)), el("td", "", r.status));
    body.append(row);
  }
  const thead = el("thead");
  thead.append(head);
  t.append(thead, body);
  return t;
}

async function show3d(ctx) {
  const { view3d, toggle } = ctx.parts;
  toggle.disabled = true;
  toggle.textContent = "Loading the 3-D view…";
  try {
    const Plotly = await loadPlotly();
    ctx.parts.plotly = Plotly;
    view3d.hidden = false;
    draw3d(ctx);
    toggle.textContent = "Hide the 3-D view";
    ctx.parts.open3d = true;
  } catch (error) {
    ctx.say(ctx.parts.message, `The 3-D view could not load: ${error.message}`, "error");
    toggle.textContent = "Show the surface in 3-D";
  } finally {
    toggle.disabled = false;
  }
}

function draw3d(ctx) {
  const { plotly: Plotly, view3d } = ctx.parts;
  if (!Plotly || view3d.hidden) return;
  const { surface, runs } = ctx.result;
  const traces = [{ type: "surface", x: surface.mesh.x, y: surface.mesh.y, z: surface.mesh.h, showscale: false,
    colorscale: [[0, "#ffffff"], [1, "#5a6e96"]], opacity: 0.9, hoverinfo: "skip" }];
  for (const r of runs) {
    traces.push({ type: "scatter3d", mode: "lines", name: r.label, x: r.path.map((p) => p[0]), y: r.path.map((p) => p[1]),
      z: r.heights.map((h) => h + 0.02 * surface.top), line: { color: color(r.name), width: 5 } });
  }
  const layout = { margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false, uirevision: surface.name,
    scene: { xaxis: { title: { text: "θ₁" } }, yaxis: { title: { text: "θ₂" } }, zaxis: { title: { text: "log₁₀(1 + J − J*)" } } } };
  Plotly.react(view3d, traces, layout, { displaylogo: false, responsive: true });
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const left = el("div", "race-plots");
    const map = canvas("wide");
    const chart = canvas("epoch-chart");
    chart.removeAttribute("role");
    chart.setAttribute("aria-hidden", "true"); // the map's label describes the race
    const legend = el("div");
    htmlLegend(legend, NAMES.map((n, i) => ({ label: ["gradient descent", "momentum", "Nesterov", "RMSProp", "Adam"][i], color: color(n), dash: dash(n).length > 0 })));
    left.append(map, legend, el("p", "race-chart-title", "J − J* against the step (log scale)"), chart);
    layout.append(left, ctx.controls);
    const tableWrap = el("div", "race-table-wrap");
    const message = liveLine("widget-message");
    const toggle = el("button", "race-3d-toggle", "Show the surface in 3-D");
    toggle.type = "button";
    const view3d = el("div", "race-3d");
    view3d.hidden = true;
    view3d.setAttribute("aria-hidden", "true"); // a rotatable copy of the map, which carries the description
    ctx.body.append(layout, message, tableWrap, toggle, view3d);
    ctx.parts = { map: new Plot(map, [0, 1, 0, 1], { padding: 30 }), chart: seriesPlot(chart), tableWrap, message, toggle, view3d, open3d: false };
    toggle.addEventListener("click", () => {
      if (ctx.parts.open3d) {
        view3d.hidden = true;
        ctx.parts.open3d = false;
        toggle.textContent = "Show the surface in 3-D";
      } else show3d(ctx);
    });
  },

  merge: (previous, reply) => ({ ...previous, ...reply }),

  request(ctx, name) {
    if (SURFACE_OPTIONS.has(name)) return null;
    return { call: "rerun", args: { options: ctx.values } };
  },

  resize(ctx) {
    ctx.parts.map.resize();
    ctx.parts.chart.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { map, chart, tableWrap, message } = ctx.parts;
    const { surface, runs } = result;
    map.box = surface.box;
    map.clear();
    paintShade(map, surface.map, PALETTE);
    for (const contour of surface.map.contours) strokeSegments(map, contour.segments, { color: "rgba(60,70,100,0.35)", width: 1 });
    tickedAxes(map, { xTicks: [], yTicks: [], xLabel: "θ₁", yLabel: "θ₂" });
    map.point(surface.argmin[0], surface.argmin[1], { radius: 5, fill: COLORS.highlight, stroke: COLORS.ink, width: 1 });
    for (const r of runs) {
      map.line(r.path, { color: color(r.name), width: 2, dash: dash(r.name) });
      const [x, y] = r.path[r.path.length - 1];
      map.point(x, y, { radius: 4, fill: color(r.name), stroke: r.status === "diverged" ? COLORS.bad : COLORS.paper, width: r.status === "diverged" ? 3 : 1 });
    }
    map.point(surface.start[0], surface.start[1], { radius: 5, fill: COLORS.paper, stroke: COLORS.ink, width: 2 });
    map.canvas.setAttribute("aria-label", result.description);
    drawSeries(chart, result.chart, { xLabel: "step", yLabel: "J − J*", style: (name) => ({ color: color(name), dash: dash(name) }) });
    tableWrap.replaceChildren(table(runs));
    ctx.say(message, result.message, result.message_kind);
    draw3d(ctx);
  },
};
