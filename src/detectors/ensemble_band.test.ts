/**
 * @jest-environment node
 *
 * The band of `auto` and `ensemble` at flagged points (ensemble_band.ts): it shows the baseline the point is judged
 * against, with a width, never the anomaly itself in a band of zero width (the bug: "observed 20.8 vs expected
 * 18.8, band 18.8 – 18.8" for a 10× error burst). The Go twin is pkg/detectors/ensemble_band_test.go.
 */
import { groupEvents } from './events';
import { runDetector } from './registry';
import { DetectionResult, Series } from './types';

const LEVEL = 2;
/** The noise's amplitude: |noise| ≤ 0.15, a standard deviation of about 0.07. */
const NOISE = 0.1;
/** Where the anomaly starts, after 500 one-minute steps at the level (enough for auto's warm-up of 60 + 80). */
const START = 500;

/** The level plus a deterministic noise (the same in pkg/detectors/ensemble_band_test.go), shifted by anomaly(i). */
function series(anomaly: (i: number) => number): Series {
  const t = Array.from({ length: 600 }, (_, i) => i * 60000);
  const v = t.map((_, i) => LEVEL + NOISE * Math.sin(1.7 * i) + 0.5 * NOISE * Math.cos(0.31 * i) + anomaly(i));
  return { t, v };
}

/** 12 points at ten times the level (an error burst), then back. */
const burst = series((i) => (i >= START && i < START + 12 ? 9 * LEVEL : 0));
/** A lasting step to three times the level. */
const step = series((i) => (i >= START ? 2 * LEVEL : 0));

function flaggedIn(r: DetectionResult, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    if (r.anomaly[i]) {
      out.push(i);
    }
  }
  return out;
}

describe.each(['auto', 'ensemble'])('%s band at flagged points', (id) => {
  it.each([
    ['a 10× burst', burst, 12],
    ['a step to 3×', step, 20],
  ])('%s: the band has a width and shows the level before', (_, s, points) => {
    const r = runDetector(id, [s], {})[0];
    const flagged = flaggedIn(r, START, START + points);
    expect(flagged.length).toBeGreaterThanOrEqual(points / 2); // the anomaly is found (the flag is not this test's)
    for (const i of flagged) {
      const ctx = `${id} at ${i}`;
      const [lo, e, hi, x] = [r.lower[i], r.expected[i], r.upper[i], s.v[i]];
      expect([ctx, hi - lo > 0, lo <= e && e <= hi, x > hi]).toEqual([ctx, true, true, true]);
      // The baseline: within 5 noise amplitudes of the level, not pulled towards the anomaly.
      expect([ctx, Math.abs(e - LEVEL) < 5 * NOISE]).toEqual([ctx, true]);
    }
    const [event] = groupEvents(s, r);
    expect(Math.abs(event.expectedAtPeak - LEVEL)).toBeLessThan(5 * NOISE);
  });
});
