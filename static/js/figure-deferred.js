// Figures whose full answer takes a training run (chapter 8's schedules, batch norm,
// regularization): while a slider moves, a cheap engine call redraws what the slider
// controls at once, the trained curves are marked out of date, and one training call is made
// when the slider has been still for a moment. Both answers come from the engine.
// Option values compared key by key, whatever order the page or the engine listed them in.
const canonical = (o) => JSON.stringify(Object.keys(o || {}).sort().map((k) => [k, o[k]]));
const same = (a, b) => canonical(a) === canonical(b);

/**
 * Hooks for a figure module. `quick`: the cheap call's name (null: none, the first redraw only
 * marks the trained part stale); `slow`: the training call. The engine's replies carry `options`
 * (what they answer) and the slow one also `trained` (the options it trained for). `pending`: the
 * description while the curves are out of date (without a quick call).
 */
export function deferredTraining({ quick = null, slow = "train", delay = 250, pending = "Training for the new settings…" } = {}) {
  const timers = new WeakMap();
  return {
    /** figure-module `request`: the quick call, or a local redraw that marks the curves stale. */
    request(ctx) {
      if (quick) return { call: quick, args: { options: { ...ctx.values } } };
      ctx.show({ ...ctx.result, options: { ...ctx.values }, description: pending });
      return false;
    },
    /** figure-module `merge`: a training reply for options the reader has since left is dropped. */
    merge(previous, reply) {
      if ("trained" in reply && previous.options && !same(reply.trained, previous.options)) return previous;
      return { ...previous, ...reply };
    },
    /** Whether `result`'s trained curves belong to other options than the ones shown. */
    stale: (result) => Boolean(result.trained) && !same(result.trained, result.options),
    /** Call from draw(): when stale, ask for the training once the reader pauses. */
    schedule(ctx, result) {
      clearTimeout(timers.get(ctx));
      if (!this.stale(result)) return;
      // Busy from now on, not only once the call is made: a reader (or a test) waiting for the
      // figure to settle must not take the out-of-date curves for its answer.
      ctx.figure.setAttribute("data-busy", "");
      // While a slider is still held the training waits: the worker runs one call at a time, and a
      // training call started mid-drag would hold every quick redraw behind it until it finishes.
      const fire = () => {
        if (ctx.figure.querySelector("input[type=range]:active")) timers.set(ctx, setTimeout(fire, delay));
        else ctx.request(slow, { options: { ...ctx.values } });
      };
      timers.set(ctx, setTimeout(fire, delay));
    },
  };
}
