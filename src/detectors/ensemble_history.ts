/**
 * Score histories for the ensemble's calibration ("a new record"): the largest value within a time window, and
 * the flagged values kept apart so that one outlier never raises the bar (issue 15, kind 2). Twin of
 * pkg/detectors/ensemble_history.go.
 */

/**
 * The maximum of the values pushed within a time window, in amortised O(1): a monotonic queue of (time, value)
 * whose values decrease from front to back (a value outlived by a later, larger one can never be the maximum).
 */
export class TimedMax {
  /** Values pushed so far (all of them). */
  pushed = 0;
  private times: Float64Array;
  private values: Float64Array;
  private head = 0;
  private length = 0;

  constructor(capacity = 64) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Drops the values pushed before `cutoff`. */
  evictBefore(cutoff: number): void {
    const cap = this.times.length;
    while (this.length > 0 && this.times[this.head] < cutoff) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.length--;
    }
  }

  push(t: number, x: number): void {
    this.pushed++;
    let cap = this.times.length;
    while (this.length > 0 && this.values[(this.head + this.length - 1) % cap] <= x) {
      this.length--;
    }
    if (this.length === cap) {
      this.grow();
      cap = this.times.length;
    }
    const at = (this.head + this.length) % cap;
    this.times[at] = t;
    this.values[at] = x;
    this.length++;
  }

  /** The largest value in the window, 0 when empty. */
  max(): number {
    return this.length > 0 ? this.values[this.head] : 0;
  }

  private grow(): void {
    const cap = this.times.length;
    const times = new Float64Array(2 * cap);
    const values = new Float64Array(2 * cap);
    for (let j = 0; j < this.length; j++) {
      times[j] = this.times[(this.head + j) % cap];
      values[j] = this.values[(this.head + j) % cap];
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}

/**
 * Flagged scores within a time window, and their second largest: one anomalous score alone never raises the bar
 * a later point must beat (a single outlier must not distort the calibration for longer than itself), while a
 * level reached twice within the window does (anomalies that recur are the series' normal tail). Flagged points
 * are rare: plain arrays in time order, and the second largest is found by a scan.
 */
export class FlaggedScores {
  private times: number[] = [];
  private values: number[] = [];

  evictBefore(cutoff: number): void {
    let k = 0;
    while (k < this.times.length && this.times[k] < cutoff) {
      k++;
    }
    if (k > 0) {
      this.times.splice(0, k);
      this.values.splice(0, k);
    }
  }

  push(t: number, x: number): void {
    this.times.push(t);
    this.values.push(x);
  }

  /** The second largest value in the window (0 with fewer than two). */
  second(): number {
    let a = 0;
    let b = 0;
    for (const x of this.values) {
      if (x > a) {
        b = a;
        a = x;
      } else if (x > b) {
        b = x;
      }
    }
    return this.values.length >= 2 ? b : 0;
  }
}
