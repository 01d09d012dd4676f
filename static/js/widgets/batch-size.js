// Batch size (chapter 8): full-batch, mini-batch and single-sample SGD paths on the loss surface of
// a line fitted to noisy points. Paths, contours and numbers come from the engine
// (engine/widgets/batch_size.py); this file draws them.
import { Plot, COLORS } from "../draw.js";
import { paintShade, strokeSegments, sequentialPalette } from "../draw-probability.js";
import { tickedAxes, sig, htmlLegend } from "../draw-annotations.js";
import { seriesPlot, drawSeries, SERIES_COLORS, SERIES_DASHES } from "../draw-series.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const PALETTE = sequentialPalette([90, 110, 150], 0.6);
const STYLE = { full: { color: SERIES_COLORS[0], width: 3 }, mini: { color: SERIES_COLORS[1], width: 1.5 },
  single: { color: SERIES_COLORS[4], width: 1 } };

// Paths and chart lines of the runs shown lately, by run id (an id names all a run depends on, so a
// held run is right for any figure that names it). The current result's runs are always among the
// most recent: a reply that leaves them out finds them here.
const held = new Map();
const HELD = 48;

function hold(result) {
  if (!result || !result.runs || !result.chart) return;
  const lines = new Map(result.chart.lines.map((line) => [line.id, line.points]));
  for (const run of result.runs) {
    if (!run.id || !run.path || !lines.get(run.id)) continue;
    held.delete(run.id);
    held.set(run.id, { path: run.path, points: lines.get(run.id) });
  }
  while (held.size > HELD) held.delete(held.keys().next().value);
}

function table(runs) {
  const t = el("table", "ch8-table");
  t.innerHTML = "<thead><tr><th>batch</th><th>steps</th><th>steps per epoch</th><th>J − J* at the end</th><th>wander in the last epoch</th></tr></thead>";
  const body = el("tbody");
  for (const r of runs) {
    const row = el("tr");
    row.dataset.run = r.name;
    const diverged = r.status === "diverged";
    row.append(el("td", "", r.label), el("td", "", String(r.steps)), el("td", "", String(r.per_epoch)),
      el("td", "", diverged ? "diverged" : sig(r.gap, 3)), el("td", "", diverged ? "—" : sig(r.spread, 3)));
    body.append(row);
  }
  t.append(body);
  return t;
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const column = el("div");
    const map = canvas("square");
    const chart = canvas("epoch-chart");
    chart.removeAttribute("role");
    chart.setAttribute("aria-hidden", "true");
    const legend = el("div");
    htmlLegend(legend, [{ label: "full batch", color: STYLE.full.color }, { label: "mini-batch", color: STYLE.mini.color },
      { label: "single sample", color: STYLE.single.color }]);
    column.append(map, legend, el("p", "ch8-chart-title", "J − J* against the epoch (log scale)"), chart);
    layout.append(column, ctx.controls);
    const message = liveLine("widget-message");
    const tableWrap = el("div", "ch8-table-wrap");
    ctx.body.append(layout, message, tableWrap);
    ctx.parts = { map: new Plot(map, [0, 1, 0, 1], { padding: 30 }), chart: seriesPlot(chart), message, tableWrap };
  },

  // A slider asks for the runs alone ("rerun"); the contour map, which never changes, stays. The runs
  // the page holds are named by id, and come back without their path and chart points (the full-batch
  // and single-sample runs while the mini-batch slider moves): those are filled in from `held`.
  request(ctx) {
    hold(ctx.result);
    return { call: "rerun", args: { options: ctx.values, have: (ctx.result.runs || []).map((r) => r.id).filter((id) => held.has(id)) } };
  },
  merge(previous, reply) {
    for (const run of reply.runs || []) if (!run.path && held.has(run.id)) run.path = held.get(run.id).path;
    for (const line of (reply.chart && reply.chart.lines) || []) if (!line.points && held.has(line.id)) line.points = held.get(line.id).points;
    hold(reply);
    return { ...previous, ...reply };
  },

  resize(ctx) {
    ctx.parts.map.resize();
    ctx.parts.chart.resize();
    this.draw(ctx, ctx.result);
  },

  draw(ctx, result) {
    const { map, chart, message, tableWrap } = ctx.parts;
    map.box = result.box;
    map.clear();
    paintShade(map, result.map, PALETTE);
    for (const contour of result.map.contours) strokeSegments(map, contour.segments, { color: "rgba(60,70,100,0.35)", width: 1 });
    tickedAxes(map, { xTicks: [-2, 0, 2, 4], yTicks: [-4, -2, 0, 2, 4], xLabel: "w", yLabel: "b" });
    for (const name of ["single", "mini", "full"]) {
      const r = result.runs.find((run) => run.name === name);
      if (!r || !r.path) continue; // never expected: a reply leaves out only runs the page holds
      map.line(r.path, STYLE[name]);
      const [x, y] = r.path[r.path.length - 1];
      map.point(x, y, { radius: 4, fill: STYLE[name].color, stroke: COLORS.paper, width: 1 });
    }
    map.point(result.argmin[0], result.argmin[1], { radius: 5, fill: COLORS.highlight, stroke: COLORS.ink, width: 1 });
    map.point(result.start[0], result.start[1], { radius: 5, fill: COLORS.paper, stroke: COLORS.ink, width: 2 });
    map.canvas.setAttribute("aria-label", result.description);
    drawSeries(chart, result.chart, { xLabel: "epoch", yLabel: "J − J*", style: (name) => ({ color: STYLE[name].color, width: 1.5 }) });
    ctx.say(message, result.message, result.message_kind);
    tableWrap.replaceChildren(table(result.runs));
  },
};
