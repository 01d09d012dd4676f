// How many epochs the playground's next train call asks for while playing.
//
// A call costs a fixed part F (the frame: output heat map, every neuron's thumbnail, weights,
// curve, the message round trip) plus n·e (n epochs of e each). Sizing by the whole call time
// per epoch, (F + n·e) / n, counts F as if each epoch paid it, and settles at 1-2 epochs per
// call when F is most of a frame. So both parts are measured on every call, not fitted: the
// worker reports how long its training alone took (``train_ms``), the rest of the wall time is F.
// The next call gets n = (target - F) / e, rounded, but never more than fits in one frame at
// 30 frames/s (F + n·e <= FRAME_MS): a call fills about one frame, most of it training.
// The Play loop keeps two calls in flight, so the worker never waits for the page: a call's time is
// then the time from the previous reply to its own, which is the worker's time per call (a frame).
//
// Under load both estimates jump; two guards keep the frames coming (a noisy estimate once sent
// calls to ~110 ms: 72 epochs/s but 9 frames/s): n at most doubles from one call to the next, and
// a call that took over twice the target halves n at once, whatever the averages say.

export const CALL_TARGET_MS = 28; // request to reply, aimed at: below FRAME_MS, for margin
export const FRAME_MS = 33; // the longest call that still gives 30 frames a second
const SMOOTHING = 0.4; // weight of the newest measurement in the running estimates

export class CallSizer {
  constructor({ targetMs = CALL_TARGET_MS, most = 200 } = {}) {
    this.target = targetMs;
    this.most = most; // the engine's MAX_EPOCHS_PER_CALL
    this.epochs = 1;
    this.perEpochMs = null;
    this.fixedMs = null;
  }

  /** After a call of `epochs` epochs that took `tookMs` (since the reply before it, or its request), `trainMs` of
   *  it training. */
  update(epochs, tookMs, trainMs) {
    if (!(epochs >= 1) || !(tookMs >= 0)) return this.epochs;
    // Without the worker's figure (an older reply), count the call as all training: never larger calls.
    const train = Number.isFinite(trainMs) ? Math.min(Math.max(trainMs, 0), tookMs) : tookMs;
    const e = Math.max(train / epochs, 0.02), f = tookMs - train;
    const mix = (old, now) => (old === null ? now : old + SMOOTHING * (now - old));
    this.perEpochMs = mix(this.perEpochMs, e);
    this.fixedMs = mix(this.fixedMs, f);
    let n = Math.round((this.target - this.fixedMs) / this.perEpochMs);
    if (this.fixedMs + n * this.perEpochMs > FRAME_MS) n = Math.floor((FRAME_MS - this.fixedMs) / this.perEpochMs);
    n = Math.min(n, 2 * epochs);
    if (tookMs > 2 * this.target) n = Math.min(n, Math.floor(epochs / 2));
    this.epochs = Math.max(1, Math.min(this.most, n));
    return this.epochs;
  }
}
