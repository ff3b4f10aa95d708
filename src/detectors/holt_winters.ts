import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { Resolution } from './resolution';
import { emptyResult, scoreAgainstBand } from './result';
import { StepEstimate } from './step';
import { checkTimeZone, timezoneParam, ZoneClock } from './timezone';
import { CLIP_SPREADS } from './zscore';
import { spanMeans } from './initial_means';
import { ResidualSpread } from './residual_spread';
import { DetectionResult, Params, Series } from './types';

/**
 * `holt_winters`: additive Holt-Winters (triple exponential smoothing) forecast ± k·(spread of its residuals),
 * with its season on the clock of a time zone and its trend in elapsed time.
 *
 * Time: S = the series step (the median of its first gaps, step.ts, frozen when the model is initialised),
 * P = seasonLength·S the season, and the season position of a point is its slot on the wall clock of `timezone`
 * (timezone.ts): q(t) = floor((local(t) mod P) / S). With a daily season (e.g. 24 points of an hour) the slot is
 * the local hour, the same across daylight saving changes.
 *
 * State: level l, trend b (per step) and one seasonal term s[q] per slot. For a valid point x at t, Δ = (t −
 * t_prev)/S steps after the previous valid point (1 on a regular series, more after missing points or a gap):
 *   base = l + b·Δ,  ŷ = base + s[q(t)],  residual e = x − ŷ
 *   l ← base + alpha·ẽ,  b ← b + alpha·beta·ẽ,  s[q] ← s[q] + gamma·ẽ
 * (statsmodels' `ExponentialSmoothing(trend='add', seasonal='add')` recursion in error-correction form, with the
 * elapsed steps in the trend). ẽ is e clipped to ±3 spreads once the band exists (robust update: one outlier
 * moves the level by at most 3·alpha spreads instead of alpha·e, and the trend and its season slot likewise; the
 * state is not clipped during warm-up). The error-correction form keeps a constant series exactly constant.
 *
 * Initialisation, once a valid point lies 2P after the first valid point f: season 1 = the valid points in
 * [t_f, t_f + P), season 2 = those in [t_f + P, t_f + 2P);
 *   mean1, mean2 = their means (mean2 = mean1 if season 2 is empty)
 *   l = mean1,  b = (mean2 − mean1)/seasonLength,  s[q] = (first value of slot q in season 1) − mean1, else
 *   (first value of slot q in season 2) − mean2.
 * These are the initial states before f; the recursion then runs over the two seasons' points (no output: they
 * are used twice, so their residuals are not trusted) and on from there. A slot never seen has no seasonal term
 * yet: its first valid point sets it, s[q] = x − base, moves the level on by the trend only and gets no output.
 *
 * Band: expected ∓ sensitivity·spread, spread = max(sqrt(π/2)·(exponentially weighted mean of |e|),
 * floor(ŷ)) (resolution.ts), the mean of |e| with weights halving every `spreadHalfLife` steps of time, started at
 * the first residual after initialisation; |e| enters it clipped to 3 spreads once the band exists. An output once
 * the residuals span max(2, ceil(spreadHalfLife)) steps (and at least 2 were seen).
 * Missing points: no output and no update; the next valid point's Δ carries the trend over the gap. After a gap
 * longer than two seasons the model starts again (initialisation from the two seasons after the gap): there is
 * no recent past to forecast from.
 *
 * Cost: O(n + m) time, O(m) memory (the seasonal terms) plus the first two seasons' points until initialisation.
 * The loops are hand-written: the smoothing is a recursion.
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
      description: 'Steps in one season (e.g. 24 for a daily cycle at 1-hour steps); warm-up is two seasons.',
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
      description: 'Half-life, in steps of time, of the running mean absolute forecast error that sets the band width.',
    },
    timezoneParam(),
    ...commonParams({ description: 'Band half-width in standard deviations of the one-step forecast error.' }),
  ],
  validate: (p) => checkTimeZone('holt_winters', p.timezone as string),
  warmup: (p) => holtWintersWarmup(p),
  detect: detectHoltWinters,
};

function residualWarmup(spreadHalfLife: number): number {
  return Math.max(2, Math.ceil(spreadHalfLife));
}

function holtWintersWarmup(p: Params): number {
  return 2 * (p.seasonLength as number) + residualWarmup(p.spreadHalfLife as number);
}

function detectHoltWinters(series: Series, p: Params): DetectionResult {
  return runHoltWinters(series, p).result;
}

/**
 * The model after the last valid point of a series (holt_winters_forecast.ts forecasts from it). Times in Unix ms.
 */
