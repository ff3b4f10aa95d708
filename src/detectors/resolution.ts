/**
 * The smallest relative difference between two values that any detector resolves: 1e-9 of the values'
 * magnitude. Float64 arithmetic in exporters and recording rules (sums, ratios) leaves errors of a few units in
 * the last place, about 1e-16 of the value; a relative floor of 1e-9 is far above that and far below any change an
 * operator would page on. Without it a constant gauge has a spread of 0 (or 1e-17) and its last-bit noise scores
 * the cap.
 */
export const RELATIVE_RESOLUTION = 1e-9;

/**
 * What the data can resolve, learnt causally from its samples: the float resolution of its magnitude and, for
 * quantised data (counts, rates of few events, integer gauges), its quantum.
 *
 * quantum q = the smallest change between consecutive valid samples larger than RELATIVE_RESOLUTION of their
 * magnitude (running minimum), counted only once the data has shown two ties (consecutive samples exactly
 * equal): quantised data repeats values (an idle counter's zeros, an integer gauge), continuous data practically
 * never does (a rounded value may repeat once by chance), and the smallest of a few changes of continuous data
 * says nothing about its resolution. Unknown (0) until a change and two ties were seen. For counts it is one count (a rate over 5 minutes: 1/300 per
 * second).
 *
 *   floor(e) = max(RELATIVE_RESOLUTION·|e|, q)
 *
 * is the smallest spread (standard deviation) a detector may use at a point with expected value e: a deviation of
 * one quantum is then at most one spread, so a single request on an idle service or float rounding noise never
 * scores like an outage, while the first change of a series that never changed before (q still unknown) does.
 * A single outlier cannot shrink or grow q beyond its own changes (a minimum ignores large ones).
 */
export class Resolution {
  private smallest = 0;
  private ties = 0;
  private last = NaN;

  /** The quantum, or 0 while unknown. */
  get quantum(): number {
    return this.ties >= 2 ? this.smallest : 0;
  }

  /**
   * Feeds the next valid sample, after the point has been scored (so a point never sets its own floor). The
   * magnitude test runs only for a change smaller than the running minimum (rare once the data has shown a few
   * changes): this is in every detector's loop.
   */
  add(x: number): void {
    const last = this.last;
    this.last = x;
    if (last !== last) {
      return; // first sample (NaN until then)
    }
    let d = x - last;
    if (d === 0) {
      this.ties++;
      return;
    }
    if (d < 0) {
      d = -d;
    }
    if (this.smallest !== 0 && d >= this.smallest) {
      return;
    }
    if (d > RELATIVE_RESOLUTION * Math.max(Math.abs(x), Math.abs(last))) {
      this.smallest = d;
    }
  }

  /** The smallest spread at a point with expected value e. */
  floor(e: number): number {
    const f = RELATIVE_RESOLUTION * (e < 0 ? -e : e);
    const q = this.ties >= 2 ? this.smallest : 0;
    return f > q ? f : q;
  }
}
