import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { DetectionResult, Params, Series } from './types';

/** Fewer valid values than this at a timestamp leave it unscored; fewer series than this is an error. */
const MIN_PEERS = 3;

/** Makes the MAD a consistent estimator of the standard deviation for normal data (written literally). */
const MAD_TO_SIGMA = 1.4826;

/**
 * `peer_outlier`: which series deviates from its peers at the same timestamp — the "one pod out of twenty" case.
 *
 * At each timestamp of the union of the group's timestamps, the peers are the series with a non-NaN point at
 * exactly that timestamp (the series itself included). With at least 3 peers:
 *   expected = median of the peers' values
 *   spread   = max(1.4826 · median(|value − expected|), minSpread · |expected|)
 *   lower/upper = expected ∓ sensitivity · spread,   each peer scored against that band.
 * With fewer than 3 peers the timestamp outputs NaN for every series (anomaly false). A group of fewer than 3
 * series is rejected with `too_few_series`. Medians of an even count average the two middle values.
 *
 * Causal trivially: each output uses only the values at its own timestamp, so there is no history and no
 * warm-up (warmup 0). NaN points are not peers and output NaN. Identical pods give MAD 0, a zero-width band:
 * a pod on it scores 0, any other pod scores the cap (100) — `minSpread` (a fraction of |median|, e.g. 0.01 = 1%)
 * sets a floor so tiny differences between near-identical pods are not anomalies. The default sensitivity is 5,
 * not 3: the MAD of a handful of values is noisy (with 20 i.i.d. normal pods, 3 flags 1.4% of points, 5 flags
 * 0.08%; with 5 pods, 6.9% and 2.8%).
 *
 * Cost: O(n·g·log g) time for n timestamps and g series (the median and the MAD sort the g peer values once per
 * timestamp, shared by all peers), O(g) scratch memory besides the outputs. The merge over timestamps is
 * hand-written (simple-statistics works on whole arrays, not on a k-way merge of series).
 *
 * @example
 * const t = [0, 1, 2];
 * const results = runDetector('peer_outlier', [
 *   { t, v: [10, 11, 10.5] },
 *   { t, v: [10.5, 12, 11] },
 *   { t, v: [11, 11, 9.5] },
 *   { t, v: [9.5, 30, 10] }, // the odd pod out at t = 1
 * ]);
 * const r = results[3];
 * // r.expected → [10.2500, 11.5000, 10.2500]   (the group median at each timestamp)
 * // r.upper    → [13.9565, 15.2065, 13.9565]   (MAD 0.5 → spread 0.7413; ± 5 spreads)
 * // r.score    → [0.2023, 4.9912, 0.0674]
 * // r.anomaly  → [0, 1, 0]
 * // (the same numbers as ExamplePeerOutlier in pkg/detectors and the doc_example vector case)
 */
export const peerOutlier: DetectorDefinition = {
  id: 'peer_outlier',
  name: 'Peer outlier',
  description: 'Flags the series that deviates from the median of its group at the same time (one pod out of many).',
  multivariate: true,
  params: [
    {
      name: 'minSpread',
      type: 'float',
      default: 0,
      min: 0,
      max: 10,
      description:
        'Smallest spread as a fraction of |median| (0.01 = 1%), so near-identical series do not flag tiny differences.',
    },
    ...commonParams({
      default: 5,
      description:
        'Band half-width in robust standard deviations across the group (1.4826 × MAD); larger = fewer anomalies.',
    }),
  ],
  warmup: () => 0,
  detectGroup: detectPeerOutlier,
};

function detectPeerOutlier(series: readonly Series[], p: Params): DetectionResult[] {
  const g = series.length;
  if (g < MIN_PEERS) {
    throw new DetectorError(
      'too_few_series',
      `peer_outlier: needs at least ${MIN_PEERS} series to compare peers, got ${g}; query more series (e.g. by pod)`
    );
  }
  const k = p.sensitivity as number;
  const minSpread = p.minSpread as number;
  const results = series.map((s) => emptyResult(s.v.length, 0));
  const cursor = new Int32Array(g);
  const peerSeries = new Int32Array(g);
  const peerIndex = new Int32Array(g);
  const values = new Float64Array(g);
  const deviations = new Float64Array(g);
  for (;;) {
    // The next timestamp of the union: the smallest one not consumed yet.
    let t = Infinity;
    for (let s = 0; s < g; s++) {
      if (cursor[s] < series[s].t.length && series[s].t[cursor[s]] < t) {
        t = series[s].t[cursor[s]];
      }
    }
    if (t === Infinity) {
      break;
    }
    let count = 0;
    for (let s = 0; s < g; s++) {
      const i = cursor[s];
      if (i < series[s].t.length && series[s].t[i] === t) {
        cursor[s]++;
        const x = series[s].v[i];
        if (!Number.isNaN(x)) {
          peerSeries[count] = s;
          peerIndex[count] = i;
          values[count] = x;
          count++;
        }
      }
    }
    if (count < MIN_PEERS) {
      continue;
    }
    const expected = sortedMedian(values.subarray(0, count).sort(), count);
    for (let j = 0; j < count; j++) {
      deviations[j] = Math.abs(values[j] - expected);
    }
    const mad = sortedMedian(deviations.subarray(0, count).sort(), count);
    const spread = Math.max(MAD_TO_SIGMA * mad, minSpread * Math.abs(expected));
    const lower = expected - k * spread;
    const upper = expected + k * spread;
    for (let j = 0; j < count; j++) {
      const r = results[peerSeries[j]];
      const i = peerIndex[j];
      r.expected[i] = expected;
      r.lower[i] = lower;
      r.upper[i] = upper;
    }
  }
  return results.map((r, s) => scoreAgainstBand(series[s].v, r, p));
}

/** Median of the first `count` values of an ascending array: the middle one, or the mean of the two middle ones. */
function sortedMedian(sorted: Float64Array, count: number): number {
  const mid = count >> 1;
  return count % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
