import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { DetectionResult, Params, Series } from './types';

/** sqrt(π/2): the mean absolute value of a normal variable times this is its standard deviation. */
const MEAN_ABS_TO_STD = Math.sqrt(Math.PI / 2);

/**
 * Residuals enter the spread clipped to this many spreads once the band exists, so a point outside the default
 * band (sensitivity 3) widens the band only as much as a point on its edge would.
 */
const SPREAD_CLIP = 3;

/**
 * `holt_winters`: additive Holt-Winters (triple exponential smoothing) forecast ± k·(spread of its residuals).
 *
 * State: level l, trend b and one seasonal term s per position in the season (m = `seasonLength` points). The
 * expected value of point i is the one-step-ahead forecast from the points before it,
 *   ŷ_i = l + b + s[i mod m],   residual e_i = x_i − ŷ_i,
 * and then x_i updates the state (statsmodels' `ExponentialSmoothing(trend='add', seasonal='add')` recursion,
 * written in error-correction form; algebraically identical):
 *   l ← l + b + alpha·e                      (= alpha·(x − s) + (1 − alpha)·(l + b))
 *   b ← b + alpha·beta·e                     (= beta·(l_new − l_old) + (1 − beta)·b)
 *   s[i mod m] ← s[i mod m] + gamma·e        (= gamma·(x − l_old − b_old) + (1 − gamma)·s)
 * The error-correction form keeps a constant series exactly constant (e = 0 leaves every state unchanged).
 *
 * Initialisation from the first two seasons of points, starting at the first valid point f (positions
 * f..f+m−1 and f+m..f+2m−1; the season position is counted in points from f):
 *   mean1, mean2 = means of the valid values of season 1 and season 2 (mean2 = mean1 if season 2 is all missing)
 *   l = mean1,  b = (mean2 − mean1)/m,  s[q] = x[f+q] − mean1  (x[f+m+q] − mean2 if x[f+q] is missing)
 * These are the initial states before point f; the recursion then runs from f over every point. The first two
 * seasons are used twice (to initialise and to filter) so their residuals are not trusted: the spread starts
 * collecting at f + 2m. A position missing in both seasons (periodic gaps) has no seasonal term yet: its first
 * valid point sets it, s[q] = x − (l + b), moves the level on by the trend only and gets no output (NaN) —
 * a guessed term of 0 would flag that position season after season while gamma slowly corrected it.
 *
 * Band: expected ∓ sensitivity·spread, spread = sqrt(π/2)·(exponentially weighted mean of |e|) with half-life
 * `spreadHalfLife` points (recursive, started at the first |e|), an estimate of the residual standard deviation
 * for normal residuals. The spread at i uses residuals before i. Once the band exists, |e| enters the spread
 * clipped to 3 spreads (when the spread is > 0), so an anomaly inflates the band about as little as a point on
 * the default band's edge. The state itself is not robustified: a spike of size S moves the level by alpha·S,
 * which is why alpha defaults to a small 0.1 (the echo of a spike stays inside a 3-σ band unless S > 30σ).
 *
 * Warm-up: 2·seasonLength points to initialise + max(2, ceil(spreadHalfLife)) residuals.
 * Missing points: no output and no update, but the season position still advances (the season is in points)
 * and the level moves on by the trend (l ← l + b), so the forecast of the next point is two steps ahead.
 * Constant series: level = the constant, trend and seasonal terms 0, residuals exactly 0: zero-width band.
 *
 * Cost: O(n + m) time, O(m) memory (the seasonal terms). The loops are hand-written: the smoothing is a
 * recursion, and the season means skip missing points in the same summation order as the Go twin.
 *
 * @example
 * const v = [10, 20, 12, 22, 13, 25, 15, 26, 16, 38];
 * const [r] = runDetector('holt_winters', [{ t: v.map((_, i) => i), v }], { seasonLength: 2, spreadHalfLife: 2 });
 * // r.expected → [NaN, NaN, NaN, NaN, NaN, NaN, 16.0507, 26.8952, 17.7354, 28.5243]
 * // r.upper    → [NaN, NaN, NaN, NaN, NaN, NaN, 19.6093, 30.5685, 21.3187, 32.9693]
 * // r.score    → [NaN, NaN, NaN, NaN, NaN, NaN, 0.2953, 0.2437, 0.4843, 2.1318]
 * //               (38 is 2.13 half-widths above the forecast 28.52; warm-up = 2·2 points + 2 residuals)
 * // r.anomaly  → [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
 * // (the same numbers as ExampleHoltWinters in pkg/detectors and the doc_example vector case)
 */
