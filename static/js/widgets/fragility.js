// Fragility (chapter 9): a test image, the gradient-sign perturbation ε·sign(∂L/∂x) and their
// sum, with the classifier's probability before and after. Every number comes from the engine
// (engine/widgets/fragility.py); this file draws.
import { Plot, fmt } from "../draw.js";
import { readout } from "../draw-annotations.js";
import { drawGrid } from "../draw-grid.js";
import { el, canvas, liveLine } from "../draw-figure.js";

const GAP = 0.12; // of a panel's width between panels

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    const c = canvas("wide fragility-canvas");
    c.style.aspectRatio = "3 / 1";
    const names = el("p", "fragility-names", "Left: the test image. Middle: the perturbation ε·sign(∂L/∂x), drawn at full contrast (each pixel moves by exactly ε). Right: their sum, the image the network now sees.");
    drawing.append(c, names);
    layout.append(drawing, ctx.controls);
    const values = readout(ctx.controls, [["label", "true class"], ["p", "P(vertical) before"], ["p_adv", "P(vertical) after"], ["smallest", "smallest ε that flips it"], ["accuracy", "test accuracy"]]);
    values.element.style.flexWrap = "wrap"; // several readouts: wrap on a phone
    const message = liveLine("widget-message");
    ctx.body.append(layout, message);
    ctx.parts = { c, values, message, plot: new Plot(c, [0, 1, 0, 1], { padding: 0 }) };
  },

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const plot = p.plot;
    plot.clear();
    const n = r.size;
    const panel = Math.min(plot.width / (3 + 2 * GAP), plot.height);
    const cell = panel / n;
    const scale = Math.max(...r.image.flat().map(Math.abs), ...r.adversarial.flat().map(Math.abs), 1e-9);
    drawGrid(plot, r.image, 0, 0, cell, { scale });
    drawGrid(plot, r.perturbation, panel * (1 + GAP), 0, cell, { scale: Math.max(r.epsilon, 1e-9) });
    drawGrid(plot, r.adversarial, 2 * panel * (1 + GAP), 0, cell, { scale });
    p.c.setAttribute("aria-label", r.description);
    p.values.set("label", r.label_name);
    p.values.set("p", fmt(r.p, 3));
    p.values.set("p_adv", fmt(r.p_adv, 3));
    p.values.set("smallest", r.smallest === null ? "none up to 0.5" : fmt(r.smallest, 3));
    p.values.set("accuracy", `${Math.round(100 * r.test_accuracy)}%`);
    ctx.say(p.message, r.verdict, r.kind);
  },
};
