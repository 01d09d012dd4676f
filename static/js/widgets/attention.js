// Self-attention (chapter 10): the softmax weight matrix as a heat map (row = the token that
// looks, column = the token looked at), the chosen query's row in numbers, and what the causal
// mask and the √d_k scaling change. Every number comes from the engine (engine/widgets/attention.py).
import { Plot, COLORS, fmt } from "../draw.js";
import { matrix, equation } from "../draw-matrix.js";
import { drawGrid, cellAt } from "../draw-grid.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const LABEL = 52; // px for the token names

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** The query's row of scores and weights: the table is built once per sentence, then its cells change in place. */
function showRow(p, r, i, scores) {
  const key = r.tokens.join("\u0000");
  if (p.rowKey !== key) {
    const table = el("table", "attention-row");
    table.append(el("caption"));
    const head = table.createTHead().insertRow();
    head.append(el("th", "", "key j"), ...r.tokens.map((t, j) => el("th", "", `${j + 1} ${t}`)));
    for (const th of head.cells) th.scope = "col";
    const body = table.createTBody();
    for (const name of ["score", "weight"]) {
      const tr = body.insertRow();
      const th = el("th", "", name);
      th.scope = "row";
      tr.append(th, ...r.tokens.map(() => { const td = el("td"); td.dataset.field = name; return td; }));
    }
    p.row.replaceChildren(table);
    p.rowTable = table;
    p.rowKey = key;
  }
  const table = p.rowTable;
  setText(table.caption, `Query token ${i + 1} ('${r.tokens[i]}'): its scores and softmax weights`);
  const [scoreRow, weightRow] = table.tBodies[0].rows;
  scores.forEach((s, j) => setText(scoreRow.cells[j + 1], s));
  r.row.forEach((w, j) => setText(weightRow.cells[j + 1], fmt(w, 3)));
}

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
    showRow(p, r, i, scores);
    ctx.say(p.note, `${r.switch} ${r.comparison}`, "info");
    // Q, K, V change only with the sentence and d_k: rebuilt then, not on every query or mask change.
    const qkvKey = JSON.stringify([r.Q, r.K, r.V]);
    if (p.qkvKey !== qkvKey) {
      p.qkvKey = qkvKey;
      p.qkvBody.replaceChildren(equation([
        matrix(r.Q, { digits: 2, caption: `Q (6 × ${r.d_k})`, name: "Q" }),
        matrix(r.K, { digits: 2, caption: `K (6 × ${r.d_k})`, name: "K" }),
        matrix(r.V, { digits: 2, caption: `V (6 × ${r.d_k})`, name: "V" }),
      ], { label: "queries, keys and values" }));
    }
  },
};
