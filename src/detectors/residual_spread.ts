/** sqrt(π/2): the mean absolute value of a normal variable times this is its standard deviation. */
export const MEAN_ABS_TO_STD = Math.sqrt(Math.PI / 2);

/**
 * The spread of a Holt model's one-step residuals (holt_winters.ts, holt_linear.ts): sqrt(π/2) × the mean of |e|
 * with weights halving every `halfLife` steps of time (for normal errors E|e| = σ·sqrt(2/π)). Warm once at least two
 * residuals span `minResiduals` steps. Times and steps in ms.
 */
export class ResidualSpread {
  private count = 0;
  private firstTime = 0;
  private previousTime = 0;
  private meanAbs = 0;

  constructor(
    private readonly halfLife: number,
    private readonly minResiduals: number
  ) {}

  /** Forgets every residual (the model starts again after a gap). */
  reset(): void {
    this.count = 0;
  }

  /** Whether the residuals seen up to time t span the warm-up at step S. */
  warm(t: number, S: number): boolean {
    return this.count >= 2 && t - this.firstTime >= this.minResiduals * S;
  }

  /** The spread in the series' unit, before any resolution floor. */
  sd(): number {
    return MEAN_ABS_TO_STD * this.meanAbs;
  }

  /** Adds a residual's size |e| (already clipped by the caller) seen at time t, step S. */
  add(t: number, size: number, S: number): void {
    if (this.count === 0) {
      this.meanAbs = size;
      this.firstTime = t;
    } else {
      const a = -Math.expm1((-Math.LN2 * ((t - this.previousTime) / S)) / this.halfLife);
      this.meanAbs = this.meanAbs + a * (size - this.meanAbs);
    }
    this.previousTime = t;
    this.count++;
  }
}
