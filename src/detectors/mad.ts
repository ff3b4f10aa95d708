import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { RankWindow } from './rank_window';
import { emptyResult, scoreAgainstBand } from './result';
import { DetectionResult, Params, Series } from './types';

/**
 * Turns a MAD into a robust standard deviation: for normal data MAD ≈ σ/1.4826. The literal 1.4826 is used in all
 * three implementations (this file, pkg/detectors/mad.go, scripts/vectors/mad.py), not scipy's scale='normal'
 * constant 1/Φ⁻¹(3/4) ≈ 1.482602218505602; the two differ by 1.5e-6 relative.
 */
const MAD_SCALE = 1.4826;

/**
 * `mad`: rolling median ± k·1.4826·MAD.
 *
 * For point i, over the `window` valid points before i (the point itself is excluded so a spike cannot move its
 * own band):
 *   expected_i = median,  MAD = median(|x − median|),  lower_i/upper_i = median ∓ sensitivity·1.4826·MAD.
 * Medians follow numpy: the mean of the two middle values for an even count. Median and MAD ignore up to half of
 * the window being outliers, so past spikes neither drag the expected value nor widen the band as they do for
 * zscore.
 *
 * Missing (NaN) points are skipped: NaN output, no anomaly, and they do not enter the window. Warm-up: the first
 * `window` valid points output NaN. Constant series: MAD = 0, a zero-width band (no division is involved), and any
 * deviation scores SCORE_CAP. More generally, whenever more than half of a window holds the same value its MAD is 0
 * and the band has zero width, so any other value scores SCORE_CAP (e.g. a counter that is mostly flat); this is
 * the definition, kept as is — there is no hidden fallback to another spread.
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
      description: 'Number of previous points the median and MAD are taken over.',
    },
    ...commonParams({ description: 'Band half-width in robust standard deviations (1.4826·MAD).' }),
  ],
  warmup: (p) => p.window as number,
  detect: detectMad,
};

function detectMad(series: Series, p: Params): DetectionResult {
  const w = p.window as number;
  const k = p.sensitivity as number;
  const v = series.v;
  const n = v.length;
  const r = emptyResult(n, w);
  const window = new RankWindow(v);
  // Ranks of the window's values, oldest at head once full. A series shorter than the window never fills it, so
  // the ring needs no more than the series' length.
  const ring = new Int32Array(Math.min(w, n));
  let head = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (window.length === w) {
      const med = window.median();
      const spread = MAD_SCALE * window.medianAbsDeviation(med);
      r.expected[i] = med;
      r.lower[i] = med - k * spread;
      r.upper[i] = med + k * spread;
      window.remove(ring[head]);
    }
    const rank = window.rank(x);
    window.add(rank);
    ring[head] = rank;
    head = head + 1 === w ? 0 : head + 1;
  }
  return scoreAgainstBand(v, r, p);
}
