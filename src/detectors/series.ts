import { DetectorError } from './errors';
import { Series } from './types';

/**
 * Checks one input series: equal lengths, finite strictly ascending timestamps, no ±Inf values.
 * NaN values are allowed (missing points). Nothing is copied or changed.
 */
export function validateSeries(detectorId: string, series: Series, index = 0): void {
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
    if (x === Infinity || x === -Infinity) {
      throw new DetectorError('non_finite_input', `${label}: value at index ${i} is ${x}; remove or clamp infinities`);
    }
  }
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
