/** @jest-environment node */
import { addCounts, emptyCounts, metricsOf, scoreEvents } from './scoring';

const flags = (n: number, on: number[]) => {
  const f = new Uint8Array(n);
  on.forEach((i) => (f[i] = 1));
  return f;
};

describe('event scoring', () => {
  it('counts a window as detected from its first flagged point, with that delay', () => {
    const c = scoreEvents(flags(50, [12, 13]), [{ start: 10, end: 15 }], 0);
    // Coverage: 2 of the window's 6 points are flagged.
    expect(c).toEqual({ labelled: 1, detected: 1, falsePositives: 0, delays: [2], coverages: [2 / 6] });
  });

  it('accepts a flag within the tolerance after the window and not beyond it', () => {
    const w = [{ start: 10, end: 10 }];
    expect(scoreEvents(flags(50, [13]), w, 3).detected).toBe(1);
    expect(scoreEvents(flags(50, [14]), w, 3)).toEqual({
      labelled: 1,
      detected: 0,
      falsePositives: 1,
      delays: [],
      coverages: [],
    });
  });

  it('counts each flagged run outside all windows as one false positive', () => {
    const c = scoreEvents(flags(50, [1, 2, 3, 30, 40, 41]), [{ start: 20, end: 25 }], 0);
    expect(c).toEqual({ labelled: 1, detected: 0, falsePositives: 3, delays: [], coverages: [] });
  });

  it('does not call a run that reaches into a window a false positive', () => {
    const c = scoreEvents(flags(50, [8, 9, 10, 11]), [{ start: 10, end: 12 }], 0);
    expect(c).toEqual({ labelled: 1, detected: 1, falsePositives: 0, delays: [0], coverages: [2 / 3] });
  });

  it('measures coverage up to the adaptation limit', () => {
    const on = Array.from({ length: 20 }, (_, i) => 10 + i); // flagged 10..29 of a window 10..59
    expect(scoreEvents(flags(100, on), [{ start: 10, end: 59 }], 0).coverages).toEqual([20 / 50]);
    expect(scoreEvents(flags(100, on), [{ start: 10, end: 59 }], 0, 25).coverages).toEqual([20 / 25]);
  });

  it('computes precision, recall, F1 and the median delay over summed counts', () => {
    const total = emptyCounts();
    addCounts(
      total,
      scoreEvents(
        flags(100, [10, 50, 80]),
        [
          { start: 10, end: 12 },
          { start: 48, end: 60 },
        ],
        0
      )
    );
    addCounts(total, scoreEvents(flags(100, []), [{ start: 30, end: 31 }], 0));
    // 3 labelled, 2 detected (delays 0 and 2, coverage 1/3 and 1/13), 1 false positive (80).
    expect(metricsOf(total)).toEqual({
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 2 / 3,
      medianDelay: 1,
      coverage: (1 / 3 + 1 / 13) / 2,
    });
  });

  it('leaves precision undefined when nothing is flagged', () => {
    expect(metricsOf(scoreEvents(flags(10, []), [{ start: 2, end: 3 }], 0))).toEqual({
      precision: null,
      recall: 0,
      f1: null,
      medianDelay: null,
      coverage: null,
    });
  });
});
