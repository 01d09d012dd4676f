// The run button of a figure (Train / Pause, Auto / Pause): run `tick` again and again,
// `delay()` ms apart, until it returns false or the reader pauses. One loop for every figure
// that runs by itself. A reader who asked the system for reduced motion gets fewer, slower
// frames (never less than REDUCED_MOTION_MS apart); the run still reaches the same state.

const REDUCED_MOTION_MS = 600;
const reducedMotion = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

export class TrainLoop {
  /**
   * tick: async () => boolean (false stops the loop); delay: () => ms before the next tick;
   * label / pauseLabel: the button's text when stopped / running; onStop: called when it stops.
   */
  constructor(button, { tick, delay, label = "Train", pauseLabel = "Pause", onStop = () => {} }) {
    this.button = button;
    this.tick = tick;
    this.delay = delay;
    this.label = label;
    this.pauseLabel = pauseLabel;
    this.onStop = onStop;
    this.timer = null;
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => (this.running ? this.stop() : this.start()));
  }

  get running() { return this.timer !== null; }

  start() {
    this.button.textContent = this.pauseLabel;
    this.button.setAttribute("aria-pressed", "true");
    const run = async () => {
      const goOn = await this.tick();
      if (!this.running) return;
      if (!goOn) this.stop();
      else this.timer = setTimeout(run, reducedMotion() ? Math.max(REDUCED_MOTION_MS, this.delay()) : this.delay());
    };
    this.timer = setTimeout(run, 0);
  }

  stop() {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.button.textContent = this.label;
    this.button.setAttribute("aria-pressed", "false");
    this.onStop();
  }
}
