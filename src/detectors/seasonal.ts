import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { Resolution } from './resolution';
import { PhaseHistory, selectMedian } from './seasonal_history';
import { StepEstimate } from './step';
import { checkTimeZone, timezoneParam, ZoneClock } from './timezone';
import { DetectionResult, Params, Series } from './types';

/** Robust spread: 1.4826·MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_STD = 1.4826;

/** Step assumed by `warmup(p)` when `bucket` is 0 (the series step is not known from the parameters alone). */
const ASSUMED_STEP_SECONDS = 60;

/**
 * Deviations the spread is pooled over, at least: the neighbourhood widens until it holds this many. A robust
 * spread from few values is noisy, and a noisy spread lets a 3-spread band flag far more than 3σ would: with 4
 * seasons and ±1 phase (12 deviations) white noise crossed the band on 3.3 % of points, with 240 on 0.22 %
 * (a 3σ rule: 0.27 %; simulated, BENCHMARKS.md).
 */
export const MIN_POOLED = 240;

/**
 * `seasonal`: median ± k·robust spread of the same phase (time of day, time of week) over the previous seasons.
 *
 * Phases come from the wall clock of `timezone` (timezone.ts), not from point counts, so gaps, zoom changes and
 * daylight saving changes do not shift them (09:00 local stays 09:00):
 *   P = period·1000 ms,  B = bucket·1000 ms (bucket 0: B = the series step, the median of its first gaps,
 *   step.ts; until that estimate is final the history is rebuilt whenever it changes),
 *   phase(t) = floor((local(t) mod P) / B),  phases = ceil(P / B).
 * Each phase remembers its last `seasons` = N valid values (one per season when B is the step). For point i:
 *   expected_i = median of the N values of phase(t_i);
 *   spread_i   = max(1.4826 · median of the pooled leave-one-out deviations |x − median(the other N − 1 values
 *                of x's phase)| of every phase within ±h buckets of phase(t_i) (circularly, each phase once,
 *                only phases holding N values), 1.4826 · median of phase(t_i)'s own N deviations,
 *                floor(expected_i))     (resolution.ts; the own phase's term keeps the pool from narrowing the
 *                band of a noisy phase next to quiet ones, an evening next to a silent night)
 *   with h = max(neighbours, ceil((MIN_POOLED/N − 1)/2)), so the pool holds at least MIN_POOLED deviations;
 *   lower_i/upper_i = expected_i ∓ sensitivity·spread_i.
 * The centre uses the exact phase only (neighbouring phases sit at other levels of the daily curve); the spread
 * pools neighbours because N values alone give a very noisy MAD. Deviations are leave-one-out because a median
 * fitted to the same few values sits too close to them: the leave-one-out deviation is exactly the error of
 * predicting a new season from N − 1 seasons. Robust by construction: one outlier moves a phase's median by at
 * most one rank and adds one deviation to the pool. The history the point is judged against is always whole
 * seasons.
 *
 * Warm-up: a point is scored once its phase holds N earlier values; on a regular series that is after
 * N·phases valid points (`warmup` on the result). `warmup(p)` must answer without the series, so with bucket 0 it
 * assumes a 60 s step. Missing (NaN) points are skipped and enter no history; timestamps need not be regular.
 *
 * Cost: O(N·log N) per point to refresh the phase it joins, plus O(M) for the spread (a selection, not a sort)
 * with M the pooled deviations; memory O(min(phases, n)·N): phases get a ring on first use. The loops are
 * hand-written: they keep per-phase rings; simple-statistics' whole-array median would allocate per point.
 *
 * @example
 * // 4 phases of 60 s in a 240 s season, two seasons of history, spread pooled over the whole season:
 * const t = [0, 60000, 120000, 180000, 240000, 300000, 360000, 420000, 480000, 540000, 600000, 660000];
 * const v = [10, 20, 30, 20, 12, 23, 28, 19, 11, 21, 29, 40];
 * const [r] = runDetector('seasonal', [{ t, v }], { period: 240, seasons: 2, neighbours: 1, sensitivity: 3 });
 * // r.expected → [NaN ×8, 11.0000, 21.5000, 29.0000, 19.5000]
 * // r.lower    → [NaN ×8, 2.1044, 8.1566, 20.1044, 15.0522]
 * // r.upper    → [NaN ×8, 19.8956, 34.8434, 37.8956, 23.9478]   (phase 1's own values 20 and 23 widen it)
 * // r.score    → [NaN ×8, 0.0000, 0.0375, 0.0000, 4.6090]   (40 where the last two seasons had 20 and 19)
 * // r.anomaly  → [0 ×8, 0, 0, 0, 1];  r.warmup → 8
 * // (the same numbers as ExampleSeasonal in pkg/detectors and the doc_example vector case)
 */
