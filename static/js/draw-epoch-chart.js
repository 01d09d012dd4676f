// A small chart of a quantity per epoch, laid out by the engine (engine/widgets/kit/epoch_charts.py):
// chart = { box, x_ticks, y_ticks, bars? | line? }. This file maps it to pixels.
import { Plot, COLORS } from "./draw.js";

/** A Plot for an epoch chart on `canvas`, to create once and hand to drawEpochChart on every redraw. */
export function epochChartPlot(canvas) {
  return new Plot(canvas, [0, 1, 0, 1], { padding: 30 });
}

/**
 * Draw `chart` on `plot` (from epochChartPlot; its box becomes the chart's). Options: xLabel,
 * yLabel, color, highlight (indices of bars to draw in COLORS.bad, e.g. epochs inside a loop).
 */
export function drawEpochChart(plot, chart, { xLabel = "epoch", yLabel = "", color = COLORS.one, highlight = [] } = {}) {
  plot.box = chart.box;
  const c = plot.ctx;
  plot.clear();
  const [x0, x1, y0, y1] = chart.box;
  c.font = "11px system-ui, sans-serif";
  c.lineWidth = 1;
  for (const tick of chart.y_ticks) {
    c.strokeStyle = COLORS.grid;
    c.beginPath(); c.moveTo(plot.px(x0), plot.py(tick.value)); c.lineTo(plot.px(x1), plot.py(tick.value)); c.stroke();
    c.fillStyle = COLORS.muted;
    c.textAlign = "right";
    c.fillText(tick.label, plot.px(x0) - 4, plot.py(tick.value) + 4);
  }
  c.textAlign = "center";
  for (const tick of chart.x_ticks) c.fillText(tick.label, plot.px(tick.value), plot.py(y0) + 13);
  c.textAlign = "left";
  c.strokeStyle = COLORS.muted;
  c.beginPath(); c.moveTo(plot.px(x0), plot.py(y1)); c.lineTo(plot.px(x0), plot.py(y0)); c.lineTo(plot.px(x1), plot.py(y0)); c.stroke();
  const marked = new Set(highlight);
  (chart.bars || []).forEach((bar, i) => plot.polygon(bar, marked.has(i) ? COLORS.bad : color));
  if (chart.line) {
    plot.line(chart.line, { color, width: 2 });
    const last = chart.line[chart.line.length - 1];
    if (last) plot.point(last[0], last[1], { radius: 3, fill: color, stroke: null });
  }
  c.fillStyle = COLORS.ink;
  c.fillText(yLabel, plot.px(x0) + 4, 12);
  c.textAlign = "right";
  c.fillText(xLabel, plot.width - 4, plot.height - 4);
  c.textAlign = "left";
  return plot;
}
