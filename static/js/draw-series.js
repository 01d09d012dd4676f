// Several curves in one chart, laid out by the engine (engine/widgets/kit/series_chart.py):
// chart = { box, x_ticks, y_ticks, lines: [{name, label, points}], marks: [{x, label}] }.
// This file maps it to pixels; the colours of the series are the figure's choice.
import { Plot, COLORS } from "./draw.js";
import { tickedAxes } from "./draw-annotations.js";

/** Colours for up to six series, distinguishable in print and for the common colour-vision deficiencies. */
export const SERIES_COLORS = ["#2a5db0", "#d9822b", "#1d7a3a", "#8e44ad", "#b3261e", "#5b6770"];

// Themed like COLORS (--fig-series-1 … 6), updated in place.
function refreshSeriesColors() {
  if (typeof document === "undefined") return;
  const style = getComputedStyle(document.documentElement);
  SERIES_COLORS.forEach((_, i) => {
    const value = style.getPropertyValue(`--fig-series-${i + 1}`).trim();
    if (value) SERIES_COLORS[i] = value;
  });
}
refreshSeriesColors();
if (typeof document !== "undefined") document.addEventListener("nnbook:themechange", refreshSeriesColors);
export const SERIES_DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [4, 4]];

/** A Plot for a series chart on `canvas` (create once, hand to drawSeries on every redraw). */
export function seriesPlot(canvas) {
  return new Plot(canvas, [0, 1, 0, 1], { padding: 38 });
}

/** Draw `chart` on `plot`; `style(name, index)` → {color, dash, width} overrides the defaults; `fill` shades under each curve. */
export function drawSeries(plot, chart, { xLabel = "", yLabel = "", style = null, fill = false } = {}) {
  plot.box = chart.box;
  plot.clear();
  const [bx0, bx1, by0, by1] = chart.box;
  plot.polygon([[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1]], COLORS.plotArea);
  tickedAxes(plot, { xTicks: chart.x_ticks, yTicks: chart.y_ticks, xLabel, yLabel });
  const [, , y0, y1] = chart.box;
  for (const mark of chart.marks || []) {
    plot.line([[mark.x, y0], [mark.x, y1]], { color: COLORS.bad, width: 1.5, dash: [5, 4] });
    const c = plot.ctx;
    c.font = "11px system-ui, sans-serif";
    c.fillStyle = COLORS.bad;
    const x = plot.px(mark.x);
    const width = c.measureText(mark.label).width;
    c.textAlign = x + 4 + width > plot.width - 2 ? "right" : "left";
    c.fillText(mark.label, c.textAlign === "right" ? x - 4 : x + 4, plot.padding + 12);
    c.textAlign = "left";
  }
  chart.lines.forEach((line, i) => {
    const s = { color: SERIES_COLORS[i % SERIES_COLORS.length], dash: SERIES_DASHES[i % SERIES_DASHES.length], width: 2,
      ...(style ? style(line.name, i) : {}) };
    if (fill && line.points.length > 1) {
      // The area under the curve, faint: overlapping series stay readable, and a curve stands out.
      const pts = line.points;
      plot.polygon([[pts[0][0], by0], ...pts, [pts[pts.length - 1][0], by0]], `${s.color}1a`);
    }
    plot.line(line.points, s);
    const last = line.points[line.points.length - 1];
    if (last && line.points.length === 1) plot.point(last[0], last[1], { radius: 3, fill: s.color, stroke: null });
  });
  return plot;
}
