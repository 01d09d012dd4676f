// Chapter 9's sweeps (engine/jobs/sweeps.py), run as a server job: error against the number of
// training images or of hidden units. Points are plotted evenly (the sizes double), with the
// range over the runs as a band. This file draws the job's numbers and reads the controls.
import { Plot, COLORS, button, slider, numberInput } from "../draw.js";
import { jobPanel } from "../job-client.js";

export function mount(ctx) {
  const { body, id, initial } = ctx;
  body.innerHTML = "";
  const layout = document.createElement("div");
  layout.className = "widget-layout training-sweep";
  body.append(layout);
  const controls = document.createElement("div");
  controls.className = "widget-controls";
  layout.append(controls);
  const inputs = {};
  for (const o of initial.option_table) {
    const make = o.control === "number" ? numberInput : slider;
    inputs[o.name] = make(controls, { label: o.label, id: `${id}-${o.name}`, min: o.min, max: o.max, step: o.step || 1, value: initial.params[o.name] });
  }
  const run = button(controls, "Run the sweep on the server", { id: `${id}-run`, className: "primary" });
  const panel = jobPanel(layout, { id });
  const canvas = document.createElement("canvas");
  canvas.className = "widget-canvas wide";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", initial.description);
  layout.append(canvas);
  const legend = document.createElement("p");
  legend.className = "widget-message sweep-legend";
  layout.append(legend);

  const { values, label, key } = initial.axis;
  function draw(points) {
    const plot = new Plot(canvas, [-0.5, values.length - 0.5, 0, 1], { padding: 34 });
    plot.clear();
    const c = plot.ctx;
    c.font = "11px system-ui, sans-serif";
    c.fillStyle = COLORS.muted;
    c.textAlign = "center";
    values.forEach((v, i) => c.fillText(String(v), plot.px(i), plot.py(0) + 14));
    c.fillText(label, plot.px((values.length - 1) / 2), plot.py(0) + 28);
    c.textAlign = "right";
    for (const y of [0, 0.25, 0.5, 0.75, 1]) c.fillText(`${y * 100} %`, plot.px(-0.5) - 4, plot.py(y) + 4);
    plot.line([[-0.5, 0], [values.length - 0.5, 0]], { color: COLORS.muted, width: 1 });
    if (!points) return;
    for (const [which, color] of [["train_error", COLORS.one], ["test_error", COLORS.zero]]) {
      points.forEach((p, i) => plot.line([[i, p[which].min], [i, p[which].max]], { color, width: 6 }));
      plot.line(points.map((p, i) => [i, p[which].mean]), { color, width: 2 });
      points.forEach((p, i) => plot.point(i, p[which].mean, { radius: 3, fill: color, stroke: null }));
    }
  }
  draw(null);

  run.addEventListener("click", async () => {
    run.disabled = true;
    const params = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, Number(el.value)]));
    const result = await panel.run(initial.sweep, params);
    run.disabled = false;
    if (!result) return;
    draw(result.points);
    const last = result.points[result.points.length - 1], first = result.points[0];
    legend.textContent = `Blue: training error; orange: test error on ${result.test_size} held-out images `
      + `(mean over runs; bars span the runs). With ${first[key]} ${label} the test error is `
      + `${(100 * first.test_error.mean).toFixed(1)} %; with ${last[key]}, ${(100 * last.test_error.mean).toFixed(1)} %.`;
    canvas.setAttribute("aria-label", legend.textContent);
    ctx.figure.dataset.swept = "true";
  });
}
