import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { DetectionResult, Params, Series } from './types';

/**
 * `ewma`: exponentially weighted mean ± k·(exponentially weighted standard deviation).
 *
 * The weight of a point halves every `halfLife` valid points: alpha = 1 − exp(−ln 2 / halfLife). The state is
 * the recursive (pandas `adjust=False`) weighted mean and variance, started from the first valid point x₀:
 *   mean = x₀, var = 0, w2 = 1                      (w2 = sum of the squared weights)
 *   for each later valid point x:  d = x − mean
 *     mean ← mean + alpha·d
 *     var  ← (1 − alpha)·(var + alpha·d²)           (weighted variance about the weighted mean)
 *     w2   ← (1 − alpha)²·w2 + alpha²
 *   std = sqrt(var / (1 − w2))                      (reliability-weights unbiased; corrects the narrow bands the
 *                                                   first points would give while x₀ still weighs a lot)
 * This is exactly pandas `ewm(alpha=alpha, adjust=False).mean()` and `.var(bias=False)` over the valid points.
 * For point i the band uses the state BEFORE i (causal, and a spike cannot widen its own band); then i updates
 * it: expected_i = mean, lower_i/upper_i = mean ∓ sensitivity·std.
 *
 * Warm-up: max(2, ceil(halfLife)) valid points. After `halfLife` points the first point still carries half the
 * weight, so earlier bands would mostly describe the start of the series.
 * Missing points are skipped: no output, no state update, and they do not age the weights.
 * Constant series: deviations are exactly 0 (the mean starts at the first value), so var = 0 and the band has
 * zero width; 0 / (1 − w2) needs no guard because w2 < 1 from the second point on.
 * Flagged points do enter the state (as in `zscore`), so a spike widens the band of the points after it a little.
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
      description: 'Number of points after which a point’s weight in the mean and deviation has halved.',
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
  const halfLife = p.halfLife as number;
  const k = p.sensitivity as number;
  const warmup = ewmaWarmup(halfLife);
  // 1 − exp(−ln 2 / halfLife) without the cancellation of 1 − exp(x) for long half-lives.
  const alpha = -Math.expm1(-Math.LN2 / halfLife);
  const decay = 1 - alpha;
  const v = series.v;
  const n = v.length;
  const r = emptyResult(n, warmup);
  let count = 0;
  let mean = 0;
  let variance = 0;
  let sumSqWeights = 1;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (count === 0) {
      mean = x;
      count = 1;
      continue;
    }
    if (count >= warmup) {
      const std = Math.sqrt(variance / (1 - sumSqWeights));
      r.expected[i] = mean;
      r.lower[i] = mean - k * std;
      r.upper[i] = mean + k * std;
    }
    const d = x - mean;
    mean = mean + alpha * d;
    variance = decay * (variance + alpha * d * d);
    sumSqWeights = decay * decay * sumSqWeights + alpha * alpha;
    count++;
  }
  return scoreAgainstBand(v, r, p);
}
