// Painting a probability map the engine computed (engine/widgets/kit/probability_map.py):
// a grid of shades, contour segments, and the colour scale they share.
// Nothing here evaluates a model; the bytes already hold round(255 p).
import { COLORS } from "./draw.js";

// RGB of the two classes (COLORS.one is blue = class 1, COLORS.zero orange = class 0).
const ONE = [42, 93, 176];
const ZERO = [217, 130, 43];
const STRENGTH = 0.6; // how far towards the class colour p = 0 or 1 goes, from white at p = 0.5

/** 256 RGBA colours, index = shade byte: orange (p = 0) through white (p = 0.5) to blue (p = 1). */
const PALETTE = (() => {
  const table = new Uint8ClampedArray(256 * 4);
  for (let k = 0; k < 256; k++) {
    const towards = k >= 128 ? ONE : ZERO;
    const amount = (Math.abs(k - 127.5) / 127.5) * STRENGTH;
    for (let c = 0; c < 3; c++) table[4 * k + c] = Math.round(255 + (towards[c] - 255) * amount);
    table[4 * k + 3] = 255;
  }
  return table;
})();

const decoded = new Map(); // the last few shade strings → bytes (a redraw repeats the same string)

function bytesOf(base64) {
  let bytes = decoded.get(base64);
  if (!bytes) {
    const text = atob(base64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    if (decoded.size > 8) decoded.clear();
    decoded.set(base64, bytes);
  }
  return bytes;
}

/**
 * Paint `map` = { extent: [x0, x1, y0, y1], n, shade } onto `plot`: n × n cells, row 0 of the
 * bytes at the bottom (y0). The browser's smoothing blends neighbouring cells when scaling.
 */
const tiles = new Map(); // n → { canvas, context, image }: one small offscreen canvas per grid size, reused

function tileOf(n) {
  let tile = tiles.get(n);
  if (!tile) {
    const canvas = document.createElement("canvas");
    canvas.width = n;
    canvas.height = n;
    const context = canvas.getContext("2d");
    tile = { canvas, context, image: context.createImageData(n, n) };
    tiles.set(n, tile);
  }
  return tile;
}

/** 256 RGBA colours from white (byte 0) to `rgb` (byte 255): a one-sided scale such as a loss's height. */
export function sequentialPalette(rgb, strength = 0.75) {
  const table = new Uint8ClampedArray(256 * 4);
  for (let k = 0; k < 256; k++) {
    for (let c = 0; c < 3; c++) table[4 * k + c] = Math.round(255 + (rgb[c] - 255) * (k / 255) * strength);
    table[4 * k + 3] = 255;
  }
  return table;
}

export function paintShade(plot, map, palette = PALETTE) {
  const { n, extent } = map;
  const bytes = bytesOf(map.shade);
  const tile = tileOf(n);
  const pixels = tile.image.data;
  for (let row = 0; row < n; row++) {
    const source = (n - 1 - row) * n; // canvas rows run top-down, data rows bottom-up
    for (let col = 0; col < n; col++) {
      const from = 4 * bytes[source + col];
      const to = 4 * (row * n + col);
      pixels[to] = palette[from]; pixels[to + 1] = palette[from + 1]; pixels[to + 2] = palette[from + 2]; pixels[to + 3] = 255;
    }
  }
  tile.context.putImageData(tile.image, 0, 0);
  const [x0, x1, y0, y1] = extent;
  const left = plot.px(x0), top = plot.py(y1);
  plot.ctx.imageSmoothingEnabled = true;
  plot.ctx.drawImage(tile.canvas, left, top, plot.px(x1) - left, plot.py(y0) - top);
}

/** Stroke line segments [[[x, y], [x, y]], …] in one path. */
export function strokeSegments(plot, segments, { color = COLORS.ink, width = 2, dash = [] } = {}) {
  if (!segments || !segments.length) return;
  const c = plot.ctx;
  c.beginPath();
  c.setLineDash(dash);
  for (const [[ax, ay], [bx, by]] of segments) {
    c.moveTo(plot.px(ax), plot.py(ay));
    c.lineTo(plot.px(bx), plot.py(by));
  }
  c.strokeStyle = color;
  c.lineWidth = width;
  c.stroke();
  c.setLineDash([]);
}

/** A small text label in data coordinates, nudged by (dx, dy) pixels. */
export function label(plot, text, x, y, { color = COLORS.ink, dx = 4, dy = -4, font = "12px system-ui, sans-serif" } = {}) {
  const c = plot.ctx;
  c.font = font;
  c.fillStyle = color;
  c.fillText(text, plot.px(x) + dx, plot.py(y) + dy);
}
