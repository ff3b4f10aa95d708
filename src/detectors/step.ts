/** Gaps between samples whose median is the series step (odd, so the median is one of them). */
export const STEP_GAPS = 31;

/**
 * The step of a series, causally: the median of the gaps between its first up to STEP_GAPS + 1 valid
 * samples (so of all gaps so far while there are fewer). A median, not the first gap, so that a lone point
 * before a gap or a few missing scrapes do not change it; frozen after STEP_GAPS gaps, so it costs O(1) per
 * point and a long series keeps one step. Windows and warm-ups "in points" are applied in time with it: a
 * window of w points is the last w·step milliseconds.
 */
export class StepEstimate {
  private readonly gaps = new Float64Array(STEP_GAPS); // ascending
  private count = 0;
  private last = NaN;
  /** The current estimate in ms; 0 until two samples have been seen. */
  step = 0;

  /** Feeds the timestamp of the next valid sample (ascending) and returns the estimate including its gap. */
  add(t: number): number {
    if (!Number.isNaN(this.last) && this.count < STEP_GAPS) {
      const gap = t - this.last;
      let j = this.count++;
      while (j > 0 && this.gaps[j - 1] > gap) {
        this.gaps[j] = this.gaps[j - 1];
        j--;
      }
      this.gaps[j] = gap;
      const mid = this.count >> 1;
      this.step = this.count % 2 ? this.gaps[mid] : (this.gaps[mid - 1] + this.gaps[mid]) / 2;
    }
    this.last = t;
    return this.step;
  }

  /** True once the estimate is frozen (STEP_GAPS gaps seen). */
  get settled(): boolean {
    return this.count === STEP_GAPS;
  }
}
