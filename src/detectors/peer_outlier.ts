import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { commonParams } from './params';
import { RELATIVE_RESOLUTION, Resolution } from './resolution';
import { emptyResult, scoreAgainstBand } from './result';
import { repeatSources } from './samples';
import { selectMedian } from './seasonal_history';
import { StepEstimate } from './step';
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
 *   expected = median of the peers' values,  s_t = 1.4826 · median(|value − expected|)   (the group's spread now)
 *   pooled   = 1.4826 · median of the non-zero deviations |value − median| of every peer at the earlier scored
 *              timestamps of the last `window` steps of time (at most `window` timestamps; step: the median of
 *              the first gaps between scored timestamps that bring a new sample, step.ts)
 *   spread   = max(s_t, pooled, minSpread · |expected|, floor(expected))
 *   lower/upper = expected ∓ sensitivity · spread,   each peer scored against that band.
 * The pooled spread is what a group of 3–5 replicas needs: at one instant a few pods can agree to the last digit by
 * chance (or be identical copies of one value), and a spread taken across them alone would make the next tiny
 * difference an outlier; over time the group shows how far its members usually stray. Exact agreements (zero
 * deviations) are left out of the pool: replicas that usually report the same value and sometimes differ by their
 * usual noise would otherwise have a pooled spread of 0, and a group that never differed keeps the float floor, so
 * its first difference still stands out. It is a median, so one odd timestamp does not move it (robust update). The floor (resolution.ts) is 1e-9 of |expected| or the smallest
 * change seen within any member (its quantum). A timestamp at which every peer only repeats its previous sample
 * (a step finer than the series' resolution, samples.ts) does not enter the pool again.
 *
 * With fewer than 3 peers the timestamp outputs NaN for every series (anomaly false). A group of fewer than 3
 * series is rejected with `too_few_series`. Medians of an even count average the two middle values. Warm-up: a
 * timestamp is scored once the pool holds ceil(window/2) earlier spreads; after a gap longer than the window the
 * pool empties and warms up again. The default sensitivity is 5, not 3: the MAD of a handful of values is noisy.
 *
 * Cost: O(n·g·log g) time for n timestamps and g series (the median and the MAD sort the g peer values once per
 * timestamp), plus O(window·g) per timestamp for the pooled median (a selection); O(window·g) scratch memory
 * besides the outputs.
 * The merge over timestamps is hand-written (simple-statistics works on whole arrays, not on a k-way merge).
 *
 * @example
 * const t = [0, 1, 2, 3];
 * const results = runDetector('peer_outlier', [
 *   { t, v: [10, 11, 10.5, 10] },
 *   { t, v: [10.5, 12, 11, 10.5] },
 *   { t, v: [11, 11, 9.5, 11] },
 *   { t, v: [9.5, 30, 10, 10.4] }, // the odd pod out at t = 1
 * ], { window: 2 });
 * const r = results[3];
 * // r.expected → [NaN, 11.5000, 10.2500, 10.4500]   (the group median; t = 0 is warm-up)
 * // r.upper    → [NaN, 15.2065, 13.9565, 14.1565]   (at t = 3 the pooled deviations of t = 1 and 2 set the spread)
 * // r.score    → [NaN, 4.9912, 0.0674, 0.0135]
 * // r.anomaly  → [0, 1, 0, 0]
 * // (the same numbers as ExamplePeerOutlier in pkg/detectors and the doc_example vector case)
 */
export const peerOutlier: DetectorDefinition = {
  id: 'peer_outlier',
  name: 'Peer outlier',
  description: 'Flags the series that deviates from the median of its group at the same time (one pod out of many).',
  multivariate: true,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 60,
      min: 1,
      max: 100000,
      description: 'Steps of time over which the group’s spread is pooled (its median is a floor for the spread now).',
    },
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
  warmup: (p) => Math.ceil((p.window as number) / 2),
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
  const window = p.window as number;
  const minPool = Math.ceil(window / 2);
  const results = series.map((s) => emptyResult(s.v.length, minPool));
  const repeats = series.map((s) => repeatSources(s));
  const resolutions = series.map(() => new Resolution());
  const cursor = new Int32Array(g);
  const peerSeries = new Int32Array(g);
  const peerIndex = new Int32Array(g);
  const values = new Float64Array(g);
  const deviations = new Float64Array(g);
  const pool = new DeviationPool(window, g);
  const steps = new StepEstimate();
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
    let fresh = false;
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
          fresh ||= !repeats[s] || repeats[s]![i] < 0;
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
    // The step counts new samples only: peers read at a step finer than their resolution repeat samples.
    const step = fresh ? steps.add(t) : steps.step;
    if (step > 0) {
      pool.evictBefore(t - window * step);
    }
    if (pool.length >= minPool) {
      let quantum = 0;
      for (const res of resolutions) {
        if (res.quantum > 0 && (quantum === 0 || res.quantum < quantum)) {
          quantum = res.quantum;
        }
      }
      const floor = Math.max(RELATIVE_RESOLUTION * Math.abs(expected), quantum, minSpread * Math.abs(expected));
      const now = MAD_TO_SIGMA * sortedMedian(deviations.slice(0, count).sort(), count);
      const spread = Math.max(now, MAD_TO_SIGMA * pool.median(), floor);
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
    if (fresh) {
      pool.push(t, deviations, count);
    }
    for (let j = 0; j < count; j++) {
      resolutions[peerSeries[j]].add(series[peerSeries[j]].v[peerIndex[j]]);
    }
  }
  return results.map((r, s) => scoreAgainstBand(series[s].v, r, p));
}

/** Median of the first `count` values of an ascending array: the middle one, or the mean of the two middle ones. */
function sortedMedian(sorted: Float64Array, count: number): number {
  const mid = count >> 1;
  return count % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The non-zero deviations of the last `size` pushed timestamps (and their times): a ring of timestamps in
 * arrival order, each with up to g deviations, and the median of all of them by selection (selectMedian).
 */
class DeviationPool {
  private readonly times: Float64Array;
  private readonly counts: Int32Array;
  private readonly values: Float64Array; // slot·g + j
  private readonly scratch: Float64Array;
  private head = 0;
  length = 0;

  constructor(
    private readonly size: number,
    private readonly g: number
  ) {
    this.times = new Float64Array(size);
    this.counts = new Int32Array(size);
    this.values = new Float64Array(size * g);
    this.scratch = new Float64Array(size * g);
  }

  /** Adds a timestamp's deviations (its zeros left out). */
  push(t: number, deviations: Float64Array, count: number): void {
    if (this.length === this.size) {
      this.dropOldest();
    }
    const slot = (this.head + this.length++) % this.size;
    this.times[slot] = t;
    let c = 0;
    for (let j = 0; j < count; j++) {
      if (deviations[j] > 0) {
        this.values[slot * this.g + c++] = deviations[j];
      }
    }
    this.counts[slot] = c;
  }

  /** Drops the timestamps before `cutoff`. */
  evictBefore(cutoff: number): void {
    while (this.length > 0 && this.times[this.head] < cutoff) {
      this.dropOldest();
    }
  }

  /** The median of the pooled deviations (0 when all were zero). */
  median(): number {
    let m = 0;
    for (let a = 0; a < this.length; a++) {
      const slot = (this.head + a) % this.size;
      for (let j = 0; j < this.counts[slot]; j++) {
        this.scratch[m++] = this.values[slot * this.g + j];
      }
    }
    return m > 0 ? selectMedian(this.scratch, m) : 0;
  }

  private dropOldest(): void {
    this.length--;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
  }
}
