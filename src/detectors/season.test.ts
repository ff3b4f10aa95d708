/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { DetectorError } from './errors';
import { detectSeason, Season } from './season';
import { close, decode } from './testing/vectors';

interface SeasonCase {
  name: string;
  t: number[];
  v: Array<number | 'NaN'>;
  expected: { season: Season | null } | { error: string };
}

// testdata/season.json: computed by scripts/vectors/season.py (statsmodels acf); shared with season_test.go.
const file = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../testdata/season.json'), 'utf8'));
const cases: SeasonCase[] = file.cases;

describe('detectSeason', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = Float64Array.from(c.v.map(decode));
    const before = Array.from(v);
    if ('error' in c.expected) {
      expect(() => detectSeason(c.t, v)).toThrow(DetectorError);
      try {
        detectSeason(c.t, v);
      } catch (e) {
        expect((e as DetectorError).code).toBe(c.expected.error);
      }
      return;
    }
    const got = detectSeason(c.t, v);
    expect(Array.from(v)).toEqual(before);
    const want = c.expected.season;
    if (want === null) {
      expect(got).toBeUndefined();
      return;
    }
    expect(got).toBeDefined();
    expect(got!.periodPoints).toBe(want.periodPoints);
    expect(got!.periodMs).toBe(want.periodMs);
    expect(close(got!.strength, want.strength, file.tolerance)).toBe(true);
  });
});
