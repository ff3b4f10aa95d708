/**
 * @jest-environment node
 */
import { Mulberry32 } from '../detectors/mulberry32';
import { fitCheck, histogram, klDivergence, SCORE_BINS } from './fitcheck';
import { QueryResult } from './run';

/** A query result with one series whose scores are given (the fit check reads scores and anomaly flags only). */
function result(name: string, scores: number[]): QueryResult {
  return {
    spec: { refId: 'A', expr: 'x', detector: 'mad', params: {} },
    plan: {
      stepMs: 60_000,
      fetchStart: 0,
      visibleStart: 0,
      end: 0,
      historyMs: 0,
      wantedMs: 0,
      points: scores.length,
      auto: true,
      reason: '',
    },
    notices: [],
    series: [
      {
        key: `A/${name}`,
        name,
        labels: {},
        t: scores.map((_, i) => i * 60_000),
        v: scores.map(() => 1),
        score: scores,
        anomaly: scores.map((s) => (s > 1 ? 1 : 0)),
      },
    ],
  };
}

describe('fitCheck', () => {
  const rng = new Mulberry32(7);
  const steady = Array.from({ length: 2000 }, () => Math.abs(rng.uniform() + rng.uniform() - 1) * 1.2);
  const drifting = steady.map((s, i) => s * (1 + (6 * i) / steady.length)); // scores grow to 7×

  it('says a stable score distribution generalises and a drifting one does not', () => {
    const [a, b] = fitCheck([result('steady', steady), result('drifting', drifting)], 5);
    expect(a.verdict).toBe('generalises');
    expect(a.maxKl).toBeLessThan(0.1);
    expect(b.verdict).toBe('does not generalise');
    expect(b.maxKl).toBeGreaterThan(0.5);
    expect(b.anomalyRateHeldOut).toBeGreaterThan(b.anomalyRateTrain);
    expect(a.kl).toHaveLength(4);
  });

  it('needs ten scored points per fold', () => {
    expect(fitCheck([result('short', steady.slice(0, 30))], 5)[0].verdict).toBe('too little data');
  });

  it('bins scores on fixed edges and computes KL in nats with +0.5 smoothing', () => {
    expect(histogram([0, 0.49, 0.5, 1, 2.5, 99])).toEqual([2, 1, 1, 0, 1, 0, 1]);
    expect(SCORE_BINS).toHaveLength(8);
    expect(klDivergence([10, 0], [10, 0])).toBe(0);
    // p = (10.5, 0.5)/11, q = (0.5, 10.5)/11
    const p = [10.5 / 11, 0.5 / 11];
    const q = [0.5 / 11, 10.5 / 11];
    expect(klDivergence([10, 0], [0, 10])).toBeCloseTo(p[0] * Math.log(p[0] / q[0]) + p[1] * Math.log(p[1] / q[1]), 12);
  });
});
