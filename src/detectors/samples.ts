import { DetectionResult, Params, Series } from './types';

/**
 * Prometheus' default lookback delta: a range query returns a series' latest sample again at every step for up
 * to five minutes after it was written (then nothing until the next sample).
 */
export const LOOKBACK_MS = 300_000;

/**
 * Points that repeat an earlier sample: for each point, the index of the point whose sample it repeats, or −1
 * when it is a sample of its own (or missing). Undefined when the series has no repeat (the common case).
 *
 * A valid point i repeats when its value is identical to the point just before it (v[i] === v[i − 1]) and it
 * lies less than LOOKBACK_MS after the first point r of that run of identical consecutive values; it then
 * repeats r. This is what a query step finer than the series' own resolution produces: a gauge written every
 * 15 minutes and read at a 1-minute step comes back as each sample five times, then nothing for ten minutes.
 * A run that lasts longer than the lookback is a value that really stays the same (a constant gauge, a rate of
 * exactly 0): its points from LOOKBACK_MS on count as samples again. A missing point ends a run. Causal: the
 * decision for i uses points 0..i only.
 */
export function repeatSources(series: Series): Int32Array | undefined {
  const { t, v } = series;
  let out: Int32Array | undefined;
  let runStart = 0;
  for (let i = 1; i < v.length; i++) {
    if (v[i] !== v[i - 1]) {
      runStart = i; // a different value or a missing point (NaN !== NaN) starts a new run
      continue;
    }
    if (t[i] - t[runStart] < LOOKBACK_MS) {
      out ??= new Int32Array(v.length).fill(-1);
      out[i] = runStart;
    }
  }
  return out;
}

/**
 * Runs a univariate detector so that a repeated sample counts once (see repeatSources): the detector sees the
 * series without its repeats, and every repeat gets the outputs of the sample it repeats (expected, band, score
 * and flag). So reading a series at a step finer than its own resolution does not multiply its samples in
 * windows and histories, nor its alarms.
 */
export function detectSamples(
  detect: (s: Series, p: Params) => DetectionResult,
  series: Series,
  p: Params
): DetectionResult {
  const sources = repeatSources(series);
  if (!sources) {
    return detect(series, p);
  }
  const n = series.v.length;
  const index = new Int32Array(n); // position of each kept point in the reduced series
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (sources[i] < 0) {
      index[i] = m++;
    }
  }
  const t = new Float64Array(m);
  const v = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if (sources[i] < 0) {
      t[index[i]] = series.t[i];
      v[index[i]] = series.v[i];
    }
  }
  const reduced = detect({ t, v }, p);
  const floats = new Float64Array(4 * n);
  const out: DetectionResult = {
    expected: floats.subarray(0, n),
    lower: floats.subarray(n, 2 * n),
    upper: floats.subarray(2 * n, 3 * n),
    score: floats.subarray(3 * n, 4 * n),
    anomaly: new Uint8Array(n),
    warmup: reduced.warmup,
  };
  for (let i = 0; i < n; i++) {
    const j = index[sources[i] < 0 ? i : sources[i]];
    out.expected[i] = reduced.expected[j];
    out.lower[i] = reduced.lower[j];
    out.upper[i] = reduced.upper[j];
    out.score[i] = reduced.score[j];
    out.anomaly[i] = reduced.anomaly[j];
  }
  return out;
}
