import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { DetectionResult, Params, Series } from './types';

/**
 * `zscore`: rolling mean ± k·std.
 *
 * For point i, mean and sample standard deviation (ddof = 1) are taken over the `window` valid points before i
 * (the point itself is excluded so a spike cannot widen its own band):
 *   expected_i = mean,  lower_i/upper_i = mean ∓ sensitivity·std.
 * Missing points are skipped and do not enter the window.
 *
 * Cost: O(n) time, O(window) memory. Running sums are kept of (x − K) with K the first valid value ("shifted
 * data"), so a constant series gives a variance of exactly 0 (zero-width band) and large offsets lose no precision.
 * The loop is hand-written: simple-statistics computes whole-array statistics, not sliding windows.
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
      description: 'Number of previous points the mean and standard deviation are taken over.',
    },
    ...commonParams({ description: 'Band half-width in standard deviations.' }),
  ],
  warmup: (p) => p.window as number,
  detect: detectZscore,
};

function detectZscore(series: Series, p: Params): DetectionResult {
  const w = p.window as number;
  const k = p.sensitivity as number;
  const v = series.v;
  const n = v.length;
  const r = emptyResult(n, w);
  const ring = new Float64Array(w);
  let head = 0;
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let shift = NaN;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (Number.isNaN(shift)) {
      shift = x;
    }
    if (count === w) {
      const mean = sum / w;
      const variance = Math.max(0, (sumSq - sum * mean) / (w - 1));
      const std = Math.sqrt(variance);
      const e = mean + shift;
      r.expected[i] = e;
      r.lower[i] = e - k * std;
      r.upper[i] = e + k * std;
      const old = ring[head];
      sum -= old;
      sumSq -= old * old;
    } else {
      count++;
    }
    const d = x - shift;
    ring[head] = d;
    head = head + 1 === w ? 0 : head + 1;
    sum += d;
    sumSq += d * d;
  }
  return scoreAgainstBand(v, r, p);
}
