import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { PhaseHistory, sortedMedian } from './seasonal_history';
import { DetectionResult, Params, Series } from './types';

/** Robust spread: 1.4826·MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_STD = 1.4826;

/** Step assumed by `warmup(p)` when `bucket` is 0 (the series step is not known from the parameters alone). */
const ASSUMED_STEP_SECONDS = 60;

/**
 * `seasonal`: median ± k·robust spread of the same phase (time of day, time of week) over the previous seasons.
 *
 * Phases come from timestamps, not point counts, so gaps and zoom changes do not shift them:
 *   P = period·1000 ms,  B = bucket·1000 ms (bucket 0: B = t[1] − t[0], the series step),
 *   phase(t) = floor((t mod P) / B),  phases = ceil(P / B).
 * Each phase remembers its last `seasons` = N valid values (one per season when B is the step). For point i:
 *   expected_i = median of the N values of phase(t_i);
 *   spread_i   = 1.4826 · median of the pooled leave-one-out deviations |x − median(the other N − 1 values of x's
 *                phase)| of every phase within ±`neighbours` buckets of phase(t_i) (circularly, each phase once,
 *                only phases holding N values);
 *   lower_i/upper_i = expected_i ∓ sensitivity·spread_i.
 * The centre uses the exact phase only (neighbouring phases sit at other levels of the daily curve); the spread
 * pools neighbours because N values alone give a very noisy MAD. Deviations are leave-one-out because a median
 * fitted to the same few values sits too close to them: the plain MAD around a phase's own median under-estimates
 * the error of predicting a new season by 30–50 % for N ≤ 8, while the leave-one-out deviation is exactly such a
 * prediction error (from N − 1 seasons). A phase's neighbours may include the current season's earlier value (the
 * bucket just before the point): still causal.
 *
 * Warm-up: a point is scored once its phase holds N earlier values; on a regular series that is after
 * N·phases valid points (`warmup` on the result). `warmup(p)` must answer without the series, so with bucket 0 it
 * assumes a 60 s step. Phases that never had N values stay NaN. Missing (NaN) points are skipped and enter no
 * history; timestamps need not be regular. A constant series has zero deviations: a zero-width band, scores 0,
 * and no division anywhere (the shared scoring caps a point off a zero-width band at 100).
 *
 * Cost: O(N·log N) per point to refresh the phase it joins, plus O(M·log M) for the spread with
 * M = N·min(2·neighbours + 1, phases) — constant in the series length n, so O(n·(N·log N + M·log M)) in all.
 * Memory O(min(phases, n)·N): phases get a ring on first use. The loops are hand-written: they keep per-phase
 * rings and sort small scratch arrays; simple-statistics' whole-array median would allocate per point.
 *
 * @example
 * // 4 phases of 60 s in a 240 s season, two seasons of history, spread pooled over ±1 phase:
 * const t = [0, 60000, 120000, 180000, 240000, 300000, 360000, 420000, 480000, 540000, 600000, 660000];
 * const v = [10, 20, 30, 20, 12, 23, 28, 19, 11, 21, 29, 40];
 * const [r] = runDetector('seasonal', [{ t, v }], { period: 240, seasons: 2, neighbours: 1, sensitivity: 3 });
 * // r.expected → [NaN ×8, 11.0000, 21.5000, 29.0000, 19.5000]
 * // r.lower    → [NaN ×8, 2.1044, 12.6044, 20.1044, 15.0522]
 * // r.upper    → [NaN ×8, 19.8956, 30.3956, 37.8956, 23.9478]
 * // r.score    → [NaN ×8, 0.0000, 0.0562, 0.0000, 4.6090]   (40 where the last two seasons had 20 and 19)
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
      description: 'Phase width in seconds; 0 = the series step (the spacing of its first two timestamps).',
    },
    {
      name: 'neighbours',
      type: 'int',
      default: 1,
      min: 0,
      max: 60,
      description: 'Phases on each side whose history is pooled into the spread estimate.',
    },
    ...commonParams({ description: 'Band half-width in robust standard deviations (1.4826·MAD).' }),
  ],
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

/** The phase width in ms: the bucket parameter, or the series step taken from its first two timestamps. */
function bucketMsOf(t: ArrayLike<number>, p: Params): number {
  if ((p.bucket as number) > 0 || t.length < 2) {
    return bucketSeconds(p) * 1000;
  }
  return t[1] - t[0];
}

function detectSeasonal(series: Series, p: Params): DetectionResult {
  const { t, v } = series;
  const n = v.length;
  const seasons = p.seasons as number;
  const neighbours = p.neighbours as number;
  const k = p.sensitivity as number;
  const periodMs = (p.period as number) * 1000;
  const bucketMs = bucketMsOf(t, p);
  const phases = phaseCount(p, bucketMs);
  const r = emptyResult(n, seasons * phases);
  let valid = 0;
  for (let i = 0; i < n; i++) {
    valid += Number.isNaN(v[i]) ? 0 : 1;
  }
  const history = new PhaseHistory(Math.min(phases, valid), seasons);
  // Every phase once when the neighbourhood wraps around the whole season.
  const wholeSeason = 2 * neighbours + 1 >= phases;
  const pool = new Float64Array(seasons * (wholeSeason ? phases : 2 * neighbours + 1));
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    const inSeason = t[i] % periodMs;
    const phase = Math.floor((inSeason < 0 ? inSeason + periodMs : inSeason) / bucketMs);
    const own = history.fullSlot(phase);
    if (own >= 0) {
      let size = 0;
      const first = wholeSeason ? 0 : phase - neighbours;
      const last = wholeSeason ? phases - 1 : phase + neighbours;
      for (let q = first; q <= last; q++) {
        const slot = history.fullSlot((q + phases) % phases);
        if (slot >= 0) {
          pool.set(history.deviations.subarray(slot * seasons, (slot + 1) * seasons), size);
          size += seasons;
        }
      }
      const sorted = pool.subarray(0, size).sort();
      const spread = MAD_TO_STD * sortedMedian(sorted, size);
      const e = history.medians[own];
      r.expected[i] = e;
      r.lower[i] = e - k * spread;
      r.upper[i] = e + k * spread;
    }
    history.add(phase, x);
  }
  return scoreAgainstBand(v, r, p);
}
