// Chapter 9's sweeps (engine/jobs/sweeps.py), run as a server job: error against the number of
// training images or of hidden units. Points are plotted evenly (the sizes double), with the
// range over the runs as a band. The controls (epochs, runs per point, seed) are built by the
// figure mount from the option table (engine/widgets/training_sweep.py); this file draws the
// job's numbers and starts the job with the parameters the engine's first frame names.
import { Plot, COLORS } from "../draw.js";
import { el, canvas as figureCanvas, liveLine } from "../draw-figure.js";
import { jobPanel, controlValues } from "../job-client.js";
import { STATIC } from "../site.js";

const CHANCE = 0.9; // guessing one of ten digits is wrong nine times in ten

// The empty frame already says what to compare with: grid lines and the error of guessing.
function drawAxes(plot, axis) {
  const { values, label } = axis;
  plot.clear();
  const c = plot.ctx;
  const [x0, x1] = [-0.5, values.length - 0.5];
  plot.polygon([[x0, 0], [x1, 0], [x1, 1], [x0, 1]], COLORS.plotArea);
  plot.polygon([[x0, CHANCE], [x1, CHANCE], [x1, 1], [x0, 1]], COLORS.zeroSoft);
  for (const y of [0.25, 0.5, 0.75]) plot.line([[x0, y], [x1, y]], { color: COLORS.grid, width: 2 });
  c.font = "11px system-ui, sans-serif";
  c.fillStyle = COLORS.muted;
  c.textAlign = "left";
  c.fillText("guessing: 90 % wrong", plot.px(x0) + 4, plot.py(CHANCE) + 13);
  c.font = "11px system-ui, sans-serif";
  c.fillStyle = COLORS.muted;
  c.textAlign = "center";
  values.forEach((v, i) => c.fillText(String(v), plot.px(i), plot.py(0) + 14));
  c.fillText(label, plot.px((values.length - 1) / 2), plot.py(0) + 28);
  c.textAlign = "right";
  for (const y of [0, 0.25, 0.5, 0.75, 1]) c.fillText(`${y * 100} %`, plot.px(-0.5) - 4, plot.py(y) + 4);
  plot.line([[-0.5, 0], [values.length - 0.5, 0]], { color: COLORS.muted, width: 1 });
}

function legendText(result, axis) {
  const first = result.points[0], last = result.points[result.points.length - 1];
  return `Blue: training error; orange: test error on ${result.test_size} held-out images `
    + `(mean over runs; bars span the runs; the shaded top is the error of guessing). With ${first[axis.key]} ${axis.label} the test error is `
    + `${(100 * first.test_error.mean).toFixed(1)} %; with ${last[axis.key]}, ${(100 * last.test_error.mean).toFixed(1)} %.`;
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout training-sweep");
    const chart = figureCanvas("wide");
    const legend = liveLine("widget-message sweep-legend");
    layout.append(ctx.controls, chart);
    ctx.body.append(layout, legend);
    const panel = jobPanel(ctx.controls, { id: ctx.id });
    const run = el("button", "primary", STATIC ? "Show the stored sweep" : "Run the sweep on the server");
    run.type = "button";
    run.id = `${ctx.id}-run`;
    ctx.slot("buttons").append(run);
    ctx.parts = { chart, legend, panel, run, swept: null };

    // A static copy has no server: it shows the sweep stored for the chapter's settings at once.
    if (STATIC) setTimeout(() => run.click(), 0);
    run.addEventListener("click", async () => {
      run.disabled = true;
      // The engine's frame names what the sweep holds fixed; the controls say the rest, read as
      // they stand now (a reply to the last change may still be on its way).
      const { sweep, params, axis } = ctx.result;
      const result = await panel.run(sweep, { ...params, ...controlValues(ctx) });
      run.disabled = false;
      if (!result) return;
      const text = legendText(result, axis);
      ctx.parts.swept = { sweep, points: result.points, text };
      ctx.result = { ...ctx.result, description: text };
      ctx.redraw();
      ctx.figure.dataset.swept = "true";
    });
  },

  // Every setting is for the next run: the engine's first frame for it names the job's parameters.
  request: () => null,

  draw(ctx, result) {
    const { chart, legend, swept } = ctx.parts;
    const plot = new Plot(chart, [-0.5, result.axis.values.length - 0.5, 0, 1], { padding: 44 });
    drawAxes(plot, result.axis);
    chart.setAttribute("aria-label", result.description);
    // A finished sweep stays on show (with its own words) until the next run replaces it.
    if (!swept || swept.sweep !== result.sweep) { legend.textContent = ""; return; }
    legend.textContent = swept.text;
    for (const [which, color] of [["train_error", COLORS.one], ["test_error", COLORS.zero]]) {
      swept.points.forEach((p, i) => plot.line([[i, p[which].min], [i, p[which].max]], { color, width: 6 }));
      plot.line(swept.points.map((p, i) => [i, p[which].mean]), { color, width: 2 });
      swept.points.forEach((p, i) => plot.point(i, p[which].mean, { radius: 3, fill: color, stroke: null }));
    }
  },
};
