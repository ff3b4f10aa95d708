import { dateTime, FieldType } from '@grafana/data';
import {
  anomalyMarkers,
  countMissing,
  float64ToValues,
  findTimeField,
  detectorTimes,
  timeToMs,
  detectorValues,
} from './frameValues';

describe('frames ↔ detector arrays', () => {
  it('all-number values are used as they are (no copy), in order', () => {
    const values = [3, 1.5, -2];
    expect(detectorValues({ name: 'Value', type: FieldType.number, config: {}, values })).toBe(values);
  });

  it('null, undefined and non-numbers become NaN; numbers keep their exact value and order', () => {
    const field = {
      name: 'Value',
      type: FieldType.number,
      config: {},
      values: [1.5, null, undefined, 'x', NaN, -0.25, 1e300],
    };
    const v = detectorValues(field as any);
    expect(Array.from(v)).toEqual([1.5, NaN, NaN, NaN, NaN, -0.25, 1e300]);
    expect(countMissing(v)).toBe(4);
  });

  it('time values in Unix ms from numbers, Dates, ISO strings, numeric strings and Grafana DateTime', () => {
    const ms = 1_700_000_000_000;
    expect(timeToMs(ms)).toBe(ms);
    expect(timeToMs(new Date(ms))).toBe(ms);
    expect(timeToMs(new Date(ms).toISOString())).toBe(ms);
    expect(timeToMs(String(ms))).toBe(ms);
    expect(timeToMs(dateTime(ms))).toBe(ms);
    expect(timeToMs(null)).toBeNaN();
    expect(timeToMs('yesterday')).toBeNaN();
    expect(
      Array.from(detectorTimes({ name: 'Time', type: FieldType.time, config: {}, values: [ms, ms + 60_000] }))
    ).toEqual([ms, ms + 60_000]);
  });

  it('finds the first time field wherever it is', () => {
    const frame = {
      length: 0,
      fields: [
        { name: 'Value', type: FieldType.number, config: {}, values: [] },
        { name: 'ts', type: FieldType.time, config: {}, values: [] },
      ],
    };
    expect(findTimeField(frame)?.name).toBe('ts');
    expect(findTimeField({ length: 0, fields: [] })).toBeUndefined();
  });

  it('detector output back to field values: NaN becomes no value, everything else unchanged', () => {
    // Warm-up before the first output: no value (a hole, read as undefined); a gap after it: null.
    const out = float64ToValues(Float64Array.from([NaN, NaN, 0, -1.5, NaN, 100]));
    expect(out).toHaveLength(6);
    expect(Array.from(out)).toEqual([undefined, undefined, 0, -1.5, null, 100]);
  });

  it('markers carry the original value at anomalous points only', () => {
    const markers = anomalyMarkers([5, 6, 7], Uint8Array.from([0, 1, 0]));
    expect(markers).toHaveLength(3);
    expect(Array.from(markers)).toEqual([undefined, 6, undefined]);
  });
});
