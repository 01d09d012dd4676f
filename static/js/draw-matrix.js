// Matrices and vectors as HTML (bracketed tables), for figures that show the numbers
// of a layer's computation. Values arrive from the engine as nested lists; nothing is
// computed here, only formatted.
import { fmt } from "./draw.js";

/**
 * A bracketed matrix with a caption under it, e.g. matrix([[1, 2], [3, 4]], {caption: "W[1] (2 × 2)"}).
 * rows: a list of rows (a column vector is [[a], [b], …]). className marks it for styling or tests.
 */
export function matrix(rows, { digits = 3, caption = "", className = "", name = "" } = {}) {
  const block = document.createElement("span");
  block.className = `matrix-block ${className}`.trim();
  if (name) block.dataset.matrix = name;
  const table = document.createElement("table");
  table.className = "matrix";
  for (const row of rows) {
    const tr = document.createElement("tr");
    for (const value of row) {
      const td = document.createElement("td");
      td.textContent = fmt(value, digits);
      td.dataset.value = String(value);
      tr.append(td);
    }
    table.append(tr);
  }
  block.append(table);
  if (caption) {
    const label = document.createElement("span");
    label.className = "matrix-caption";
    label.textContent = caption;
    block.append(label);
  }
  return block;
}

/**
 * Show `rows` in a block made by matrix() with the same shape, changing only the cells whose value
 * changed (a drag redraws many times a second: no new table, no layout of a new subtree).
 * Returns false, touching nothing, when the shape differs (make a new block then).
 */
export function refillMatrix(block, rows, { digits = 3 } = {}) {
  const trs = block.querySelector("table.matrix").rows;
  if (trs.length !== rows.length || rows.some((row, i) => trs[i].cells.length !== row.length)) return false;
  rows.forEach((row, i) => row.forEach((value, j) => {
    const td = trs[i].cells[j];
    const raw = String(value);
    if (td.dataset.value === raw) return;
    td.dataset.value = raw;
    td.textContent = fmt(value, digits);
  }));
  return true;
}

/** A row of matrices and operator signs ("=", "+", "·", "→"), wrapping on narrow screens. */
export function equation(parts, { label = "" } = {}) {
  const row = document.createElement("div");
  row.className = "matrix-equation";
  if (label) row.setAttribute("aria-label", label);
  for (const part of parts) {
    if (typeof part === "string") {
      const op = document.createElement("span");
      op.className = "matrix-op";
      op.textContent = part;
      row.append(op);
    } else row.append(part);
  }
  return row;
}

/** "(a, b, c)" for a list of numbers. */
export function tuple(values, digits = 3) {
  return `(${values.map((v) => fmt(v, digits)).join(", ")})`;
}
