import { DetectionResult, Direction, Params } from './types';

/**
 * Scores are capped here: a point 100 band half-widths away is as anomalous as one can usefully say, and a
 * finite cap keeps zero-width bands (constant series) from producing Infinity in panels and alert frames.
 */
export const SCORE_CAP = 100;

/** A result of n points, all in warm-up (NaN outputs, no anomaly) until a detector fills it. */
export function emptyResult(n: number, warmup: number): DetectionResult {
  return {
    expected: new Float64Array(n).fill(NaN),
    lower: new Float64Array(n).fill(NaN),
    upper: new Float64Array(n).fill(NaN),
    score: new Float64Array(n).fill(NaN),
    anomaly: new Uint8Array(n),
    warmup,
  };
}

/**
 * Scores every point against the band the detector wrote into `expected/lower/upper`, then flags anomalies.
 * score = |v − expected| / (half-width on v's side), 0 on the expected value, SCORE_CAP when the band has zero
 * width and v is off it. With direction "up" (or "down") deviations on the other side score 0.
 */
export function scoreAgainstBand(v: ArrayLike<number>, r: DetectionResult, p: Params): DetectionResult {
  const direction = p.direction as Direction;
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    const e = r.expected[i];
    if (Number.isNaN(x) || Number.isNaN(e)) {
      r.score[i] = NaN;
      continue;
    }
    const dev = x - e;
    if (dev === 0 || (direction === 'up' && dev < 0) || (direction === 'down' && dev > 0)) {
      r.score[i] = 0;
      continue;
    }
    const halfWidth = dev > 0 ? r.upper[i] - e : e - r.lower[i];
    r.score[i] = halfWidth > 0 ? Math.min(Math.abs(dev) / halfWidth, SCORE_CAP) : SCORE_CAP;
  }
  return flagAnomalies(v, r, p);
}

/**
 * Sets `anomaly` from `score`: a point is anomalous when its score is above 1 and it ends a run of at least
 * `minConsecutive` such points. Missing points (NaN value or score) neither extend nor break a run. Causal: the
 * first points of a run are not flagged retroactively once the run is long enough.
 */
export function flagAnomalies(v: ArrayLike<number>, r: DetectionResult, p: Params): DetectionResult {
  const minConsecutive = p.minConsecutive as number;
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    const s = r.score[i];
    if (Number.isNaN(v[i]) || Number.isNaN(s)) {
      r.anomaly[i] = 0;
      continue;
    }
    run = s > 1 ? run + 1 : 0;
    r.anomaly[i] = run >= minConsecutive ? 1 : 0;
  }
  return r;
}
