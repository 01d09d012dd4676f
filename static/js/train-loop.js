// The Train / Pause button of a figure: run `tick` again and again, `delay()` ms apart,
// until it returns false or the reader pauses. One loop for every figure that trains.

export class TrainLoop {
  /** tick: async () => boolean (false stops the loop); delay: () => ms before the next tick. */
  constructor(button, { tick, delay }) {
    this.button = button;
    this.tick = tick;
    this.delay = delay;
    this.timer = null;
    button.addEventListener("click", () => (this.running ? this.stop() : this.start()));
  }

  get running() { return this.timer !== null; }

  start() {
    this.button.textContent = "Pause";
    const run = async () => {
      const goOn = await this.tick();
      if (!goOn) this.stop();
      else if (this.running) this.timer = setTimeout(run, this.delay());
    };
    this.timer = setTimeout(run, 0);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    this.button.textContent = "Train";
  }
}
