/**
 * @jest-environment node
 */
import { linearExtrapolation, maseScale, seasonalNaive } from './baselines';
import { addCase, coverage, emptyTally, meanMase } from './metrics';

const HOUR = 3_600_000;

describe('forecast bench baselines', () => {
  // Hourly points over three days; the value is the hour of day, plus 100 on the third day.
  const t = Array.from({ length: 72 }, (_, i) => i * HOUR);
  const v = t.map((_, i) => (i % 24) + (i >= 48 ? 100 : 0));
  const history = { t, v };

  it('repeats the last season, reaching back as many seasons as the forecast reaches ahead', () => {
    const now = t[71];
    const got = seasonalNaive(history, now, 24 * HOUR, [now + HOUR, now + 24 * HOUR, now + 25 * HOUR]);
    expect(Array.from(got)).toEqual([100, 123, 100]);
  });

  it('extrapolates the least-squares line of the window, as predict_linear', () => {
    const line = { t: [0, 1, 2, 3, 4].map((x) => x * HOUR), v: [5, 7, 9, 11, 13] };
    expect(Array.from(linearExtrapolation(line, 4 * HOUR, 2 * HOUR, [6 * HOUR]))).toEqual([17]);
    // Only the window counts: the line through the last two points of a kinked series.
    const kinked = { t: [0, 1, 2, 3].map((x) => x * HOUR), v: [0, 0, 1, 3] };
    expect(linearExtrapolation(kinked, 3 * HOUR, 1.5 * HOUR, [4 * HOUR])[0]).toBeCloseTo(5, 12);
  });

  it('scales by the one-season seasonal naive error of the history', () => {
    // Days 1 and 2 repeat day 0 except the jump of 100 on day 2: 24 errors of 0 and 24 of 100.
    expect(maseScale(history, 24 * HOUR)).toBe(50);
  });
});

describe('forecast bench metrics', () => {
  it('averages MASE over cases and counts points inside the band at each level', () => {
    const tally = emptyTally();
    addCase(tally, [1, 2], [1, 4], 2, { lower: [0, 1], upper: [2, 7] }); // MAE 1 → 0.5
    addCase(tally, [3], [3], 1); // no band: MASE only
    expect(meanMase(tally)).toBe(0.25);
    expect(tally.points).toBe(2);
    // At 99.7 % (the band itself) both are inside; at 80 % the half-widths shrink to 1.28/3 of theirs: the second
    // band becomes [2.72, 5.28] and 2 falls outside.
    expect(coverage(tally, 0)).toBe(1);
    expect(coverage(tally, 2)).toBe(0.5);
  });
});
