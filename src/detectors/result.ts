import { DetectionResult, Direction, Params } from './types';

/**
 * Scores are capped here: a point 100 band half-widths away is as anomalous as one can usefully say, and a
 * finite cap keeps zero-width bands (constant series) from producing Infinity in panels and alert frames.
 */
export const SCORE_CAP = 100;

/**
 * A result of n points, all in warm-up (NaN outputs, no anomaly) until a detector fills it. The four float
 * outputs are views of one buffer: one allocation instead of four, which the garbage collector notices on
 * dashboards with many series.
 */
export function emptyResult(n: number, warmup: number): DetectionResult {
  const floats = new Float64Array(4 * n).fill(NaN);
  return {
    expected: floats.subarray(0, n),
    lower: floats.subarray(n, 2 * n),
    upper: floats.subarray(2 * n, 3 * n),
    score: floats.subarray(3 * n, 4 * n),
    anomaly: new Uint8Array(n),
    warmup,
  };
}

/**
 * Scores every point against the band the detector wrote into `expected/lower/upper` and flags anomalies, in one
 * pass (the rules are flagAnomalies'). score = |v − expected| / (half-width on v's side), 0 on the expected
 * value, SCORE_CAP when the band has zero width and v is off it. With direction "up" (or "down") deviations on
 * the other side score 0.
 *
 * Physical bounds: a band never crosses a bound the series has never crossed. When every earlier valid value of
 * `boundsFrom` (the series itself unless a detector scores something else) is >= 0, expected, lower and upper are
 * raised to at least 0 (rates, counts, bytes, ratios); when every earlier value also is <= 1, they are lowered to
 * at most 1 (ratios). The score is taken before, from the band as the detector made it, so the bound only narrows
 * what is drawn: a point outside the drawn band but on the far side of a bound it never crossed keeps its
 * detector's score, and a value sitting on the bound (an idle counter at 0) does not score as if on the band's
 * edge. Causal: only values before i decide the bounds at i.
 */
export function scoreAgainstBand(
  v: ArrayLike<number>,
  r: DetectionResult,
  p: Params,
  boundsFrom: ArrayLike<number> = v
): DetectionResult {
  const direction = p.direction as Direction;
  const minConsecutive = p.minConsecutive as number;
  let run = 0;
  let seen = false;
  let nonNegative = true;
  let unit = true;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const e = r.expected[i];
    if (Number.isNaN(x) || Number.isNaN(e)) {
      r.score[i] = NaN;
      r.anomaly[i] = 0;
    } else {
      const dev = x - e;
      let score = 0;
      if (!(dev === 0 || (direction === 'up' && dev < 0) || (direction === 'down' && dev > 0))) {
        const halfWidth = dev > 0 ? r.upper[i] - e : e - r.lower[i];
        score = halfWidth > 0 ? Math.abs(dev) / halfWidth : SCORE_CAP;
        score = score > SCORE_CAP ? SCORE_CAP : score;
      }
      r.score[i] = score;
      run = score > 1 ? run + 1 : 0;
      r.anomaly[i] = run >= minConsecutive ? 1 : 0;
      if (seen && nonNegative) {
        // Written only where clamped: most points are inside the bounds.
        if (r.lower[i] < 0) {
          r.lower[i] = 0;
        }
        if (e < 0) {
          r.expected[i] = 0;
        }
        if (r.upper[i] < 0) {
          r.upper[i] = 0;
        }
        if (unit) {
          if (r.upper[i] > 1) {
            r.upper[i] = 1;
          }
          if (e > 1) {
            r.expected[i] = 1;
          }
          if (r.lower[i] > 1) {
            r.lower[i] = 1;
          }
        }
      }
    }
    const b = boundsFrom[i];
    if (!Number.isNaN(b)) {
      seen = true;
      if (b < 0) {
        nonNegative = false;
      }
      if (b < 0 || b > 1) {
        unit = false;
      }
    }
  }
  return r;
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