export const seasonal: DetectorDefinition = {
  id: 'seasonal',
  name: 'Seasonal baseline',
  description: 'Median and robust spread of the same time of day (or week) over the previous seasons.',
  multivariate: false,
  params: [
    {
      name: 'period',
      type: 'int',
      default: 86400,
      min: 60,
      max: 31 * 86400,
      description: 'Season length in seconds: 86400 for a daily pattern, 604800 for a weekly one.',
    },
    {
      name: 'seasons',
      type: 'int',
      default: 4,
      min: 2,
      max: 52,
      description: 'Previous seasons (values per phase) the median and spread are taken over.',
    },
    {
      name: 'bucket',
      type: 'int',
      default: 0,
      min: 0,
      max: 31 * 86400,
      description: 'Phase width in seconds; 0 = the series step (the median spacing of its first points).',
    },
    {
      name: 'neighbours',
      type: 'int',
      default: 1,
      min: 0,
      max: 60,
      description: 'Phases on each side pooled into the spread estimate, at least (widened to 240 deviations).',
    },
    timezoneParam(),
    ...commonParams({ description: 'Band half-width in robust standard deviations (1.4826·MAD).' }),
  ],
  validate: (p) => checkTimeZone('seasonal', p.timezone as string),
  warmup: (p) => (p.seasons as number) * phaseCount(p, bucketSeconds(p) * 1000),
  detect: detectSeasonal,
};

function bucketSeconds(p: Params): number {
  const bucket = p.bucket as number;
  return bucket > 0 ? bucket : ASSUMED_STEP_SECONDS;
}

function phaseCount(p: Params, bucketMs: number): number {
  return Math.ceil(((p.period as number) * 1000) / bucketMs);
}

/** Neighbours on each side so that the pool holds at least MIN_POOLED deviations. */
export function pooledNeighbours(neighbours: number, seasons: number): number {
  return Math.max(neighbours, Math.ceil((MIN_POOLED / seasons - 1) / 2));
}

function detectSeasonal(series: Series, p: Params): DetectionResult {
  return scoreAgainstBand(series.v, seasonalBand(series, p), p);
}

/**
 * The seasonal profile after the last valid point (seasonal_forecast.ts forecasts from it): the phase of a time
 * and, for a phase whose history is complete, its expected value and spread as seasonal computes them for a point.
 */
export interface SeasonalState {
  /** Season length P and phase width B, in ms. */
  period: number;
  bucket: number;
  /** Times of the first and the last valid point. */
  first: number;
  last: number;
  phaseAt: (time: number) => number;
  /** [expected, spread] of a phase, or undefined while its history is not complete. */
  bandAt: (phase: number) => [number, number] | undefined;
}

