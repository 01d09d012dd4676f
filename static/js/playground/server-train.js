// The playground's Play when the browser runtime could not start: the training runs on the server
// as a job (engine/jobs/playground.py, POST /api/jobs) and streams to the figure. Each progress
// report carries the frame to draw and the run's model, so the epoch counter, the loss curve, the
// heat map and the network move as the server trains; Pause cancels the job (DELETE) and keeps
// the run as last drawn, and the next Play continues it from that model. The numbers are the
// engine's, the same as the worker's train call for the same seed; this file only moves them.
import { jobPanel } from "../job-client.js";

const JOB_EPOCHS = 500; // one job's length; Play starts the next one from the last model
const REPORT_EVERY = 10; // epochs between two reports (each a frame: heat map, neurons, weights; about 10 kB)

/** The model with `rows` added to its history (rows the page already holds are not added twice). */
export function withHistory(previous, model) {
  const before = (previous && previous.history) || [];
  const last = before.length ? before[before.length - 1][0] : -Infinity;
  return { ...model, history: [...before, ...model.history.filter((row) => row[0] > last)] };
}

/** A job runner for one figure; `show(frame)` draws a frame of the run (progress or final). */
export function serverTrainer(ctx, parent, show) {
  let panel = null;
  let running = false;

  const take = (frame, model) => {
    const s = ctx.pg;
    if (model) s.model = withHistory(s.model, model);
    const { model: _own, ...drawn } = frame; // the page's model is the merged one above
    show({ ...drawn, session: null });
  };

  async function play(isPlaying) {
    const s = ctx.pg;
    const mine = ctx.generation;
    panel ||= jobPanel(parent, { id: `${ctx.id}-server` });
    running = true;
    try {
      while (isPlaying() && mine === ctx.generation) {
        // The job sends the model's history back only for its own epochs; the page keeps the rest
        // (and a body under the server's limit however long the run has been).
        const params = { ...ctx.values, epochs: JOB_EPOCHS, every: REPORT_EVERY };
        if (s.model) params.model = { ...s.model, history: [] };
        const result = await panel.run("playground", params, {
          onProgress(event) {
            if (isPlaying() && mine === ctx.generation) { if (event.frame) take(event.frame, event.model); } else stop(); // paused while it was being sent
          },
        });
        if (!result || !isPlaying() || mine !== ctx.generation) break;
        take(result, result.model);
        if (result.status !== "ok" || result.curve.length === 0) break; // stopped, or nothing to train on
      }
    } finally {
      running = false;
    }
  }

  /** Pause: the running job is cancelled on the server (its worker process is killed). */
  function stop() {
    if (!running || !panel) return;
    const cancel = panel.element.querySelector(".job-cancel");
    if (cancel && !cancel.hidden) cancel.click();
  }

  return { play, stop };
}
