/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatPromDuration, parseDuration } from './duration';
import { makePlan, nativeInterval, PlanInput } from './plan';

/** The table pkg/query/plan_table_test.go checks too: the two implementations plan identically. */
const TABLE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../testdata/plan.json'), 'utf8')) as {
  cases: Array<{ name: string; input: PlanInput; expected: Record<string, unknown> }>;
  native: Array<{ name: string; stepMs: number; series: Array<Array<number | null>>; expectedMs: number }>;
};

describe('makePlan: testdata/plan.json (shared with the Go backend)', () => {
  it.each(TABLE.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let got: Record<string, unknown>;
    try {
      const p = makePlan(c.input);
      got = {
        stepMs: p.stepMs,
        fetchStart: p.fetchStart,
        visibleStart: p.visibleStart,
        end: p.end,
        historyMs: p.historyMs,
        wantedMs: p.wantedMs,
        points: p.points,
        auto: p.auto,
        reason: p.reason,
      };
    } catch (e) {
      got = { error: (e as Error).message };
    }
    // Go leaves zero values out of the JSON (omitempty).
    const want = {
      stepMs: 0,
      fetchStart: 0,
      visibleStart: 0,
      end: 0,
      historyMs: 0,
      wantedMs: 0,
      points: 0,
      auto: false,
      reason: '',
      ...c.expected,
    };
    if ('error' in c.expected) {
      expect(got).toEqual({ error: c.expected.error });
    } else {
      expect(got).toEqual(want);
    }
  });
});

describe('nativeInterval: testdata/plan.json (shared with the Go backend)', () => {
  it.each(TABLE.native.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const series = c.series.map((s) => s.map((x) => (x === null ? NaN : x)));
    expect(nativeInterval(c.stepMs, series)).toBe(c.expectedMs);
  });
});

describe('Prometheus durations', () => {
  it.each([
    ['7d', 7 * 86_400_000, '1w'],
    ['1h30m', 5_400_000, '1h30m'],
    ['90s', 90_000, '1m30s'],
    ['0', 0, '0s'],
    ['1y', 365 * 86_400_000, '1y'],
    ['10d', 10 * 86_400_000, '10d'],
    ['1500ms', 1500, '1s500ms'],
  ])('%s = %d ms, printed %s', (text, ms, printed) => {
    expect(parseDuration(text)).toBe(ms);
    expect(formatPromDuration(ms)).toBe(printed);
  });

  it.each(['', '5', '1m1h', '3x', '-5m', '1.5h', '1h1h'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/is not a duration; write it like 7d/);
  });
});
