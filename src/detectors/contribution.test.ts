/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { contributions } from './contribution';
import { DetectorError } from './errors';
import { runDetector } from './registry';
import { close, decode } from './testing/vectors';

/** The shared table; pkg/detectors/contribution_test.go reads the same file with the same tolerance rule. */
const TABLE: { tolerance: { abs: number; rel: number }; cases: any[] } = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../testdata/contribution.json'), 'utf8')
);

describe('contributions: testdata/contribution.json', () => {
  it.each(TABLE.cases.map((c) => [c.name as string, c]))('%s', (_name, c) => {
    const input = c.input.map((s: any) => ({ t: s.t.map(decode), v: s.v.map(decode) }));
    const copies = JSON.stringify(input);
    const got = contributions(c.detector, input, c.at, c.params);
    expect(got).toHaveLength(input.length);
    got.forEach((g, i) => {
      const share = decode(c.expected.share[i]);
      const deviation = decode(c.expected.deviation[i]);
      if (!close(g.share, share, TABLE.tolerance) || !close(g.deviation, deviation, TABLE.tolerance)) {
        throw new Error(`series ${i}: share ${g.share} deviation ${g.deviation}, want ${share} ${deviation}`);
      }
    });
    expect(JSON.stringify(input)).toBe(copies);
  });
});

describe('contributions', () => {
  it('names the series the peer detector flagged as the main contributor', () => {
    // Four replicas past peer_outlier's warm-up (half its window), one spiking at the last point.
    const n = 40;
    const t = Array.from({ length: n }, (_, i) => i * 60_000);
    const group = [0, 1, 2, 3].map((s) => ({ t, v: t.map((_, i) => 10 + ((i * 7 + s * 3) % 5) * 0.3) }));
    group[3].v[n - 1] = 30;
    const results = runDetector('peer_outlier', group);
    expect(results[3].anomaly[n - 1]).toBe(1);
    const shares = contributions('peer_outlier', group, t[n - 1]).map((c) => c.share);
    expect(shares.indexOf(Math.max(...shares))).toBe(3);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('rejects univariate detectors and bad parameters with the registry error', () => {
    expect(() => contributions('mad', [{ t: [0], v: [1] }], 0)).toThrow(DetectorError);
    expect(() => contributions('isolation_forest', [{ t: [0], v: [1] }], 0, { window: -1 })).toThrow(/window/);
  });
});
