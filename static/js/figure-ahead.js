// Computing a slider's neighbouring values ahead, for a figure whose engine call is slower than a
// frame (the initialisation figure: ~30 products of units × units matrices per value).
//
// While a reader drags, the next value is usually one step further the same way. Once the value the
// reader asked for is drawn, the worker computes that next value (then the step back, then two steps
// on) while the reader looks; when the slider gets there the reply is already in hand and the figure
// redraws within the frame. Replies are kept by their options, so dragging back is as fast.
//
// Nothing here computes a number: the replies are the engine's, for exactly the options shown. Only
// one call is in flight at a time, so the value the reader waits for never queues behind more than
// one computation ahead; on the server (no worker) it stays out of the way and the usual restart runs.

/**
 * A figure module's `request(ctx, name)` for a figure whose `call` (default "reset") is a pure
 * function of its options; `slider` is the option worth computing ahead. Returns false (the figure
 * draws when the reply is in) in the browser's worker, null on the server.
 */
export function aheadRequest({ slider, call = "reset", kept = 32 }) {
  return function request(ctx, name) {
    if (ctx.mode !== "live") return null;
    const state = (ctx.ahead ||= { replies: new Map(), refused: new Set(), inFlight: null, direction: 1, lastSlider: null });
    const key = keyOf(ctx, ctx.values);
    if (state.replies.size === 0 && ctx.result && ctx.result.options) state.replies.set(keyOf(ctx, ctx.result.options), ctx.result);
    if (name === slider) {
      if (state.lastSlider != null && ctx.values[slider] !== state.lastSlider) state.direction = ctx.values[slider] > state.lastSlider ? 1 : -1;
      state.lastSlider = ctx.values[slider];
    }
    state.ahead = name === slider; // compute neighbours only while the slider is the option being moved
    const known = state.replies.get(key);
    if (known) ctx.show(known, { keep: name });
    pump(ctx, state, { slider, call, kept });
    return false;
  };
}

function keyOf(ctx, values) {
  return JSON.stringify(ctx.table.map((o) => values[o.name]));
}

/** What to compute next: the value on show if its reply is missing, else a neighbour of it. */
function nextWanted(ctx, state, slider) {
  const wanted = [ctx.values];
  const option = ctx.option(slider);
  if (state.ahead && option) {
    const step = option.step || 1;
    for (const k of [1, -1, 2]) {
      const v = ctx.values[slider] + k * state.direction * step;
      if (v >= option.min && v <= option.max) wanted.push({ ...ctx.values, [slider]: v });
    }
  }
  return wanted.find((values) => {
    const key = keyOf(ctx, values);
    return !state.replies.has(key) && !state.refused.has(key) && key !== state.inFlight;
  });
}

function pump(ctx, state, settings) {
  if (state.inFlight) return;
  const values = nextWanted(ctx, state, settings.slider);
  if (!values) return;
  const key = keyOf(ctx, values);
  const generation = ctx.generation;
  const foreground = key === keyOf(ctx, ctx.values);
  state.inFlight = key;
  // The value on show goes through ctx.call (busy state, errors shown); values ahead stay silent.
  const reply = (foreground ? ctx.call : ctx.callAhead)(settings.call, { options: values });
  reply.then((result) => {
    state.inFlight = null;
    if (ctx.generation !== generation) return; // the figure was unmounted or restarted meanwhile
    if (result) {
      state.replies.set(key, result);
      if (state.replies.size > settings.kept) state.replies.delete(state.replies.keys().next().value);
      if (key === keyOf(ctx, ctx.values)) ctx.show(result);
    } else state.refused.add(key); // not asked again; ctx.call has said why when it was the value on show
    pump(ctx, state, settings);
  });
}
