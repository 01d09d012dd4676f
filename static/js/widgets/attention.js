// Self-attention (chapter 10): the softmax weight matrix as a heat map (row = the token that
// looks, column = the token looked at), the chosen query's row in numbers, and what the causal
// mask and the √d_k scaling change. Every number comes from the engine (engine/widgets/attention.py).
import { Plot, COLORS, fmt } from "../draw.js";
import { matrix, equation } from "../draw-matrix.js";
import { drawGrid, cellAt } from "../draw-grid.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const LABEL = 52; // px for the token names

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    const heat = canvas("square attention-heat");
    drawing.append(heat, el("p", "attention-legend", "Rows: the query token i; columns: the key token j; darker blue = more weight. Grey: masked. Click a row to make it the query."));
    layout.append(drawing, ctx.controls);
    const row = el("div", "matrix-scroll");
    const note = liveLine("widget-message");
    const qkv = el("details", "attention-qkv");
    qkv.append(el("summary", "", "Q, K and V"));
    const qkvBody = el("div", "matrix-scroll");
    qkv.append(qkvBody);
    ctx.body.append(layout, row, note, qkv);
    const plot = new Plot(heat, [0, 1, 0, 1], { padding: 0 });
    ctx.parts = { heat, plot, row, note, qkvBody };
    heat.addEventListener("click", (event) => {
      if (!ctx.parts.box) return;
      const hit = cellAt(plot, ctx.parts.box, ctx.parts.cell, event);
      if (hit) ctx.setValue("query", hit[0] + 1, event);
    });
  },

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const plot = p.plot;
    plot.clear();
    const T = r.tokens.length;
    const cell = Math.floor(Math.min((plot.width - LABEL) / T, (plot.height - LABEL) / T));
    p.cell = cell;
    const masked = (i, j) => r.scores[i][j] === null;
    p.box = drawGrid(plot, r.weights, LABEL, LABEL, cell, { scale: 1, digits: 2, mark: [r.query - 1, 0, 1, T], dim: masked });
    const c = plot.ctx;
    c.font = "12px system-ui, sans-serif";
    c.fillStyle = COLORS.ink;
    c.textAlign = "right";
    r.tokens.forEach((t, i) => c.fillText(`${i + 1} ${t}`, LABEL - 4, LABEL + (i + 0.5) * cell + 4));
    c.textAlign = "center";
    r.tokens.forEach((t, j) => c.fillText(t, LABEL + (j + 0.5) * cell, LABEL - 8));
    c.textAlign = "start";
    p.heat.setAttribute("aria-label", r.description);
    const i = r.query - 1;
    const scores = r.scores[i].map((s) => (s === null ? "masked" : fmt(s, 3)));
    const table = el("table", "attention-row");
    table.innerHTML = `<caption>Query token ${i + 1} ('${r.tokens[i]}'): its scores and softmax weights</caption>
      <thead><tr><th scope="col">key j</th>${r.tokens.map((t, j) => `<th scope="col">${j + 1} ${t}</th>`).join("")}</tr></thead>
      <tbody><tr><th scope="row">score</th>${scores.map((s) => `<td data-field="score">${s}</td>`).join("")}</tr>
      <tr><th scope="row">weight</th>${r.row.map((w) => `<td data-field="weight">${fmt(w, 3)}</td>`).join("")}</tr></tbody>`;
    p.row.replaceChildren(table);
    ctx.say(p.note, `${r.switch} ${r.comparison}`, "info");
    p.qkvBody.replaceChildren(equation([
      matrix(r.Q, { digits: 2, caption: `Q (6 × ${r.d_k})`, name: "Q" }),
      matrix(r.K, { digits: 2, caption: `K (6 × ${r.d_k})`, name: "K" }),
      matrix(r.V, { digits: 2, caption: `V (6 × ${r.d_k})`, name: "V" }),
    ], { label: "queries, keys and values" }));
  },
};
