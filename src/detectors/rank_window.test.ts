/**
 * @jest-environment node
 */
import { RankWindow } from './rank_window';
import { mulberry32 } from './testing/random';

/** A small deterministic PRNG (the library's mulberry32) so failures reproduce. */
const prng = mulberry32;

const ascending = (a: number, b: number) => a - b;

/** The by-definition median: sort a copy, take the middle value or the mean of the two middle ones. */
function bruteMedian(xs: number[]): number {
  const s = [...xs].sort(ascending);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function bruteDistances(xs: number[], center: number): number[] {
  return xs.map((x) => Math.abs(x - center)).sort(ascending);
}

/** Values from a small pool (many duplicates: ties are where order statistics go wrong) or a continuous range. */
function randomValues(rand: () => number, n: number, distinct: boolean): number[] {
  return Array.from({ length: n }, () => (distinct ? (rand() - 0.5) * 40 : Math.floor(rand() * 7) - 3));
}

/** Slides windows over random series and returns a description of the first disagreement, if any. */
function firstBruteForceMismatch(rand: () => number): string | undefined {
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rand() * 120);
    const width = 1 + Math.floor(rand() * 25);
    const v = randomValues(rand, n, trial % 2 === 0);
    const rw = new RankWindow(v);
    for (let i = 0; i < n; i++) {
      rw.add(rw.rank(v[i]));
      if (i >= width) {
        rw.remove(rw.rank(v[i - width]));
      }
      const win = v.slice(Math.max(0, i - width + 1), i + 1);
      const where = `trial ${trial} i ${i} window [${win.join(', ')}]`;
      const sorted = [...win].sort(ascending);
      const kth = sorted.map((_, k) => rw.kth(k));
      if (rw.length !== win.length || !same(kth, sorted)) {
        return `${where}: length ${rw.length}, kth [${kth.join(', ')}]`;
      }
      const med = rw.median();
      const mad = rw.medianAbsDeviation(med);
      if (med !== bruteMedian(win) || mad !== bruteMedian(bruteDistances(win, med))) {
        return `${where}: median ${med}, MAD ${mad}`;
      }
      // Any center, inside or outside the window's range, on a value or between values.
      const center = Math.floor(rand() * 11) - 5 + 0.5 * Math.floor(rand() * 2);
      const distances = sorted.map((_, k) => rw.kthDistance(center, k));
      if (!same(distances, bruteDistances(win, center))) {
        return `${where}: distances from ${center} [${distances.join(', ')}]`;
      }
    }
  }
  return undefined;
}

describe('RankWindow', () => {
  it('matches brute-force order statistics, median and MAD on random sliding windows', () => {
    expect(firstBruteForceMismatch(prng(12345))).toBeUndefined();
  });

  it('gives NaN when empty, a zero MAD when constant, and ranks only universe values', () => {
    expect(new RankWindow([]).median()).toBeNaN();
    expect(new RankWindow([]).medianAbsDeviation(0)).toBeNaN();
    const rw = new RankWindow([NaN, 5, 5, NaN]);
    expect([rw.rank(5), rw.rank(4), rw.rank(NaN)]).toEqual([0, -1, -1]);
    for (let i = 0; i < 4; i++) {
      rw.add(rw.rank(5));
    }
    expect([rw.median(), rw.medianAbsDeviation(5)]).toEqual([5, 0]);
  });
});
