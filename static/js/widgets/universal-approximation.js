// Universal approximation by hand (chapter 9): the target, the bumps (pairs of steep sigmoids) and
// their sum, the network's output; drag a bump up or down to set its height; then train a network of
// the same size and compare. Every curve and error comes from the engine
// (engine/widgets/universal_approximation.py); this file draws.
import { Plot, COLORS, fmt, dataFromPointer } from "../draw.js";
import { rect, tickedAxes, readout, htmlLegend } from "../draw-annotations.js";
import { el, canvas, liveLine } from "../draw-figure.js";

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    const c = canvas("wide uat-canvas");
    drawing.append(c);
    htmlLegend(drawing, [{ label: "target", color: COLORS.muted, dash: true }, { label: "sum of the bumps (the hand-built network)", color: COLORS.one },
      { label: "trained network", color: COLORS.zero }]);
    drawing.append(el("p", "uat-hint", "Drag up or down inside a bump to set its height by hand."));
    layout.append(drawing, ctx.controls);
    const values = readout(ctx.controls, [["max", "largest error"], ["rms", "RMS error"], ["fit", "trained network's largest error"]]);
    values.element.style.flexWrap = "wrap"; // several readouts: wrap on a phone
    const fitButton = el("button", "", "Train a network of this size");
    fitButton.type = "button";
    fitButton.id = `${ctx.id}-fit`;
    const buttons = el("div", "control buttons");
    buttons.append(fitButton);
    ctx.controls.append(buttons);
    const message = liveLine("widget-message");
    ctx.body.append(layout, message);
    const plot = new Plot(c, ctx.result.box, { padding: 34 });
    ctx.parts = { c, plot, values, message, fitButton };
    fitButton.addEventListener("click", async () => {
      fitButton.disabled = true;
      ctx.say(message, "Training…");
      await ctx.run("fit", { ...ctx.values });
      fitButton.disabled = false;
    });
    const drag = (event) => {
      const [x, y] = dataFromPointer(plot, event);
      const r = ctx.result;
      const i = Math.min(r.bumps.length - 1, Math.max(0, Math.floor(x * r.bumps.length)));
      const heights = r.heights.slice();
      heights[i] = Math.round(Math.max(-2, Math.min(2, y)) * 100) / 100;
      ctx.values.auto = false;
      if (ctx.control("auto")) ctx.control("auto").set(false);
      ctx.setValue("heights", heights, event);
    };
    c.addEventListener("pointerdown", (event) => { c.setPointerCapture(event.pointerId); drag(event); });
    c.addEventListener("pointermove", (event) => { if (c.hasPointerCapture(event.pointerId)) drag(event); });
  },

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const plot = p.plot;
    plot.box = r.box;
    plot.clear();
    tickedAxes(plot, { xTicks: [0, 0.25, 0.5, 0.75, 1], yTicks: [-1, -0.5, 0, 0.5, 1, 1.5, 2].filter((t) => t >= r.box[2] && t <= r.box[3]), xLabel: "x" });
    r.bumps.forEach((b, i) => rect(plot, b.left, 0, b.right, b.height, i % 2 ? "rgba(42,93,176,0.10)" : "rgba(42,93,176,0.18)"));
    plot.line(r.target, { color: COLORS.muted, width: 2, dash: [6, 4] });
    plot.line(r.network, { color: COLORS.one, width: 2.5 });
    if (r.fit) plot.line(r.fit.curve, { color: COLORS.zero, width: 2 });
    p.c.setAttribute("aria-label", r.description);
    p.values.set("max", fmt(r.error.max, 3));
    p.values.set("rms", fmt(r.error.rms, 3));
    p.values.set("fit", r.fit ? fmt(r.fit.error.max, 3) : "—");
    ctx.say(p.message, r.fit ? r.fit.text : "", r.fit ? "info" : "");
  },
};
