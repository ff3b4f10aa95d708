/**
 * @jest-environment node
 *
 * False-alarm rates (issue 15): on long clean series of every shape the scenario generator makes (every metric,
 * noise level and resolution, without their anomalies) and on white noise, the default detector raises fewer
 * than one event per day per series; `seasonal` with its defaults flags white noise no more than a 3σ rule would.
 */
import { groupEvents, runDetector, Series } from '../../src/detectors';
import { generateScenario, NOISE_FRACTION, NoiseLevel } from './generator';
import { METRIC_KINDS } from './metrics';
import { Rng } from './random';

const DAY_MS = 86_400_000;

/** Clean series of every shape: 7 days at 1 minute and 28 days at 5 minutes. */
function cleanShapes(): Series[] {
  const out: Series[] = [];
  let seed = 500;
  for (const metric of METRIC_KINDS) {
    for (const noise of Object.keys(NOISE_FRACTION) as NoiseLevel[]) {
      for (const [stepSeconds, points] of [
        [60, 7 * 1440],
        [300, 28 * 288],
      ]) {
        const sc = generateScenario({ metric, anomaly: 'spike', noise, stepSeconds, points, seed: seed++, count: 1 });
        out.push({ t: sc.t, v: sc.clean });
      }
    }
  }
  return out;
}

function whiteNoise(points: number, stepMs: number, seed: number): Series {
  const rng = new Rng(seed);
  const t = new Float64Array(points);
  const v = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    t[i] = Date.UTC(2026, 0, 5) + i * stepMs;
    v[i] = 100 + 5 * rng.normal();
  }
  return { t, v };
}

describe('false alarms on clean series', () => {
  const series = [...cleanShapes(), whiteNoise(7 * 1440, 60_000, 1), whiteNoise(28 * 288, 300_000, 2)];

  it('auto: fewer than one event per day per series, on every shape', () => {
    const rates = series.map((s) => {
      const [r] = runDetector('auto', [s]);
      const days = (s.t[s.t.length - 1] - s.t[0]) / DAY_MS;
      return groupEvents(s, r).length / days;
    });
    expect(rates.filter((x) => !(x < 1))).toEqual([]);
    // And on average far fewer (the figure BENCHMARKS.md reports comes from bench:scenarios).
    expect(rates.reduce((a, b) => a + b, 0) / rates.length).toBeLessThan(0.5);
  });

  it('seasonal: no more flags on white noise than a 3-sigma rule', () => {
    for (const s of [whiteNoise(14 * 1440, 60_000, 3), whiteNoise(28 * 288, 300_000, 4)]) {
      const [r] = runDetector('seasonal', [s]);
      let scored = 0;
      let flagged = 0;
      for (let i = 0; i < s.v.length; i++) {
        scored += Number.isNaN(r.score[i]) ? 0 : 1;
        flagged += r.anomaly[i];
      }
      const p = 0.0027; // P(|Z| > 3), plus three binomial standard deviations for the sample
      expect(flagged / scored).toBeLessThanOrEqual(p + 3 * Math.sqrt((p * (1 - p)) / scored));
    }
  });
});