export const holtWinters: DetectorDefinition = {
  id: 'holt_winters',
  name: 'Holt-Winters',
  description: 'Seasonal forecast (level + trend + season) ± k residual deviations; for daily or weekly cycles.',
  multivariate: false,
  params: [
    {
      name: 'seasonLength',
      type: 'int',
      default: 24,
      min: 2,
      max: 100000,
      description: 'Points in one season (e.g. 24 for a daily cycle at 1-hour steps); warm-up is two seasons.',
    },
    {
      name: 'alpha',
      type: 'float',
      default: 0.1,
      min: 0,
      max: 1,
      description: 'Level smoothing: how fast the level follows new points (larger = faster, spikes move it more).',
    },
    {
      name: 'beta',
      type: 'float',
      default: 0.01,
      min: 0,
      max: 1,
      description: 'Trend smoothing: how fast the slope follows changes in the level (0 keeps the initial slope).',
    },
    {
      name: 'gamma',
      type: 'float',
      default: 0.1,
      min: 0,
      max: 1,
      description: 'Seasonal smoothing: how fast each position of the season follows new points.',
    },
    {
      name: 'spreadHalfLife',
      type: 'float',
      default: 30,
      min: 1,
      max: 100000,
      description: 'Half-life, in points, of the running mean absolute forecast error that sets the band width.',
    },
    ...commonParams({ description: 'Band half-width in standard deviations of the one-step forecast error.' }),
  ],
  warmup: (p) => holtWintersWarmup(p),
  detect: detectHoltWinters,
};

function residualWarmup(spreadHalfLife: number): number {
  return Math.max(2, Math.ceil(spreadHalfLife));
}

function holtWintersWarmup(p: Params): number {
  return 2 * (p.seasonLength as number) + residualWarmup(p.spreadHalfLife as number);
}

/** Mean of the non-missing values of v[from..to), NaN when all are missing. */
function meanOfValid(v: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    if (!Number.isNaN(v[i])) {
      sum += v[i];
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

function detectHoltWinters(series: Series, p: Params): DetectionResult {
  const m = p.seasonLength as number;
  const alpha = p.alpha as number;
  const beta = p.beta as number;
  const gamma = p.gamma as number;
  const k = p.sensitivity as number;
  const minResiduals = residualWarmup(p.spreadHalfLife as number);
  const spreadAlpha = -Math.expm1(-Math.LN2 / (p.spreadHalfLife as number));
  const v = series.v;
  const n = v.length;
  const r = emptyResult(n, holtWintersWarmup(p));
  let first = 0;
  while (first < n && Number.isNaN(v[first])) {
    first++;
  }
  if (first + 2 * m > n) {
    return scoreAgainstBand(v, r, p); // too short to initialise: all warm-up
  }

  const mean1 = meanOfValid(v, first, first + m);
  let mean2 = meanOfValid(v, first + m, first + 2 * m);
  if (Number.isNaN(mean2)) {
    mean2 = mean1;
  }
  const season = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    const x1 = v[first + q];
    const x2 = v[first + m + q];
    season[q] = !Number.isNaN(x1) ? x1 - mean1 : !Number.isNaN(x2) ? x2 - mean2 : NaN; // NaN: not seen yet
  }
  let level = mean1;
  let trend = (mean2 - mean1) / m;

  const scoreFrom = first + 2 * m;
  let meanAbsResidual = 0;
  let residuals = 0;
  let slot = 0;
  for (let i = first; i < n; i++) {
    const base = level + trend;
    const x = v[i];
    if (Number.isNaN(x)) {
      level = base;
    } else if (Number.isNaN(season[slot])) {
      season[slot] = x - base;
      level = base;
    } else {
      const forecast = base + season[slot];
      const residual = x - forecast;
      if (i >= scoreFrom) {
        let size = Math.abs(residual);
        if (residuals >= minResiduals) {
          const spread = MEAN_ABS_TO_STD * meanAbsResidual;
          r.expected[i] = forecast;
          r.lower[i] = forecast - k * spread;
          r.upper[i] = forecast + k * spread;
          if (spread > 0) {
            size = Math.min(size, SPREAD_CLIP * spread);
          }
        }
        meanAbsResidual = residuals === 0 ? size : meanAbsResidual + spreadAlpha * (size - meanAbsResidual);
        residuals++;
      }
      level = base + alpha * residual;
      trend = trend + alpha * beta * residual;
      season[slot] = season[slot] + gamma * residual;
    }
    slot = slot + 1 === m ? 0 : slot + 1;
  }
  return scoreAgainstBand(v, r, p);
}