export interface HoltWintersState {
  level: number;
  /** Per step. */
  trend: number;
  /** One term per slot, NaN for a slot never seen. */
  season: Float64Array;
  /** The step S and the season P = seasonLength·S. */
  step: number;
  period: number;
  /** Time of the last valid point. */
  last: number;
  /** sqrt(π/2)·(EW mean |residual|): the one-step standard deviation before the resolution floor. */
  sd: number;
  /** The residuals span the band's warm-up: the model has a band. */
  warm: boolean;
  slot: (time: number) => number;
  floor: (e: number) => number;
}

/** holt_winters' result and its state at the end (undefined until the model is initialised). */
export function runHoltWinters(series: Series, p: Params): { result: DetectionResult; state?: HoltWintersState } {
  const m = p.seasonLength as number;
  const alpha = p.alpha as number;
  const beta = p.beta as number;
  const gamma = p.gamma as number;
  const k = p.sensitivity as number;
  const halfLife = p.spreadHalfLife as number;
  const minResiduals = residualWarmup(halfLife);
  const clock = new ZoneClock(p.timezone as string);
  const { t, v } = series;
  const n = v.length;
  const r = emptyResult(n, holtWintersWarmup(p));
  const steps = new StepEstimate();
  const res = new Resolution();
  const season = new Float64Array(m).fill(NaN); // NaN: slot not seen yet
  let first = -1; // index of the first valid point
  let S = 0; // the step, once initialised
  let P = 0;
  let level = 0;
  let trend = 0;
  let last = 0; // time of the previous valid point
  const residuals = new ResidualSpread(halfLife, minResiduals);
  const slot = (time: number): number => {
    let q = clock.local(time) % P;
    q = Math.floor((q < 0 ? q + P : q) / S);
    return q < m ? q : m - 1;
  };
  // One step of the recursion for the valid point i; `score` = collect residuals and output a band.
  const update = (i: number, score: boolean): void => {
    const x = v[i];
    const base = level + trend * ((t[i] - last) / S);
    last = t[i];
    const q = slot(t[i]);
    if (Number.isNaN(season[q])) {
      season[q] = x - base;
      level = base;
      return;
    }
    const forecast = base + season[q];
    let e = x - forecast;
    if (score) {
      let size = Math.abs(e);
      if (residuals.warm(t[i], S)) {
        const floor = res.floor(forecast);
        const sd = residuals.sd();
        const spread = sd > floor ? sd : floor;
        r.expected[i] = forecast;
        r.lower[i] = forecast - k * spread;
        r.upper[i] = forecast + k * spread;
        const c = CLIP_SPREADS * spread;
        size = size < c ? size : c;
        e = e < -c ? -c : e > c ? c : e;
      }
      residuals.add(t[i], size, S);
    }
    level = base + alpha * e;
    trend = trend + alpha * beta * e;
    season[q] = season[q] + gamma * e;
  };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(v[i])) {
      continue;
    }
    const step = steps.add(t[i]);
    if (S > 0 && t[i] - last > 2 * P) {
      // A gap longer than two seasons: nothing recent to forecast from; the model starts again from this point.
      S = 0;
      first = -1;
      residuals.reset();
      season.fill(NaN);
    }
    if (S > 0) {
      update(i, true);
      res.add(v[i]);
      continue;
    }
    if (first < 0) {
      first = i;
    }
    if (!(step > 0 && t[i] - t[first] >= 2 * m * step)) {
      res.add(v[i]);
      continue;
    }
    // Initialise from the two seasons before this point, filter them, then score this point.
    S = step;
    P = m * S;
    const { first: mean1, second: mean2 } = spanMeans(t, v, first, i, P);
    for (let j = first; j < i; j++) {
      if (Number.isNaN(v[j]) || t[j] >= t[first] + 2 * P) {
        continue;
      }
      const q = slot(t[j]);
      if (Number.isNaN(season[q])) {
        season[q] = v[j] - (t[j] < t[first] + P ? mean1 : mean2);
      }
    }
    level = mean1;
    trend = (mean2 - mean1) / m;
    last = t[first] - S; // the initial states are those one step before the first point
    for (let j = first; j < i; j++) {
      if (!Number.isNaN(v[j])) {
        update(j, false);
      }
    }
    update(i, true);
    res.add(v[i]);
  }
  const result = scoreAgainstBand(v, r, p);
  if (S === 0) {
    return { result };
  }
  const warm = residuals.warm(last, S);
  const floor = (e: number) => res.floor(e);
  return {
    result,
    state: { level, trend, season, step: S, period: P, last, sd: residuals.sd(), warm, slot, floor },
  };
}
