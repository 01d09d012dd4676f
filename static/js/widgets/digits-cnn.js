// The digits CNN (chapter 10): trained on the server as a job, then inspected here. The job's
// result carries the weights; feature maps and the drawing pad's classification are engine calls
// (engine/widgets/digits_cnn.py) that run in the browser's worker. The controls (the job's
// parameters) are built by the figure mount from the option table; this file draws and reads input.
import { Plot, COLORS } from "../draw.js";
import { el, liveLine } from "../draw-figure.js";
import { jobPanel, controlValues } from "../job-client.js";
import { STATIC } from "../site.js";

const PAD_PIXELS = 224;

// Paint a grid of numbers as squares: grey from 0 (white) to the grid's largest value (black),
// or, for signed weights, blue for positive and orange for negative.
function paintGrid(canvas, grid, { size = 64, signed = false } = {}) {
  const rows = grid.length, cols = grid[0].length;
  canvas.width = canvas.height = size;
  const c = canvas.getContext("2d");
  const flat = grid.flat();
  const scale = Math.max(...flat.map(Math.abs)) || 1;
  const cell = size / Math.max(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = grid[i][j] / scale;
      if (signed) c.fillStyle = v >= 0 ? `rgba(42,93,176,${v})` : `rgba(217,130,43,${-v})`;
      else { const g = Math.round(255 * (1 - Math.max(0, v))); c.fillStyle = `rgb(${g},${g},${g})`; }
      c.fillRect(j * cell, i * cell, cell + 0.5, cell + 0.5);
    }
  }
}

// The data set's first images side by side on one canvas (40 px a digit, grey as in paintGrid).
function paintStrip(parent, strip) {
  const size = 40;
  const canvas = document.createElement("canvas");
  canvas.className = "digits-thumb digits-strip-canvas";
  canvas.width = size * strip.images.length;
  canvas.height = size;
  const c = canvas.getContext("2d");
  const one = document.createElement("canvas");
  strip.images.forEach((im, i) => { paintGrid(one, im, { size }); c.drawImage(one, i * size, 0); });
  const words = `the first ${strip.images.length} images of the data set: ${strip.labels.join(", ")}`;
  canvas.title = words;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", words);
  parent.append(canvas);
}

function thumb(parent, grid, { title = "", size = 56, signed = false, className = "digits-thumb" } = {}) {
  const canvas = document.createElement("canvas");
  canvas.className = className;
  paintGrid(canvas, grid, { size, signed });
  if (title) { canvas.title = title; canvas.setAttribute("aria-label", title); }
  parent.append(canvas);
  return canvas;
}

const reshape = (flat, n) => Array.from({ length: flat.length / n }, (_, i) => flat.slice(i * n, (i + 1) * n));

function section(parent, title) {
  const box = document.createElement("div");
  box.className = "digits-section";
  const h = document.createElement("h4");
  h.textContent = title;
  box.append(h);
  parent.append(box);
  return box;
}

