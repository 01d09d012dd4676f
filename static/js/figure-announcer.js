// What a figure says aloud, paced for a listener. One visually hidden live region per figure
// (the figure's other lines are not live regions): a summary per Step, one line when training
// stops, a warning or error once, and after a slider move the state once the reader lets go,
// never one per tick. At most one announcement per MIN_GAP_MS: a newer line waits for the gap
// and replaces an older one still waiting (a listener hears the latest state, not a backlog).

export const MIN_GAP_MS = 1000;
const REST_MS = 1200;

export class Announcer {
  constructor(figure) {
    this.region = figure.querySelector(".widget-announce");
    if (!this.region) {
      this.region = document.createElement("p");
      this.region.className = "widget-announce";
      this.region.setAttribute("aria-live", "polite");
      this.region.setAttribute("aria-atomic", "true");
      figure.insertBefore(this.region, figure.querySelector(":scope > figcaption")); // the caption stays last
    }
    this.last = -Infinity;
    this.waiting = null;
    this.timer = 0;
    this.restTimer = 0;
  }

  /** Announce `text` now, or when the gap since the last one has passed. */
  say(text) {
    if (!text) return;
    clearTimeout(this.restTimer);
    this.waiting = String(text);
    if (this.timer) return;
    const wait = Math.max(0, this.last + MIN_GAP_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = 0;
      if (this.waiting == null || !this.region.isConnected) return;
      // The same words twice would not be announced again by a screen reader: clear first.
      this.region.textContent = this.waiting === this.region.textContent ? `${this.waiting}\u00a0` : this.waiting;
      this.waiting = null;
      this.last = performance.now();
    }, wait);
  }

  /** After the reader stops moving a control for REST_MS: announce what `words()` says then. */
  afterRest(words) {
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => this.say(words()), REST_MS);
  }

  dispose() {
    clearTimeout(this.timer);
    clearTimeout(this.restTimer);
  }
}