/** The band of seasonal before scoring (ensemble uses it as a component). */
export function seasonalBand(series: Series, p: Params, end?: (state: SeasonalState) => void): DetectionResult {
  const { t, v } = series;
  const n = v.length;
  const seasons = p.seasons as number;
  const neighbours = pooledNeighbours(p.neighbours as number, seasons);
  const k = p.sensitivity as number;
  const periodMs = (p.period as number) * 1000;
  const fixedBucket = (p.bucket as number) > 0 ? (p.bucket as number) * 1000 : 0;
  const clock = new ZoneClock(p.timezone as string);
  const local = new Float64Array(n);
  let valid = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(v[i])) {
      valid++;
      local[i] = clock.local(t[i]);
    }
  }
  const steps = new StepEstimate();
  const res = new Resolution();
  let bucketMs = 0;
  let phases = 0;
  let history: PhaseHistory | undefined;
  let pool = new Float64Array(0);
  let wholeSeason = false;
  const phaseOfLocal = (localMs: number): number => {
    const inSeason = localMs % periodMs;
    const q = Math.floor((inSeason < 0 ? inSeason + periodMs : inSeason) / bucketMs);
    return q < phases ? q : phases - 1;
  };
  const phaseOf = (i: number): number => phaseOfLocal(local[i]);
  const bandAt = (phase: number): [number, number] | undefined => {
    const own = history!.fullSlot(phase);
    if (own < 0) {
      return undefined;
    }
    let size = 0;
    const first = wholeSeason ? 0 : phase - neighbours;
    const last = wholeSeason ? phases - 1 : phase + neighbours;
    for (let q = first; q <= last; q++) {
      const slot = history!.fullSlot((q + phases) % phases);
      if (slot >= 0) {
        pool.set(history!.deviations.subarray(slot * seasons, (slot + 1) * seasons), size);
        size += seasons;
      }
    }
    const e = history!.medians[own];
    // The own phase's deviations bound the pooled spread from below: pooling across a boundary between a noisy
    // and a quiet part of the season (an evening and a silent night) must not make the noisy side's band tight.
    pool.set(history!.deviations.subarray(own * seasons, (own + 1) * seasons), size);
    const ownSpread = MAD_TO_STD * selectMedian(pool.subarray(size, size + seasons), seasons);
    const pooled = MAD_TO_STD * selectMedian(pool, size);
    const mad = pooled > ownSpread ? pooled : ownSpread;
    const floor = res.floor(e);
    return [e, mad > floor ? mad : floor];
  };
  const r = emptyResult(n, seasons * phaseCount(p, fixedBucket || ASSUMED_STEP_SECONDS * 1000));
  let firstValid = -1;
  let lastValid = NaN;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (firstValid < 0) {
      firstValid = i;
    }
    const b = fixedBucket || steps.add(t[i]);
    if (b !== bucketMs && b > 0) {
      // A new phase width (while the step estimate is still moving): rebuild the history of earlier points.
      bucketMs = b;
      phases = Math.ceil(periodMs / bucketMs);
      wholeSeason = 2 * neighbours + 1 >= phases;
      history = new PhaseHistory(Math.min(phases, valid), seasons);
      pool = new Float64Array(seasons * ((wholeSeason ? phases : 2 * neighbours + 1) + 1)); // + the own phase
      for (let j = firstValid; j < i; j++) {
        if (!Number.isNaN(v[j])) {
          history.add(phaseOf(j), v[j]);
        }
      }
    }
    if (!history) {
      res.add(x);
      continue;
    }
    const phase = phaseOf(i);
    const band = bandAt(phase);
    if (band) {
      const [e, spread] = band;
      r.expected[i] = e;
      r.lower[i] = e - k * spread;
      r.upper[i] = e + k * spread;
    }
    history.add(phase, x);
    res.add(x);
    lastValid = t[i];
  }
  if (fixedBucket === 0 && bucketMs > 0) {
    r.warmup = seasons * phases;
  }
  if (end && history) {
    end({
      period: periodMs,
      bucket: bucketMs,
      first: t[firstValid],
      last: lastValid,
      phaseAt: (time) => phaseOfLocal(clock.local(time)),
      bandAt,
    });
  }
  return r;
}