function probabilityBars(parent, probabilities, predicted) {
  parent.innerHTML = "";
  const list = document.createElement("ol");
  list.className = "digits-probabilities";
  list.start = 0;
  probabilities.forEach((p, d) => {
    const li = document.createElement("li");
    li.dataset.digit = String(d);
    li.dataset.probability = String(p);
    if (d === predicted) li.className = "predicted";
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${(100 * p).toFixed(1)}%`;
    li.append(`${d} `, bar, ` ${(100 * p).toFixed(1)} %`);
    list.append(li);
  });
  parent.append(list);
}

function button(parent, text, id, className = "") {
  const b = el("button", className, text);
  b.type = "button";
  b.id = id;
  parent.append(b);
  return b;
}

function drawCurves(canvas, history) {
  const n = Math.max(history.loss.length, 1);
  const top = Math.max(1, ...history.loss);
  const plot = new Plot(canvas, [0, n + 1, 0, top], { padding: 30 });
  plot.clear();
  plot.line([[0, 0], [n + 1, 0]], { color: COLORS.muted, width: 1 });
  plot.line(history.loss.map((v, i) => [i + 1, v]), { color: COLORS.one, width: 2 });
  plot.line(history.test_accuracy.map((v, i) => [i + 1, v * top]), { color: COLORS.zero, width: 2 });
  canvas.setAttribute("aria-label", `training loss (blue) and test accuracy (orange, scaled to the loss axis) over ${history.loss.length} epochs`);
}

export default {
  setup(ctx) {
    const { id } = ctx;
    const layout = el("div", "widget-layout digits-cnn");
    const main = el("div", "digits-main");
    layout.append(ctx.controls, main);
    ctx.body.append(layout);

    const strip = section(main, "The data: 8 × 8 handwritten digits");
    const stripImages = el("div", "digits-strip");
    const cite = el("p", "digits-citation");
    strip.append(stripImages, cite);

    const train = button(ctx.slot("buttons"), STATIC ? "Show the stored training" : "Train on the server", `${id}-train`, "primary");
    const panel = jobPanel(ctx.controls, { id });

    const curve = section(main, "Learning curves");
    const curveCanvas = el("canvas", "widget-canvas wide");
    curveCanvas.setAttribute("role", "img");
    curve.append(curveCanvas);
    const summary = liveLine("widget-message digits-summary");
    curve.append(summary);

    const filtersBox = section(main, "The learned filters");
    const mapsBox = section(main, "Feature maps of one test image (choose one)");
    const picker = el("div", "digits-picker");
    const maps = el("div", "digits-maps");
    const mapProbs = el("div");
    mapsBox.append(picker, maps, mapProbs);
    const confusionBox = section(main, "Confusion matrix on the test set (rows: true digit, columns: prediction)");
    const padBox = section(main, "Draw a digit: the trained network reads it, in your browser");
    const pad = el("canvas", "digits-pad");
    pad.width = pad.height = PAD_PIXELS;
    pad.setAttribute("aria-label", "drawing pad");
    const clear = button(padBox, "Clear", `${id}-clear`);
    const seen = el("div", "digits-seen");
    const padProbs = el("div");
    const padMessage = liveLine("widget-message digits-pad-message");
    padBox.append(pad, padMessage, seen, padProbs);

    const parts = { stripImages, cite, curveCanvas, history: { loss: [], test_accuracy: [] }, model: null };
    ctx.parts = parts;

    function showFeatures(result) {
      maps.innerHTML = "";
      thumb(maps, reshape(result.pixels.flat(), 8), { title: "the image", size: 72 });
      result.relu.forEach((m, f) => thumb(maps, m, { title: `feature map ${f + 1} after ReLU`, size: 72 }));
      probabilityBars(mapProbs, result.probabilities, result.predicted);
    }

    function showResult(result) {
      const model = result.model;
      parts.model = model;
      parts.history.loss = result.history.loss;
      parts.history.test_accuracy = result.history.test_accuracy;
      drawCurves(curveCanvas, parts.history);
      summary.textContent = `Test accuracy ${(100 * result.test_accuracy).toFixed(1)} % on ${result.split.test} unseen images `
        + `(training accuracy ${(100 * result.train_accuracy).toFixed(1)} %).${result.message ? " " + result.message : ""}`;
      summary.dataset.testAccuracy = String(result.test_accuracy);
      filtersBox.querySelectorAll("canvas").forEach((c) => c.remove());
      result.filters.forEach((w, f) => thumb(filtersBox, w, { title: `filter ${f + 1}`, size: 56, signed: true }));
      picker.innerHTML = "";
      result.samples.images.forEach((im, i) => {
        const c = thumb(picker, reshape(im, 8), { title: `test image of a ${result.samples.labels[i]}`, size: 36 });
        c.tabIndex = 0;
        const choose = () => ctx.call("features", { model, image: im }).then((r) => r && showFeatures(r));
        c.addEventListener("click", choose);
        c.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") choose(); });
      });
      ctx.call("features", { model, image: result.samples.images[0] }).then((r) => r && showFeatures(r));
      confusionBox.querySelectorAll("table").forEach((t) => t.remove());
      const table = el("table", "digits-confusion");
      const head = table.insertRow();
      head.insertCell().textContent = "";
      for (let d = 0; d < 10; d++) head.insertCell().textContent = String(d);
      const top = Math.max(...result.confusion.flat());
      result.confusion.forEach((row, i) => {
        const tr = table.insertRow();
        tr.insertCell().textContent = String(i);
        row.forEach((count, j) => {
          const td = tr.insertCell();
          td.textContent = String(count);
          td.style.background = i === j ? `rgba(42,93,176,${count / top})` : count ? `rgba(217,130,43,${0.2 + count / top})` : "";
        });
      });
      confusionBox.append(table);
      ctx.figure.dataset.trained = "true";
    }

    // A static copy has no server: it shows the training stored for the chapter's settings at once.
    if (STATIC) setTimeout(() => train.click(), 0);
    train.addEventListener("click", async () => {
      train.disabled = true;
      parts.history.loss = [];
      parts.history.test_accuracy = [];
      // The controls as they stand (the server checks every value again and says what it refuses).
      const result = await panel.run("digits-cnn", controlValues(ctx), {
        onProgress(event) {
          if (event.epoch === undefined) return;
          parts.history.loss.push(event.loss);
          parts.history.test_accuracy.push(event.test_accuracy);
          drawCurves(curveCanvas, parts.history);
        },
      });
      train.disabled = false;
      if (result) showResult(result);
    });

    // The pad: strokes are drawn twice, on the visible canvas and on a small one whose ink
    // coverage (the browser's own rasterising) is what the engine receives.
    const size = ctx.result.pad_size;
    const small = document.createElement("canvas");
    small.width = small.height = size;
    const sc = small.getContext("2d");
    const pc = pad.getContext("2d");
    const ratio = size / PAD_PIXELS;
    function resetPad() {
      for (const [c, w] of [[pc, PAD_PIXELS], [sc, size]]) { c.fillStyle = "#fff"; c.fillRect(0, 0, w, w); }
      seen.innerHTML = "";
      padProbs.innerHTML = "";
      ctx.say(padMessage, "");
    }
    resetPad();
    clear.addEventListener("click", resetPad);
    let last = null;
    const at = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * PAD_PIXELS / r.width, (e.clientY - r.top) * PAD_PIXELS / r.height]; };
    function stroke(a, b) {
      for (const [c, k, w] of [[pc, 1, 18], [sc, ratio, 18 * ratio]]) {
        c.strokeStyle = "#000"; c.lineWidth = w; c.lineCap = c.lineJoin = "round";
        c.beginPath(); c.moveTo(a[0] * k, a[1] * k); c.lineTo(b[0] * k, b[1] * k); c.stroke();
      }
    }
    pad.addEventListener("pointerdown", (e) => { pad.setPointerCapture(e.pointerId); last = at(e); stroke(last, last); });
    pad.addEventListener("pointermove", (e) => { if (!last) return; const p = at(e); stroke(last, p); last = p; });
    pad.addEventListener("pointerup", () => {
      last = null;
      if (!parts.model) { ctx.say(padMessage, "Train the network first: the pad is read with its weights.", "info"); return; }
      const data = sc.getImageData(0, 0, size, size).data;
      const coverage = reshape(Array.from({ length: data.length / 4 }, (_, i) => 1 - data[4 * i] / 255), size);
      const args = { model: parts.model, pad: coverage };
      ctx.call("classify", args).then((r) => {
        if (!r) return;
        window.__nnbookDigits = { args, result: r };  // test hook: the same call on the server must agree
        seen.innerHTML = "";
        thumb(seen, r.pixels, { title: "what the network sees (8 × 8)", size: 72 });
        seen.append(el("p", "digits-verdict", `The network reads a ${r.predicted}.`));
        probabilityBars(padProbs, r.probabilities, r.predicted);
      });
    });
  },

  // Every setting is for the next training: the first frame for it says so in the description.
  request: () => null,

  draw(ctx, result) {
    const { stripImages, cite, curveCanvas, history } = ctx.parts;
    // The browser's engine has no data file (strip null): the server's strip stays on show.
    if (result.strip) {
      stripImages.replaceChildren();
      paintStrip(stripImages, result.strip);
    }
    cite.textContent = `Data: ${result.citation}.`;
    drawCurves(curveCanvas, history);
  },
};
