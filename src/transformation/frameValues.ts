import { DataFrame, Field, FieldType } from '@grafana/data';

/**
 * The adapter between Grafana's frames and the detectors' arrays. Detectors take plain numbers (Unix ms times,
 * NaN for a missing value); frames hold nulls, Dates, strings and whatever a data source sends. Nothing here
 * throws: a value that is not a number becomes NaN and the detector or the caller reports it.
 */

/** The frame's time axis: its first field of type time (Prometheus frames have exactly one). */
export function findTimeField(frame: DataFrame): Field | undefined {
  return frame.fields.find((f) => f.type === FieldType.time);
}

/** One time value in Unix ms: numbers as they are, Dates and ISO strings converted, anything else NaN. */
export function timeToMs(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'string') {
    const asNumber = Number(value);
    return value.trim() !== '' && Number.isFinite(asNumber) ? asNumber : Date.parse(value);
  }
  // Grafana's DateTime (moment) and similar objects convert through valueOf.
  if (value !== null && typeof value === 'object' && typeof (value as { valueOf(): unknown }).valueOf === 'function') {
    const v = (value as { valueOf(): unknown }).valueOf();
    return typeof v === 'number' ? v : NaN;
  }
  return NaN;
}

/** Values that are all numbers already need no copy: the detectors only read them. */
function allNumbers(values: readonly unknown[]): values is number[] {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number') {
      return false;
    }
  }
  return true;
}

/** A time field's values in Unix ms (Prometheus sends numbers, which are used as they are). */
export function detectorTimes(field: Field): ArrayLike<number> {
  const values = field.values;
  if (allNumbers(values)) {
    return values;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = timeToMs(values[i]);
  }
  return out;
}

/** A numeric field's values for a detector: null, undefined and non-numbers become NaN (a missing point). */
export function detectorValues(field: Field): ArrayLike<number> {
  const values = field.values;
  if (allNumbers(values)) {
    return values;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    out[i] = typeof x === 'number' ? x : NaN;
  }
  return out;
}

/**
 * Detector output back to field values. NaN means "no value": before the first output (the warm-up) the array
 * is left holey, read as undefined like the rows Grafana's own joins leave empty; after it a NaN becomes null, a
 * gap in the line. Why holes: an array of numbers and holes keeps unboxed doubles, while a single null (or an
 * explicit undefined) makes V8 box every number; for 100 series × 2,000 points that boxing and its garbage
 * collection took most of the transformation's time (bench/transform). The browser test renders both forms
 * pixel-identically in @grafana/ui's TimeSeries.
 */
export function float64ToValues(a: ArrayLike<number>): Array<number | null | undefined> {
  const out = new Array<number | null | undefined>(a.length);
  let started = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (!Number.isNaN(x)) {
      out[i] = x;
      started = true;
    } else if (started) {
      out[i] = null;
    }
  }
  return out;
}

/** The marker series: the original value where the point is anomalous, no value elsewhere (points only, no lines). */
export function anomalyMarkers(values: ArrayLike<number>, anomaly: ArrayLike<number>): Array<number | undefined> {
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) {
    if (anomaly[i]) {
      out[i] = values[i];
    }
  }
  return out;
}

/** Counts the values a detector will skip (NaN after conversion). */
export function countMissing(v: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) {
      n++;
    }
  }
  return n;
}
