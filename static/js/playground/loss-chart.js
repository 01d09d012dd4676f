// The playground's loss curve: training (dark) and test (grey) loss over epochs, as the engine
// reported them. Only the mapping of numbers to pixels is computed here.

export function drawLossChart(canvas, rows, { dpr = window.devicePixelRatio || 1 } = {}) {
  const width = canvas.clientWidth || 240, height = canvas.clientHeight || 80;
  if (canvas.width !== Math.round(width * dpr)) { canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr); }
  const c = canvas.getContext("2d");
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.clearRect(0, 0, width, height);
  c.strokeStyle = "#d0d3d8";
  c.lineWidth = 1;
  c.strokeRect(0.5, 0.5, width - 1, height - 1);
  if (!rows.length) return;
  let top = 0;
  for (const [, a, b] of rows) top = Math.max(top, a, b);
  top = top > 0 && Number.isFinite(top) ? top : 1;
  const first = rows[0][0], last = Math.max(rows[rows.length - 1][0], first + 1);
  const px = (e) => 4 + ((e - first) / (last - first)) * (width - 8);
  const py = (v) => height - 4 - (Math.min(v, top) / top) * (height - 8);
  for (const [column, colour] of [[2, "#9aa0a6"], [1, "#1d2330"]]) {
    c.beginPath();
    rows.forEach((row, i) => (i ? c.lineTo(px(row[0]), py(row[column])) : c.moveTo(px(row[0]), py(row[column]))));
    c.strokeStyle = colour;
    c.lineWidth = 1.5;
    c.stroke();
  }
}
