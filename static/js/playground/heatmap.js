// Paints the playground's grids: bytes from the engine (static/js/widgets/playground.js gets them
// as base64; a byte b stands for b / 255 * 2 - 1 in [-1, 1]) become colours, TensorFlow
// Playground's orange (-1) · white (0) · blue (+1). Nothing here computes a model value.

export const NEGATIVE = [245, 147, 34];
export const POSITIVE = [8, 119, 189];
const MIDDLE = [240, 241, 242];
// One colour per class for 3-5 classes (class 0 orange and 1 blue, as with two).
export const CLASS_COLORS = [NEGATIVE, POSITIVE, [46, 160, 67], [170, 60, 170], [200, 50, 50]];

const decoded = new Map(); // the last strings decoded, so a frame's bytes are decoded once
/** base64 → Uint8Array. */
export function decode(text) {
  if (decoded.has(text)) return decoded.get(text);
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  if (decoded.size > 200) decoded.clear();
  decoded.set(text, bytes);
  return bytes;
}

export const byteValue = (b) => (b / 255) * 2 - 1;

export function rgb([r, g, b], alpha = 1) { return alpha === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha})`; }

function mix(into, i, colour, t) {
  into[i] = MIDDLE[0] + (colour[0] - MIDDLE[0]) * t;
  into[i + 1] = MIDDLE[1] + (colour[1] - MIDDLE[1]) * t;
  into[i + 2] = MIDDLE[2] + (colour[2] - MIDDLE[2]) * t;
  into[i + 3] = 255;
}

const scratch = new Map(); // n → an n×n canvas the grid is painted on before scaling
function gridCanvas(n) {
  if (!scratch.has(n)) {
    const c = document.createElement("canvas");
    c.width = n; c.height = n;
    scratch.set(n, { canvas: c, ctx: c.getContext("2d"), image: c.getContext("2d").createImageData(n, n) });
  }
  return scratch.get(n);
}

/**
 * Paint one n×n grid of bytes onto `target` (a 2-D context) over the rectangle (x, y, w, h).
 * `winner` (bytes of class indices) colours by class with `bytes` as confidence; `discretize`
 * shows only which side of 0 (or which class) a cell is on.
 */
export function paintGrid(target, bytes, n, x, y, w, h, { winner = null, classes = 2, discretize = false } = {}) {
  // A canvas of exactly n×n pixels takes the image as it is; any other is drawn to scale.
  const direct = x === 0 && y === 0 && target.canvas.width === n && target.canvas.height === n && w === n && h === n;
  const { canvas, ctx, image } = gridCanvas(n);
  const data = image.data;
  const floor = winner ? 1 / classes : 0;
  for (let i = 0; i < n * n; i++) {
    const v = byteValue(bytes[i]);
    if (winner) {
      const p = (v + 1) / 2; // the winning probability
      mix(data, 4 * i, CLASS_COLORS[winner[i] % CLASS_COLORS.length], discretize ? 0.8 : Math.max(0, (p - floor) / (1 - floor)) * 0.8);
    } else {
      const t = discretize ? (v === 0 ? 0 : 0.8) : Math.min(1, Math.abs(v)) * 0.8;
      mix(data, 4 * i, v >= 0 ? POSITIVE : NEGATIVE, t);
    }
  }
  if (direct) { target.putImageData(image, 0, 0); return; }
  ctx.putImageData(image, 0, 0);
  target.imageSmoothingEnabled = !discretize;
  target.drawImage(canvas, x, y, w, h);
}
