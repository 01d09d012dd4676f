// Drawing a fully connected network: columns of circles, every connection a line.
// Neuron centres and the radius come from the engine (engine/widgets/kit/network_layout.py);
// this file only maps them to pixels and paints.
import { COLORS } from "./draw.js";

/** Pixels per data unit of a Plot (the smaller of the two axes, so circles stay round). */
export function pixelsPerUnit(plot) {
  return Math.min(Math.abs(plot.px(1) - plot.px(0)), Math.abs(plot.py(1) - plot.py(0)));
}

/**
 * Paint the network of `layout` ({positions, radius}) on `plot`.
 * highlight: {layer, index} — that neuron and its incoming connections stand out.
 * activeLayer: a layer index drawn with an accent ring (the forward pass's current layer).
 * labels: labels[l][j] text written inside neuron j of layer l (null to leave it empty).
 * columnLabels: one caption under each layer; shortColumnLabels: the same, shorter, for when they do not fit.
 */
export function drawNetwork(plot, layout, { highlight = null, activeLayer = null, labels = null, columnLabels = null, shortColumnLabels = null } = {}) {
  const c = plot.ctx;
  const { positions } = layout;
  const radius = Math.max(3, layout.radius * pixelsPerUnit(plot));
  const edges = (from, to, color, width) => {
    c.beginPath();
    for (const [x1, y1] of to) for (const [x0, y0] of from) { c.moveTo(plot.px(x0), plot.py(y0)); c.lineTo(plot.px(x1), plot.py(y1)); }
    c.strokeStyle = color;
    c.lineWidth = width;
    c.stroke();
  };
  const dim = highlight && highlight.layer > 0;
  for (let l = 1; l < positions.length; l++) edges(positions[l - 1], positions[l], dim ? COLORS.edgeDim : COLORS.edge, 1);
  if (dim) edges(positions[highlight.layer - 1], [positions[highlight.layer][highlight.index]], COLORS.highlight, 2.5);

  c.textAlign = "center";
  c.textBaseline = "middle";
  positions.forEach((column, l) => column.forEach(([x, y], j) => {
    const chosen = highlight && highlight.layer === l && highlight.index === j;
    const feeding = dim && highlight.layer - 1 === l;
    c.beginPath();
    c.arc(plot.px(x), plot.py(y), radius, 0, 2 * Math.PI);
    c.fillStyle = chosen ? COLORS.highlight : l === 0 ? COLORS.inputFill : COLORS.paper;
    c.fill();
    c.lineWidth = chosen || feeding || activeLayer === l ? 2.5 : 1.5;
    c.strokeStyle = activeLayer === l ? COLORS.one : feeding ? COLORS.zero : COLORS.ink;
    c.stroke();
    const text = labels && labels[l] ? labels[l][j] : null;
    if (text != null) {
      c.font = `${Math.max(9, Math.min(13, radius * 0.62))}px system-ui, sans-serif`;
      c.fillStyle = COLORS.ink;
      c.fillText(text, plot.px(x), plot.py(y));
    }
  }));
  if (columnLabels) {
    c.font = "12px system-ui, sans-serif";
    c.fillStyle = COLORS.muted;
    c.textBaseline = "bottom";
    // Many layers on a narrow canvas: the short labels ("h1") when the long ones ("hidden 1")
    // would run into each other; a label that still has no room is left out (the table names every layer).
    const xs = positions.map((column) => plot.px(column[0][0]));
    const room = Math.min(...xs.slice(1).map((x, l) => x - xs[l]), Infinity) - 6;
    const fits = (texts) => texts.every((t) => c.measureText(t).width <= room);
    const texts = fits(columnLabels) || !shortColumnLabels ? columnLabels : shortColumnLabels;
    let lastRight = -Infinity;
    texts.forEach((t, l) => {
      const half = c.measureText(t).width / 2;
      const x = Math.min(Math.max(xs[l], half + 1), plot.width - half - 1);
      if (x - half < lastRight + 4) return;
      c.fillText(t, x, plot.height - 4);
      lastRight = x + half;
    });
  }
  c.textAlign = "start";
  c.textBaseline = "alphabetic";
}
