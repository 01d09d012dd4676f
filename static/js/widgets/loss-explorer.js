// The loss explorer (chapter 6): squared error and cross-entropy of one sigmoid output,
// and the gradients each sends back through z. Curves and values come from the engine
// (engine/demos/loss_explorer_demo.py); this file draws them and reads the reader's input.
import { Plot, COLORS, slider, select, recordRedraw } from "../draw.js";
import { sig, dataXAt, tickedAxes, htmlLegend, readout } from "../draw-annotations.js";
import { readUrlState, writeUrlState } from "../url-state.js";

const NAME = "loss-explorer";
const URL_TABLE = [
  { key: "label", type: "int", min: 0, max: 1 },
  { key: "z", type: "number", min: -7, max: 7 },
];
const MSE_COLOR = COLORS.one;
const BCE_COLOR = COLORS.zero;

export function mount(ctx) {
  const { body, id } = ctx;
  const { curves, panels } = ctx.initial; // sampled once by the engine for both labels
  let result = ctx.initial;
  let inputStarted = null;

  body.innerHTML = "";
  const layout = document.createElement("div");
  layout.className = "widget-layout";
  const plots = document.createElement("div");
  plots.className = "loss-explorer-plots";
  const lossCanvas = document.createElement("canvas");
  lossCanvas.className = "widget-canvas wide";
  lossCanvas.setAttribute("role", "img");
  const gradientCanvas = document.createElement("canvas");
  gradientCanvas.className = "widget-canvas wide";
  gradientCanvas.setAttribute("aria-hidden", "true"); // the first canvas's label describes both panels
  plots.append(lossCanvas, gradientCanvas);
  htmlLegend(plots, [{ label: "MSE", color: MSE_COLOR }, { label: "cross-entropy (BCE)", color: BCE_COLOR }]);
  const controls = document.createElement("div");
  controls.className = "widget-controls";
  layout.append(plots, controls);
  body.append(layout);

  const label = select(controls, { label: "True label y", id: `${id}-label`, value: String(result.state.label),
    options: [["1", "y = 1"], ["0", "y = 0"]] });
  const z = slider(controls, { label: "Pre-activation z", id: `${id}-z`, min: -ctx.initial.z_limit, max: ctx.initial.z_limit,
    step: 0.01, value: result.state.z });
  const values = readout(controls, [
    ["y_hat", "ŷ = σ(z)"], ["slope", "σ′(z)"], ["mse", "MSE loss"], ["bce", "BCE loss"],
    ["mse_dz", "MSE ∂L/∂z"], ["bce_dz", "BCE ∂L/∂z"], ["ratio", "|BCE′| / |MSE′|"],
  ], "widget-readout loss-explorer-readout");
  const convention = document.createElement("p");
  convention.className = "loss-explorer-note";
  convention.innerHTML = "MSE is (ŷ − y)², as in the chapter, so ∂L/∂z = 2(ŷ − y)·σ′(z). "
    + "Cross-entropy's σ′ cancels: ∂L/∂z = ŷ − y. Drag on either plot to move the prediction.";
  controls.append(convention);
  const message = document.createElement("p");
  message.className = "widget-message";
  message.setAttribute("aria-live", "polite");
  body.append(message);

  let lossPlot = null;
  let gradientPlot = null;

  function series(xs, ys) { return xs.map((x, i) => [x, ys[i]]); }

  function drawPanel(canvas, panel, mseKey, bceKey, yLabel) {
    const plot = new Plot(canvas, panel.box, { padding: 34 });
    const { state, point } = result;
    const c = curves.by_label[String(state.label)];
    plot.clear();
    tickedAxes(plot, { xTicks: panel.x_ticks, yTicks: panel.y_ticks, xLabel: "prediction ŷ", yLabel });
    plot.line([[point.y_hat, panel.box[2]], [point.y_hat, panel.box[3]]], { color: COLORS.muted, width: 1, dash: [4, 4] });
    plot.line(series(curves.y_hat, c[mseKey]), { color: MSE_COLOR, width: 2.5 });
    plot.line(series(curves.y_hat, c[bceKey]), { color: BCE_COLOR, width: 2.5 });
    plot.point(point.y_hat, point[mseKey], { radius: 6, fill: MSE_COLOR, stroke: "#fff", width: 2 });
    plot.point(point.y_hat, point[bceKey], { radius: 6, fill: BCE_COLOR, stroke: "#fff", width: 2 });
    return plot;
  }

  function draw() {
    const { state, point } = result;
    const panel = panels[String(state.label)];
    lossPlot = drawPanel(lossCanvas, panel.loss, "mse", "bce", "loss L");
    gradientPlot = drawPanel(gradientCanvas, panel.gradient, "mse_dz", "bce_dz", "∂L/∂z");
    values.set("y_hat", sig(point.y_hat));
    values.set("slope", sig(point.sigmoid_slope));
    values.set("mse", sig(point.mse));
    values.set("bce", sig(point.bce));
    values.set("mse_dz", sig(point.mse_dz));
    values.set("bce_dz", sig(point.bce_dz));
    values.set("ratio", sig(point.gradient_ratio));
    message.textContent = result.message;
    message.dataset.regime = result.regime;
    lossCanvas.setAttribute("aria-label", result.description);
    if (inputStarted !== null) { recordRedraw(NAME, inputStarted); inputStarted = null; }
  }

  // `syncControls` is false when the reader's own control asked: overwriting it with an older
  // reply would make the slider jump back while the key is still held.
  function show(next, syncControls = true) {
    result = next;
    if (syncControls) {
      z.setOutput(result.state.z);
      label.value = String(result.state.label);
    }
    draw();
    writeUrlState(id, URL_TABLE, result.state);
  }

  const fromControls = (event) => {
    inputStarted = event.timeStamp;
    ctx.latest("evaluate", { label: Number(label.value), z: Number(z.value) }, (r) => show(r, false));
  };
  z.addEventListener("input", fromControls);
  label.addEventListener("change", fromControls);

  // Dragging on a plot moves the prediction; the engine turns ŷ back into z.
  for (const canvas of [lossCanvas, gradientCanvas]) {
    canvas.addEventListener("pointerdown", (event) => {
      canvas.setPointerCapture(event.pointerId);
      onDrag(canvas, event);
    });
    canvas.addEventListener("pointermove", (event) => { if (canvas.hasPointerCapture(event.pointerId)) onDrag(canvas, event); });
  }
  function onDrag(canvas, event) {
    const plot = canvas === lossCanvas ? lossPlot : gradientPlot;
    if (!plot) return;
    inputStarted = event.timeStamp;
    ctx.latest("evaluate", { label: Number(label.value), y_hat: dataXAt(plot, event) }, show);
  }

  draw();
  const fromUrl = readUrlState(id, URL_TABLE);
  if (Object.keys(fromUrl).length) {
    const args = { label: fromUrl.label ?? result.state.label, z: fromUrl.z ?? result.state.z };
    label.value = String(args.label);
    z.setOutput(args.z);
    ctx.onLive(() => ctx.call("evaluate", args).then((r) => r && show(r)));
  }
  window.addEventListener("resize", draw);
}
