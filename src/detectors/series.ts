import { DetectorError } from './errors';
import { Series } from './types';

/**
 * The largest magnitude a detector works with: a finite value beyond ±MAX_MAGNITUDE is taken as ±MAX_MAGNITUDE
 * (see withinMagnitude). Sums of squares over a window of up to 10^5 points of differences up to 2·10^150 stay
 * below Number.MAX_VALUE (about 1.8·10^308), so spreads, bands and scores stay finite; no metric comes near it (a
 * 64-bit byte counter ends at 1.8·10^19).
 */
export const MAX_MAGNITUDE = 1e150;

/**
 * Checks one input series: equal lengths, finite strictly ascending timestamps, no ±Inf values.
 * NaN values are allowed (missing points). Nothing is copied or changed. Returns true when a value lies beyond
 * ±MAX_MAGNITUDE (the series is then detected as withinMagnitude gives it).
 */
export function validateSeries(detectorId: string, series: Series, index = 0): boolean {
  let beyond = false;
  const { t, v } = series;
  const label = `${detectorId}: series ${index}`;
  if (t.length !== v.length) {
    throw new DetectorError('invalid_input', `${label} has ${t.length} timestamps but ${v.length} values`);
  }
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) {
      throw new DetectorError('non_finite_input', `${label}: timestamp at index ${i} is ${t[i]}`);
    }
    if (i > 0 && !(t[i] > t[i - 1])) {
      throw new DetectorError('invalid_input', `${label}: timestamps must be strictly ascending (index ${i})`);
    }
    const x = v[i];
    if (x > MAX_MAGNITUDE || x < -MAX_MAGNITUDE) {
      if (x === Infinity || x === -Infinity) {
        throw new DetectorError(
          'non_finite_input',
          `${label}: value at index ${i} is ${x}; remove or clamp infinities`
        );
      }
      beyond = true;
    }
  }
  return beyond;
}

/**
 * The series a detector scores: the input itself, or, when a value lies beyond ±MAX_MAGNITUDE, a copy with
 * such values clamped to ±MAX_MAGNITUDE (saturation, point by point, so causality and the prefix property hold).
 * Without it the spreads of the detectors that keep sums of squares (zscore, level_shift) or smooth squared or
 * absolute errors (ewma, holt_winters, seasonal) overflow to ±Infinity and the band becomes NaN.
 */
export function withinMagnitude(series: Series): Series {
  const v = Float64Array.from(series.v, (x) =>
    x > MAX_MAGNITUDE ? MAX_MAGNITUDE : x < -MAX_MAGNITUDE ? -MAX_MAGNITUDE : x
  );
  return { t: series.t, v };
}

/** Median spacing of timestamps in ms (the series step); 0 for fewer than two points. */
export function medianStep(t: ArrayLike<number>): number {
  const n = t.length;
  if (n < 2) {
    return 0;
  }
  const d = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    d[i - 1] = t[i] - t[i - 1];
  }
  d.sort();
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}
