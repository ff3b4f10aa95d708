import { DetectorError } from './errors';
import { medianStep } from './series';

/** A detected season: its length in points of the input's step and in milliseconds, and its autocorrelation. */
export interface Season {
  periodPoints: number;
  periodMs: number;
  /** Autocorrelation at the period, in (0, 1]. */
  strength: number;
}

/** Fewer valid points than this cannot show two cycles of any useful season. */
export const SEASON_MIN_POINTS = 16;
/** An autocorrelation peak below this is noise, not a season. */
export const SEASON_MIN_STRENGTH = 0.3;
/** Series longer than this are averaged into this many buckets first, keeping the search O(n). */
const MAX_BUCKETS = 1024;
/** Calendar periods a detected period snaps to when within 5%: an hour, a day, a week. */
const CALENDAR_MS = [3600_000, 86_400_000, 604_800_000];

/**
 * Finds the dominant season of a series by autocorrelation, in time (gaps and missing nights do not shorten it).
 *
 * S = the median gap between consecutive valid points; the valid points are detrended (least-squares line over
 * their timestamps removed) and averaged into time buckets of B = k·S with k = ceil((span/S + 1) / 1024), so at
 * most 1024 buckets cover the span; a bucket without a point counts as the mean (0 after detrending). The
 * autocorrelation r(L) = Σ(y_t − ȳ)(y_{t+L} − ȳ) / Σ(y_t − ȳ)² is computed for L = 2..N/2 (so at least two cycles
 * are seen), and the season is the highest local maximum of r that comes after r first drops below 0 and reaches
 * `SEASON_MIN_STRENGTH`. The period is L·B ms (L·k points of S), snapped to an hour, a day or a week when within
 * 5% of one. Returns undefined when there is no season. Cost O(n + 1024²/2). Throws `too_few_points` below 16
 * valid points.
 *
 * @example
 * const t = Array.from({ length: 96 }, (_, i) => i * 60000);
 * detectSeason(t, t.map((_, i) => Math.sin((2 * Math.PI * i) / 12)));
 * // → { periodPoints: 12, periodMs: 720000, strength: 0.8727… }   (same as ExampleDetectSeason in Go)
 */
export function detectSeason(t: ArrayLike<number>, v: ArrayLike<number>): Season | undefined {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) {
      n++;
    }
  }
  if (n < SEASON_MIN_POINTS) {
    throw new DetectorError(
      'too_few_points',
      `season detection needs at least ${SEASON_MIN_POINTS} valid points, got ${n}; widen the time range`
    );
  }
  const ts = new Float64Array(n);
  const xs = new Float64Array(n);
  for (let i = 0, j = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) {
      ts[j] = t[i];
      xs[j++] = v[i];
    }
  }
  detrend(ts, xs);
  const step = medianStep(ts);
  const span = ts[n - 1] - ts[0];
  const k = Math.ceil((span / step + 1) / MAX_BUCKETS);
  const bucket = k * step;
  const y = bucketMeans(ts, xs, bucket);
  const lag = dominantLag(y);
  if (lag === undefined) {
    return undefined;
  }
  let periodMs = lag.lag * bucket;
  for (const c of CALENDAR_MS) {
    if (Math.abs(periodMs - c) <= 0.05 * c) {
      periodMs = c;
    }
  }
  return { periodPoints: lag.lag * k, periodMs, strength: lag.r };
}

/** Removes the least-squares line through (time, value), in place (xs is our own copy). */
function detrend(ts: Float64Array, xs: Float64Array): void {
  const n = xs.length;
  let meanT = 0;
  let meanX = 0;
  for (let i = 0; i < n; i++) {
    meanT += ts[i];
    meanX += xs[i];
  }
  meanT /= n;
  meanX /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (ts[i] - meanT) * (xs[i] - meanX);
    sxx += (ts[i] - meanT) * (ts[i] - meanT);
  }
  const slope = sxy / sxx;
  for (let i = 0; i < n; i++) {
    xs[i] = xs[i] - meanX - slope * (ts[i] - meanT);
  }
}

/** Means of the values in time buckets of `bucket` ms from the first timestamp; 0 for an empty bucket. */
function bucketMeans(ts: Float64Array, xs: Float64Array, bucket: number): Float64Array {
  const m = Math.floor((ts[ts.length - 1] - ts[0]) / bucket) + 1;
  const sum = new Float64Array(m);
  const count = new Float64Array(m);
  for (let i = 0; i < xs.length; i++) {
    const b = Math.floor((ts[i] - ts[0]) / bucket);
    sum[b] += xs[i];
    count[b]++;
  }
  for (let b = 0; b < m; b++) {
    sum[b] = count[b] > 0 ? sum[b] / count[b] : 0;
  }
  return sum;
}

function dominantLag(y: Float64Array): { lag: number; r: number } | undefined {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    mean += y[i];
  }
  mean /= n;
  let denom = 0;
  for (let i = 0; i < n; i++) {
    denom += (y[i] - mean) * (y[i] - mean);
  }
  if (!(denom > 0)) {
    return undefined; // constant after detrending: no season
  }
  const maxLag = Math.floor(n / 2);
  const r = new Float64Array(maxLag + 2);
  for (let lag = 1; lag <= Math.min(maxLag + 1, n - 1); lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) {
      s += (y[i] - mean) * (y[i + lag] - mean);
    }
    r[lag] = s / denom;
  }
  let best: { lag: number; r: number } | undefined;
  let dipped = false;
  for (let lag = 2; lag <= maxLag; lag++) {
    dipped = dipped || r[lag] < 0;
    const peak = r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1];
    if (dipped && peak && r[lag] >= SEASON_MIN_STRENGTH && (!best || r[lag] > best.r)) {
      best = { lag, r: r[lag] };
    }
  }
  return best;
}
