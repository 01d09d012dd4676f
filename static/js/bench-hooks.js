// Timing hooks for `make bench` (bench/bench_browser.py) and the browser tests: how long from a
// reader's input event to the figure's redraw. They only record; nothing reads them to decide.
// Everything lands in window.__nnbookMetrics.redraw[<widget name>] as a list of milliseconds.

function metrics() {
  return (window.__nnbookMetrics ||= { redraw: {} });
}

const started = new WeakMap(); // figure → time stamp of the input that the next redraw answers

/** An input event on `figure` asked for a redraw; its time stamp starts the clock. */
export function markInput(figure, event) {
  started.set(figure, event && event.timeStamp != null ? event.timeStamp : performance.now());
}

/** `figure` finished drawing: record the time since the input that asked for it, once. */
export function markDrawn(figure) {
  const from = started.get(figure);
  if (from == null) return;
  started.delete(figure);
  recordRedraw(figure.dataset.widget, from);
}

/** Record one input → drawn latency for the widget `name`. */
export function recordRedraw(name, startedAt) {
  const m = metrics();
  (m.redraw[name] ||= []).push(performance.now() - startedAt);
}
