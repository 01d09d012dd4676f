// Matrices as coloured cells on a canvas (images, kernels, feature maps, attention weights,
// hidden states). Values arrive from the engine; this file maps them to colours and pixels only.
import { COLORS, fmt } from "./draw.js";

/** A fill for `value` on a scale symmetric about 0 (blue positive, orange negative), or grey 0..1. */
export function cellColour(value, scale, { grey = false } = {}) {
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  if (grey) { const g = Math.round(255 - 215 * Math.max(0, t)); return `rgb(${g},${g},${g})`; }
  const a = Math.abs(t).toFixed(3);
  return t >= 0 ? `rgba(42,93,176,${a})` : `rgba(217,130,43,${a})`;
}

/**
 * Draw `rows` at pixel (x, y) with square cells of `cell` px on the Plot's context; returns its box.
 * Options: scale (|value| of full colour), grey (0..1 image), digits (write values when cells are large
 * enough), mark ([row, col, h, w] outlined), outline colour.
 */
export function drawGrid(plot, rows, x, y, cell, { scale = 1, grey = false, digits = null, mark = null, markColour = COLORS.highlight, dim = null } = {}) {
  const c = plot.ctx;
  const h = rows.length, w = h ? rows[0].length : 0;
  rows.forEach((row, i) => row.forEach((v, j) => {
    c.fillStyle = COLORS.paper;
    c.fillRect(x + j * cell, y + i * cell, cell, cell);
    c.fillStyle = dim && dim(i, j) ? COLORS.dim : cellColour(v, scale, { grey });
    c.fillRect(x + j * cell, y + i * cell, cell, cell);
  }));
  c.strokeStyle = COLORS.grid;
  c.lineWidth = 1;
  for (let i = 0; i <= h; i++) { c.beginPath(); c.moveTo(x, y + i * cell); c.lineTo(x + w * cell, y + i * cell); c.stroke(); }
  for (let j = 0; j <= w; j++) { c.beginPath(); c.moveTo(x + j * cell, y); c.lineTo(x + j * cell, y + h * cell); c.stroke(); }
  if (digits != null && cell >= 30) {
    c.font = `${Math.min(13, Math.floor(cell / 3))}px system-ui, sans-serif`;
    c.textAlign = "center";
    c.textBaseline = "middle";
    rows.forEach((row, i) => row.forEach((v, j) => {
      c.fillStyle = Math.abs(v) / (scale || 1) > 0.6 && !grey ? "#fff" : COLORS.ink;
      c.fillText(fmt(v, digits), x + (j + 0.5) * cell, y + (i + 0.5) * cell);
    }));
    c.textAlign = "start";
    c.textBaseline = "alphabetic";
  }
  if (mark) {
    const [r, q, mh, mw] = mark;
    c.strokeStyle = markColour;
    c.lineWidth = 3;
    c.strokeRect(x + q * cell, y + r * cell, mw * cell, mh * cell);
  }
  return { x, y, width: w * cell, height: h * cell };
}

/** The [row, col] of the cell under a pointer event inside a grid box drawn by drawGrid, or null. */
export function cellAt(plot, box, cell, event) {
  const rect = plot.canvas.getBoundingClientRect();
  const px = event.clientX - rect.left - box.x, py = event.clientY - rect.top - box.y;
  if (px < 0 || py < 0 || px >= box.width || py >= box.height) return null;
  return [Math.floor(py / cell), Math.floor(px / cell)];
}
