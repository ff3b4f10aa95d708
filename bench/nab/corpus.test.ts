/** @jest-environment node */
import { windowRows } from './corpus';
import { ascendingTimes, DEFAULT_THRESHOLD, toAnomalyScore } from './detect';

describe('windows as rows', () => {
  const ts = ['2014-01-01 00:00:00', '2014-01-01 00:05:00', '2014-01-01 00:05:00', '2014-01-01 00:10:00'];
  test('boundaries match the first row with that timestamp, .000000 dropped', () => {
    expect(windowRows('a.csv', ts, [['2014-01-01 00:05:00.000000', '2014-01-01 00:10:00.000000']])).toEqual([
      { start: 1, end: 3 },
    ]);
  });
  test('a boundary that matches no row is an error naming the file', () => {
    expect(() => windowRows('a.csv', ts, [['2014-01-01 00:06:00.000000', '2014-01-01 00:10:00']])).toThrow(
      /a\.csv: window boundary "2014-01-01 00:06:00.000000" matches no row/
    );
  });
});

describe('detector output as NAB anomaly scores', () => {
  test('s/(1+s): monotonic, band edge at 0.5, warm-up 0, cap below 1', () => {
    expect(DEFAULT_THRESHOLD).toBe(0.5);
    expect([NaN, 0, 1, 3, 100].map(toAnomalyScore)).toEqual([0, 0, 0.5, 0.75, 100 / 101]);
  });
  test('repeated and out-of-order timestamps are moved 1 ms after their predecessor', () => {
    const t = ascendingTimes([
      '2014-03-09 03:00:00',
      '2014-03-09 03:00:00',
      '2014-03-09 02:55:00',
      '2014-03-09 03:05:00',
    ]);
    const base = Date.UTC(2014, 2, 9, 3);
    expect(Array.from(t)).toEqual([base, base + 1, base + 2, base + 300000]);
  });
});
