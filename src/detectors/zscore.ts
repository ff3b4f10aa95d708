import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { Resolution } from './resolution';
import { emptyResult, scoreAgainstBand } from './result';
import { StepEstimate } from './step';
import { DetectionResult, Params, Series } from './types';

/**
 * Values enter a window clipped to this many spreads from the expected value they were scored against, so an
 * outlier weighs in the mean and the spread like a point on the default band's edge, and only for as long as it
 * stays in the window (the same constant as holt_winters' and ewma's clipping).
 */
export const CLIP_SPREADS = 3;

/**
 * `zscore`: rolling mean ± k·std, over a window in time.
 *
 * Window: the step is the median of the series' first gaps (step.ts) and the window covers the last
 * W = window·step ms: for point i it holds the valid points j < i with t_j ≥ t_i − W, at most `window` of them
 * (points leave it when they are older than that and do not come back). After a gap longer than W the window is
 * empty: the recent past is what happened recently in time, not the last points before the gap. Warm-up in time:
 * point i gets a band once the series has been seen for W (t_i − t_first ≥ W) and the window holds at least
 * max(2, ceil(window/2)) points; on a regular series that is the window-th point, as with a count.
 *   mean, std = mean and sample standard deviation (ddof = 1) of the window's entries
 *   spread    = max(std, floor(mean))      (resolution.ts: float resolution and quantum of the data)
 *   expected_i = mean,  lower_i/upper_i = mean ∓ sensitivity·spread
 * The point itself is excluded (a spike cannot widen its own band). Robust update: a point that got a band enters
 * the window as min(max(x, mean − 3·spread), mean + 3·spread) (winsorised at CLIP_SPREADS); when the next point
 * is also more than 3 spreads off on the same side, the first one was not a lone outlier and its entry is
 * restored to its value. So one outlier moves the mean by at most 3·spread/window and the spread about as much as
 * a point on the band's edge, while a lasting change still enters the window one point late; points of the
 * warm-up enter as they are. Missing points are skipped.
 *
 * Cost: O(n) time, O(window) memory. Running sums are kept of (x − K) with K the first valid value ("shifted
 * data"), so a constant series gives a variance of exactly 0 and large offsets lose no precision; they are
 * recomputed from the ring whenever it has turned over, so rounding does not drift. The loop is hand-written:
 * simple-statistics computes whole-array statistics, not sliding windows.
 *
 * @example
 * const [r] = runDetector('zscore', [{ t: [0, 1, 2, 3, 4], v: [1, 2, 3, 2, 10] }], { window: 3, sensitivity: 2 });
 * // r.expected → [NaN, NaN, NaN, 2.0000, 2.3333]
 * // r.upper    → [NaN, NaN, NaN, 4.0000, 3.4880]
 * // r.score    → [NaN, NaN, NaN, 0.0000, 6.6395]   (10 is 6.64 half-widths above the expected 2.33)
 * // r.anomaly  → [0, 0, 0, 0, 1]
 * // (the same numbers as ExampleZScore in pkg/detectors and the doc_example vector case)
 */
export const zscore: DetectorDefinition = {
  id: 'zscore',
  name: 'Z-score',
  description: 'Rolling mean ± k standard deviations over the last points; fast, for steady noisy series.',
  multivariate: false,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 60,
      min: 2,
      max: 100000,
      description: 'Steps of time (points at the series step) the mean and standard deviation are taken over.',
    },
    ...commonParams({ description: 'Band half-width in standard deviations.' }),
  ],
  warmup: (p) => p.window as number,
  detect: detectZscore,
};

/** The band of zscore before scoring (ensemble uses it as a component). */
export function zscoreBand(series: Series, window: number, k: number, warmupSteps = window): DetectionResult {
  const { t, v } = series;
  const n = v.length;
  const r = emptyResult(n, window);
  const minCount = Math.max(2, Math.ceil(Math.min(window, warmupSteps) / 2));
  const ringT = new Float64Array(window);
  const ringD = new Float64Array(window); // entries minus shift
  const steps = new StepEstimate();
  const res = new Resolution();
  let head = 0; // oldest entry
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let shift = NaN;
  let first = NaN;
  // The last entry, when it was clipped: where it is, what was cut off, and on which side.
  let pendingSlot = -1;
  let pendingT = 0;
  let pendingExcess = 0;
  let pendingSide = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (Number.isNaN(shift)) {
      shift = x;
      first = t[i];
    }
    const step = steps.add(t[i]);
    const span = window * step;
    const cutoff = t[i] - span;
    while (count > 0 && ringT[head] < cutoff) {
      const old = ringD[head];
      sum -= old;
      sumSq -= old * old;
      head = head + 1 === window ? 0 : head + 1;
      count--;
    }
    let d = x - shift;
    let side = 0;
    if (count >= minCount && t[i] - first >= warmupSteps * step) {
      const mean = sum / count;
      const variance = Math.max(0, (sumSq - sum * mean) / (count - 1));
      const e = mean + shift;
      const floor = res.floor(e);
      const std = Math.sqrt(variance);
      const spread = std > floor ? std : floor;
      r.expected[i] = e;
      r.lower[i] = e - k * spread;
      r.upper[i] = e + k * spread;
      const lo = mean - CLIP_SPREADS * spread;
      const hi = mean + CLIP_SPREADS * spread;
      side = d > hi ? 1 : d < lo ? -1 : 0;
      if (side !== 0 && side === pendingSide && count > 0 && ringT[pendingSlot] === pendingT) {
        // Two extreme points in a row on one side: the last one was not a lone outlier; it counts in full.
        const clipped = ringD[pendingSlot];
        const raw = clipped + pendingExcess;
        ringD[pendingSlot] = raw;
        sum += pendingExcess;
        sumSq += raw * raw - clipped * clipped;
      }
      d = d < lo ? lo : d > hi ? hi : d;
    }
    const excess = x - shift - d;
    if (count === window) {
      const old = ringD[head];
      sum -= old;
      sumSq -= old * old;
      head = head + 1 === window ? 0 : head + 1;
      count--;
    }
    const tail = head + count < window ? head + count : head + count - window;
    ringT[tail] = t[i];
    ringD[tail] = d;
    pendingSlot = tail;
    pendingT = t[i];
    pendingExcess = excess;
    pendingSide = side;
    count++;
    sum += d;
    sumSq += d * d;
    if (tail === window - 1 && head === 0) {
      // The ring has turned over: recompute the sums so rounding cannot accumulate over a long series.
      sum = 0;
      sumSq = 0;
      for (let j = 0; j < count; j++) {
        sum += ringD[j];
        sumSq += ringD[j] * ringD[j];
      }
    }
    res.add(x);
  }
  return r;
}

function detectZscore(series: Series, p: Params): DetectionResult {
  return scoreAgainstBand(series.v, zscoreBand(series, p.window as number, p.sensitivity as number), p);
}
