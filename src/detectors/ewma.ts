import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { Resolution } from './resolution';
import { emptyResult, scoreAgainstBand } from './result';
import { StepEstimate } from './step';
import { CLIP_SPREADS } from './zscore';
import { DetectionResult, Params, Series } from './types';

/**
 * `ewma`: exponentially weighted mean ± k·(exponentially weighted standard deviation), with weights in time.
 *
 * A point's weight halves every `halfLife` steps of time (step: the median of the series' first gaps, step.ts):
 * a point Δt after the previous one is mixed in with alpha = 1 − 2^(−Δt/(halfLife·step)), which is
 * 1 − exp(−ln 2 / halfLife) on a regular series. The state is the recursive (pandas `adjust=False`) weighted
 * mean and variance, started from the first valid point x₀:
 *   mean = x₀, var = 0, w2 = 1                      (w2 = sum of the squared weights)
 *   for each later valid point x:  d = x − mean  (clipped, see below)
 *     mean ← mean + alpha·d
 *     var  ← (1 − alpha)·(var + alpha·d²)           (weighted variance about the weighted mean)
 *     w2   ← (1 − alpha)²·w2 + alpha²
 *   std = sqrt(var / (1 − w2))                      (reliability-weights unbiased)
 * On a regular series without clipping this is exactly pandas `ewm(alpha, adjust=False).mean()` and
 * `.var(bias=False)`. For point i the band uses the state BEFORE i (causal, and a spike cannot widen its own
 * band): expected_i = mean, spread = max(std, floor(mean)) (resolution.ts), lower_i/upper_i = mean ∓ sensitivity·spread.
 *
 * Robust update: once a point has a band, d enters clipped to ±3·spread (CLIP_SPREADS); when the next point is
 * also more than 3 spreads off on the same side, the first was not a lone outlier and its update is redone with
 * its full deviation. So one outlier moves the mean by at most 3·alpha·spread and the variance like a point on the
 * default band's edge, then fades with the weights, while a lasting change is followed one point late. Warm-up in time: a band once the state holds max(2, ceil(halfLife)) steps of time
 * (t_i − t_start ≥ warm-up·step) and at least two points. A gap longer than that span restarts the state at
 * the point after it (nothing recent is left to compare with: the first point after a night is warm-up, not an
 * anomaly against the evening). Missing points are skipped: no output, no state update.
 *
 * Cost: O(n) time, O(1) memory. The loop is hand-written: it is a recursion, not a whole-array statistic.
 *
 * @example
 * const series = { t: [0, 1, 2, 3, 4, 5], v: [2, 1, 2, 1, 2, 10] };
 * const [r] = runDetector('ewma', [series], { halfLife: 2, sensitivity: 2 });
 * // r.expected → [NaN, NaN, 1.7071, 1.7929, 1.5607, 1.6893]
 * // r.upper    → [NaN, NaN, 3.1213, 2.8211, 2.7265, 2.7396]
 * // r.score    → [NaN, NaN, 0.2071, 0.7711, 0.3768, 7.9133]   (10 is 7.91 half-widths above the expected 1.69)
 * // r.anomaly  → [0, 0, 0, 0, 0, 1]
 * // (the same numbers as ExampleEWMA in pkg/detectors and the doc_example vector case)
 */
export const ewma: DetectorDefinition = {
  id: 'ewma',
  name: 'EWMA',
  description: 'Exponentially weighted mean ± k weighted standard deviations; follows slow drift, no window to fill.',
  multivariate: false,
  params: [
    {
      name: 'halfLife',
      type: 'float',
      default: 30,
      min: 1,
      max: 100000,
      description:
        'Steps of time (points at the series step) after which a point’s weight in the mean and deviation has halved.',
    },
    ...commonParams({ description: 'Band half-width in exponentially weighted standard deviations.' }),
  ],
  warmup: (p) => ewmaWarmup(p.halfLife as number),
  detect: detectEwma,
};

function ewmaWarmup(halfLife: number): number {
  return Math.max(2, Math.ceil(halfLife));
}

function detectEwma(series: Series, p: Params): DetectionResult {
  return scoreAgainstBand(series.v, ewmaBand(series, p.halfLife as number, p.sensitivity as number), p);
}

/** The band of ewma before scoring (ensemble uses it as a component). */
export function ewmaBand(
  series: Series,
  halfLife: number,
  k: number,
  warmupSteps = ewmaWarmup(halfLife)
): DetectionResult {
  const warmup = warmupSteps;
  const { t, v } = series;
  const n = v.length;
  const r = emptyResult(n, warmup);
  const steps = new StepEstimate();
  const res = new Resolution();
  let count = 0;
  let start = 0;
  let last = 0;
  let mean = 0;
  let variance = 0;
  let sumSqWeights = 1;
  // The state before the last point and that point's mixing weight and full deviation, while it was clipped.
  let pendingSide = 0;
  let beforeMean = 0;
  let beforeVariance = 0;
  let pendingAlpha = 0;
  let pendingD = 0;
  let lastGap = -1;
  let lastStep = 0;
  let alpha = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    const step = steps.add(t[i]);
    if (count > 0 && t[i] - last > warmup * step) {
      count = 0; // a gap longer than the warm-up span: start again
    }
    if (count === 0) {
      mean = x;
      variance = 0;
      sumSqWeights = 1;
      count = 1;
      start = t[i];
      last = t[i];
      pendingSide = 0;
      res.add(x);
      continue;
    }
    // 1 − 2^(−Δt/(halfLife·step)) without the cancellation of 1 − exp(x) for long half-lives; recomputed only
    // when the spacing or the step estimate changes (on a regular series, once).
    const gap = t[i] - last;
    if (gap !== lastGap || step !== lastStep) {
      lastGap = gap;
      lastStep = step;
      alpha = -Math.expm1((-Math.LN2 * (gap / step)) / halfLife);
    }
    const decay = 1 - alpha;
    let d = x - mean;
    let side = 0;
    if (count >= 2 && t[i] - start >= warmup * step) {
      const floor = res.floor(mean);
      const std = Math.sqrt(variance / (1 - sumSqWeights));
      const spread = std > floor ? std : floor;
      r.expected[i] = mean;
      r.lower[i] = mean - k * spread;
      r.upper[i] = mean + k * spread;
      const c = CLIP_SPREADS * spread;
      side = d > c ? 1 : d < -c ? -1 : 0;
      if (side !== 0 && side === pendingSide) {
        // Two extreme points in a row on one side: the last one was not a lone outlier. Redo its update in full
        // (the weights do not depend on the values, so only the mean and the variance change).
        const a = pendingAlpha;
        mean = beforeMean + a * pendingD;
        variance = (1 - a) * (beforeVariance + a * pendingD * pendingD);
        d = x - mean;
      }
      d = d < -c ? -c : d > c ? c : d;
    }
    pendingSide = side;
    beforeMean = mean;
    beforeVariance = variance;
    pendingAlpha = alpha;
    pendingD = x - mean;
    mean = mean + alpha * d;
    variance = decay * (variance + alpha * d * d);
    sumSqWeights = decay * decay * sumSqWeights + alpha * alpha;
    count++;
    last = t[i];
    res.add(x);
  }
  return r;
}
