import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { RankWindow } from './rank_window';
import { Resolution } from './resolution';
import { emptyResult, scoreAgainstBand } from './result';
import { StepEstimate } from './step';
import { DetectionResult, Params, Series } from './types';

/**
 * Turns a MAD into a robust standard deviation: for normal data MAD ≈ σ/1.4826. The literal 1.4826 is used in all
 * three implementations (this file, pkg/detectors/mad.go, scripts/vectors/mad.py), not scipy's scale='normal'
 * constant 1/Φ⁻¹(3/4) ≈ 1.482602218505602; the two differ by 1.5e-6 relative.
 */
const MAD_SCALE = 1.4826;

/**
 * `mad`: rolling median ± k·1.4826·MAD, over a window in time.
 *
 * The window is zscore's (zscore.ts): for point i the valid points j < i with t_j ≥ t_i − window·step (step: the
 * median of the series' first gaps, step.ts), at most `window` of them, points leaving it for good once older;
 * a band once the series has been seen for window·step and the window holds max(2, ceil(window/2)) points.
 *   expected_i = median,  MAD = median(|x − median|),
 *   spread = max(1.4826·MAD, floor(median))     (resolution.ts: float resolution and quantum of the data)
 *   lower_i/upper_i = median ∓ sensitivity·spread.
 * Medians follow numpy: the mean of the two middle values for an even count. Robust by construction: median and
 * MAD move by at most one rank for one outlier in the window, so values enter unclipped. The floor replaces the
 * zero-width band a window gets when more than half of it holds one value (a mostly flat gauge, an idle counter):
 * a deviation of one quantum is then one spread, not the score cap; a value that never changed before (the
 * quantum still unknown) still scores the cap.
 *
 * Missing (NaN) points are skipped: NaN output, no anomaly, and they do not enter the window.
 *
 * Cost: O(n log n) time (O(log w · log n) per point), O(n) memory (sorted values, tree, ring of ranks), typed
 * arrays only. The valid values are sorted once to number them (RankWindow, rank_window.ts); that uses later
 * values only as an index, never in an output, so outputs stay causal. The window is a Fenwick tree of counts over
 * those ranks: the median is an order-statistic descent, the MAD a selection from two sorted sequences (values
 * below the median downwards, above it upwards). The loop is hand-written: simple-statistics computes whole-array
 * medians (O(w) per point here), not sliding ones.
 *
 * @example
 * const [r] = runDetector('mad', [{ t: [0, 1, 2, 3, 4, 5], v: [1, 2, 4, 3, 10, 3] }], { window: 4, sensitivity: 2 });
 * // r.expected → [NaN, NaN, NaN, NaN, 2.5000, 3.5000]
 * // r.upper    → [NaN, NaN, NaN, NaN, 5.4652, 6.4652]
 * // r.score    → [NaN, NaN, NaN, NaN, 2.5293, 0.1686]   (10 is 2.53 half-widths above the median 2.5)
 * // r.anomaly  → [0, 0, 0, 0, 1, 0]                       (and the 10 barely moves the next median: 3.5)
 * // (the same numbers as ExampleMAD in pkg/detectors and the doc_example vector case)
 */
export const mad: DetectorDefinition = {
  id: 'mad',
  name: 'Median absolute deviation',
  description: 'Rolling median ± k robust standard deviations (1.4826·MAD); outliers do not distort the band.',
  multivariate: false,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 60,
      min: 3,
      max: 100000,
      description: 'Steps of time (points at the series step) the median and MAD are taken over.',
    },
    ...commonParams({ description: 'Band half-width in robust standard deviations (1.4826·MAD).' }),
  ],
  warmup: (p) => p.window as number,
  detect: detectMad,
};

function detectMad(series: Series, p: Params): DetectionResult {
  const w = p.window as number;
  const k = p.sensitivity as number;
  const { t, v } = series;
  const n = v.length;
  const r = emptyResult(n, w);
  const window = new RankWindow(v);
  const minCount = Math.max(2, Math.ceil(w / 2));
  // Ranks and times of the window's values, oldest at head. A series shorter than the window never fills it, so
  // the ring needs no more than the series' length.
  const size = Math.min(w, n);
  const ringRank = new Int32Array(size);
  const ringT = new Float64Array(size);
  const steps = new StepEstimate();
  const res = new Resolution();
  let head = 0;
  let first = NaN;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (Number.isNaN(first)) {
      first = t[i];
    }
    const span = w * steps.add(t[i]);
    const cutoff = t[i] - span;
    while (window.length > 0 && ringT[head] < cutoff) {
      window.remove(ringRank[head]);
      head = head + 1 === size ? 0 : head + 1;
    }
    if (window.length >= minCount && t[i] - first >= span) {
      const med = window.median();
      const floor = res.floor(med);
      const mad = MAD_SCALE * window.medianAbsDeviation(med);
      const spread = mad > floor ? mad : floor;
      r.expected[i] = med;
      r.lower[i] = med - k * spread;
      r.upper[i] = med + k * spread;
    }
    if (window.length === w) {
      window.remove(ringRank[head]);
      head = head + 1 === size ? 0 : head + 1;
    }
    const tail = (head + window.length) % size;
    const rank = window.rank(x);
    window.add(rank);
    ringRank[tail] = rank;
    ringT[tail] = t[i];
    res.add(x);
  }
  return scoreAgainstBand(v, r, p);
}
