// The run button of a figure (Train / Pause, Auto / Pause): run `tick` again and again,
// `delay()` ms apart, until it returns false or the reader pauses. One loop for every figure
// that runs by itself. A reader who asked the system for reduced motion sees no animation: a
// press runs up to JUMP_TICKS ticks back to back, "quietly" (the figure draws only the state it
// ends in), then stops; a figure that has not finished goes on at the next press.

export const JUMP_TICKS = 50;
export const reducedMotion = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

export class TrainLoop {
  /**
   * tick: async () => boolean (false stops the loop); delay: () => ms before the next tick;
   * label / pauseLabel: the button's text when stopped / running; onStop: called when it stops.
   */
  constructor(button, { tick, delay, label = "Train", pauseLabel = "Pause", onStop = () => {}, quiet = () => {} }) {
    this.button = button;
    this.tick = tick;
    this.delay = delay;
    this.label = label;
    this.pauseLabel = pauseLabel;
    this.onStop = onStop;
    this.quiet = quiet; // quiet(true) before a jump, quiet(false) after it: the figure draws once
    this.timer = null;
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => (this.running ? this.stop() : this.start()));
  }

  get running() { return this.timer !== null; }

  start() {
    this.button.textContent = this.pauseLabel;
    this.button.setAttribute("aria-pressed", "true");
    if (reducedMotion()) { this.timer = setTimeout(() => this.jump(), 0); return; }
    const run = async () => {
      const goOn = await this.tick();
      if (!this.running) return;
      if (!goOn) this.stop();
      else this.timer = setTimeout(run, this.delay());
    };
    this.timer = setTimeout(run, 0);
  }

  /** Reduced motion: straight to the result (or JUMP_TICKS further), drawn once. */
  async jump() {
    this.jumping = true;
    this.quiet(true);
    try {
      for (let i = 0; i < JUMP_TICKS && this.running; i++) if (!(await this.tick())) break;
    } finally {
      this.jumping = false;
      this.quiet(false);
    }
    this.stop();
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
