import { HELD_SCORE } from './ensemble_sustained';
import { DetectionResult } from './types';

/** A flagged point's band is at most this many baseline spreads (times the sensitivity) wide on each side. */
export const HELD_BAND = 3;
/**
 * The least score of a point anomaly against the baseline's band: above 1 by far more than the rounding of
 * upper − expected (relative 1e-7 for a band at the resolution floor of values near 1e9), so the flag survives it.
 */
export const LEAST_POINT_SCORE = 1.001;

/**
 * Writes the ensemble's band at point i (expected, lower = expected − half, upper = expected + half); the caller
 * scores x against it (result.ts), so the band decides the score and the flag.
 *
 * - A point the ensemble does not flag: the combined band, the x where the raw score equals the threshold,
 *   expected ± `half` (ensemble_engine.ts), with `expected` the precision-weighted mean of the components.
 * - A flagged point (a point anomaly, or a point held by the lasting-deviation layer): the baseline it is judged
 *   against, the lasting-deviation layer's reference (`baseE`, `baseS`: the seasonal component or the EWMA level
 *   plus its offset, held at its onset value while an alarm lasts; the spread is at least the data's resolution
 *   floor): expected = baseE, half = sensitivity·HELD_BAND·baseS, narrowed so that the point lies outside it, to
 *   |x − baseE|/q with q = HELD_SCORE at a held point and q = max(`ratio`, LEAST_POINT_SCORE) at a point anomaly,
 *   `ratio` being its raw score over the threshold: the score is then at least the combined score's ratio, so
 *   flags rank as the combined score ranks them (how far beyond the threshold) and a held shift scores ≥ 1.5.
 *   Why not the combined band there: the quick components (the change component, the level) follow an anomaly,
 *   so at its peak the combined expected value is pulled towards the anomaly and the components disagree by more
 *   than the threshold, which leaves no x with raw ≤ threshold: a band of zero width around a value near the
 *   anomaly ("observed 19.8 vs expected 18.8, band 18.8 – 18.8" for a 10× error burst).
 * - A point anomaly where the baseline cannot stand in for the combined band: no baseline at this point (`baseE`
 *   NaN), x equal to it or to the combined expected value, or, when deviations count on one side only (`sided`:
 *   direction up or down), x on the other side of it than of the combined expected (a recovery that the quick
 *   components overshoot): the combined band, and where that has zero width, expected ± min(`spread`,
 *   |x − expected|/HELD_SCORE), with `spread` = sqrt(C/Σ W) the combined spread.
 * So the flag is the combined score's in every case: a point anomaly lies outside its band, on the side the
 * direction counts. Only the band drawn, the score's size at flagged points (and so an event's peak) and, with
 * direction both, the side a point lies on (an event's up/down/mixed) depend on this choice.
 *
 * Width: never 0 (baseS and spread are > 0: every component's spread is floored at the data's resolution,
 * resolution.ts). At a flagged point it is the baseline's natural width unless the point lies closer than that;
 * narrower than the resolution floor only for a point within q floors of the baseline, which the flag requires.
 * Twin of writeBand in pkg/detectors/ensemble_band.go and of band_at in scripts/vectors/ensemble.py.
 */
export function writeBand(
  r: DetectionResult,
  i: number,
  x: number,
  pointAnomaly: boolean,
  held: boolean,
  baseE: number,
  baseS: number,
  expected: number,
  half: number,
  spread: number,
  ratio: number,
  sensitivity: number,
  sided: boolean
): void {
  let e = expected;
  let w = half;
  if (held || pointAnomaly) {
    const above = x > baseE && x > expected;
    const below = x < baseE && x < expected;
    const baseline = sided ? above || below : !Number.isNaN(baseE) && x !== baseE && x !== expected;
    if (!pointAnomaly || baseline) {
      const q = pointAnomaly ? Math.max(ratio, LEAST_POINT_SCORE) : HELD_SCORE;
      e = baseE;
      w = narrowed(x, baseE, sensitivity * HELD_BAND * baseS, q);
    } else if (!(half > 0)) {
      w = narrowed(x, expected, spread, HELD_SCORE);
    }
  }
  r.expected[i] = e;
  r.lower[i] = e - w;
  r.upper[i] = e + w;
}

/** The half-width `natural`, narrowed so that x lies outside e ± it with a score ≥ q; `natural` when x = e. */
function narrowed(x: number, e: number, natural: number, q: number): number {
  const d = Math.abs(x - e) / q;
  return d > 0 && d < natural ? d : natural;
}
