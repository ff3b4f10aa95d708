/**
 * @jest-environment node
 *
 * The real-world failure cases of testdata/cases (issue 15), one describe per fault kind: the inputs are the
 * cases' CSVs, the expectations their "right behaviour" (testdata/cases/README.md). The Go twin is
 * pkg/detectors/cases_test.go.
 */
import * as fs from 'fs';
import * as path from 'path';
import { groupEvents } from './events';
import { runDetector } from './registry';
import { DetectionResult, RawParams, Series } from './types';

const CASES = path.resolve(__dirname, '../../testdata/cases');

function load(name: string): Series {
  const lines = fs.readFileSync(path.join(CASES, name), 'utf8').trim().split('\n').slice(1);
  const t = new Float64Array(lines.length);
  const v = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [ts, value] = line.split(',');
    t[i] = Number(ts) * 1000;
    v[i] = value === '' ? NaN : Number(value);
  });
  return { t, v };
}

function run(id: string, s: Series, params: RawParams = {}): DetectionResult {
  return runDetector(id, [s], params)[0];
}

function flagged(r: DetectionResult, from = 0, to = r.anomaly.length): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    if (r.anomaly[i]) {
      out.push(i);
    }
  }
  return out;
}

/** Every univariate band detector, each with the parameters that let it judge the case's span. */
const BAND: Array<[string, RawParams]> = [
  ['auto', {}],
  ['ensemble', {}],
  ['zscore', {}],
  ['mad', {}],
  ['ewma', {}],
  ['holt_winters', {}],
  ['level_shift', {}],
];

describe('kind 1, zero-width spread: flat-gauge-float-noise', () => {
  const s = load('flat-gauge-float-noise/input.csv');
  it.each([...BAND, ['seasonal', { period: 3600 }] as [string, RawParams]])(
    '%s: last-bit noise is never anomalous, the step to 0.4 is',
    (id, params) => {
      const r = run(id, s, params);
      expect(flagged(r, 0, 2500)).toEqual([]);
      expect(r.anomaly[2500]).toBe(1);
    }
  );

  it('peer_outlier: four replicas of the gauge stay quiet until one of them steps', () => {
    // Replicas 0-2: the noisy constant part, cyclically shifted (each its own last-bit noise); replica 3 steps.
    const n = s.v.length;
    const pods: Series[] = [0, 1, 2].map((k) => ({
      t: s.t,
      v: Float64Array.from({ length: n }, (_, i) => s.v[(i + 97 * (k + 1)) % 2500]),
    }));
    pods.push(s);
    const results = runDetector('peer_outlier', pods);
    results.forEach((r) => expect(flagged(r, 0, 2500)).toEqual([]));
    expect(results[3].anomaly[2500]).toBe(1);
  });
});

describe('kind 2, one outlier blinds the detector: spurious-spike-masks-incident', () => {
  const input = load('spurious-spike-masks-incident/input.csv');
  const control = load('spurious-spike-masks-incident/control.csv');
  it.each(BAND)('%s: the glitch is flagged and the incident is flagged as in the control run', (id, params) => {
    const r = run(id, input, params);
    const c = run(id, control, params);
    expect(r.anomaly[3000]).toBe(1);
    expect(flagged(c, 3300, 3313).length).toBeGreaterThan(0);
    expect(flagged(r, 3300, 3313).length).toBeGreaterThan(0);
  });
});

describe('kind 3, windows in points, not time: quantile-nan-nights', () => {
  const s = load('quantile-nan-nights/input.csv');
  const firstAfterNight = (day: number) => {
    let i = day * 1440 + 300;
    while (Number.isNaN(s.v[i])) {
      i++;
    }
    return i;
  };
  // The ensemble runs here with the daily season its "normal" needs: without one, its 6-hour level window still holds
  // the last evening hours (recent, in time) and the morning level of a daily cycle is 4 spreads above them.
  const detectors = [...BAND.filter(([id]) => id !== 'ensemble'), ['ensemble', { period: 86400 }], ['seasonal', {}]];
  it.each(detectors as Array<[string, RawParams]>)(
    '%s: missing points get no score, the first point after each night is not anomalous',
    (id, params) => {
      const r = run(id, s, params);
      for (let i = 0; i < s.v.length; i++) {
        if (Number.isNaN(s.v[i])) {
          expect([i, r.score[i], r.anomaly[i]]).toEqual([i, NaN, 0]);
        }
      }
      expect([1, 2, 3].map((d) => r.anomaly[firstAfterNight(d)])).toEqual([0, 0, 0]);
    }
  );

  it('auto: at most one false alarm a day', () => {
    expect(groupEvents(s, run('auto', s)).length).toBeLessThanOrEqual(4);
  });
});

describe('kind 4, calibration shorter than the season: zero-traffic-nights', () => {
  const s = load('zero-traffic-nights/input.csv');
  const day = (i: number) => Math.floor(i / 1440);
  const nightEvents = (r: DetectionResult) =>
    groupEvents(s, r).filter((e) => {
      const minute = ((e.start - s.t[0]) / 60000) % 1440;
      return minute >= 30 && minute < 355; // single requests in the night (not the drop at midnight)
    });
  const dropFlagged = (r: DetectionResult, d: number) => flagged(r, d * 1440 + 1140, d * 1440 + 1150).length > 0;

  it('auto: single night requests do not page, the 19:00 drop is not news after three days, < 1 alarm a day', () => {
    const r = run('auto', s);
    expect(nightEvents(r)).toEqual([]);
    expect([3, 4, 5, 6].filter((d) => dropFlagged(r, d))).toEqual([]);
    expect(groupEvents(s, r).length).toBeLessThanOrEqual(7);
  });

  it('seasonal: no night request and no 19:00 drop flagged, far fewer events than the 72 of zero spreads', () => {
    const r = run('seasonal', s);
    expect(nightEvents(r)).toEqual([]);
    expect([4, 5, 6].filter((d) => dropFlagged(r, d))).toEqual([]);
    expect(groupEvents(s, r).length).toBeLessThanOrEqual(20);
    expect(new Set(flagged(r).map(day)).size).toBeLessThanOrEqual(3);
  });
});

describe('kind 6, a step finer than the resolution: sparse-15m-pushed', () => {
  const input = load('sparse-15m-pushed/input.csv');
  const control = load('sparse-15m-pushed/control.csv');
  it.each([...BAND, ['seasonal', {}] as [string, RawParams]])(
    '%s: no more distinct flagged samples at a 1-minute step than at the native 15 minutes',
    (id, params) => {
      const fine = new Set(flagged(run(id, input, params)).map((i) => Math.floor(i / 15)));
      expect(fine.size).toBeLessThanOrEqual(flagged(run(id, control, params)).length);
    }
  );
});

describe('kind 8, the expected line follows the season: load-daily-contextual', () => {
  const s = load('load-daily-contextual/input.csv');
  it('auto: flags the night-time incident, follows the cycle, keeps the band above 0', () => {
    const r = run('auto', s);
    expect(flagged(r, 9 * 288 + 24, 9 * 288 + 36).length).toBeGreaterThan(0);
    let mean = 0;
    for (let i = 0; i < 7 * 288; i++) {
      mean += s.v[i] / (7 * 288);
    }
    let mae = 0;
    let flat = 0;
    for (let i = 7 * 288; i < 9 * 288; i++) {
      mae += Math.abs(s.v[i] - r.expected[i]);
      flat += Math.abs(s.v[i] - mean);
    }
    expect(mae).toBeLessThan(flat / 2);
  });

  it.each([...BAND, ['seasonal', {}] as [string, RawParams]])(
    '%s: no band below 0 for a series never below 0',
    (id, p) => {
      const r = run(id, s, p);
      expect(Math.min(...Array.from(r.lower).filter((x) => !Number.isNaN(x)))).toBeGreaterThanOrEqual(0);
    }
  );

  it('seasonal with its defaults flags white noise no more than a 3-sigma rule would', () => {
    const w = load('load-daily-contextual/white.csv');
    const r = run('seasonal', w);
    const scored = Array.from(r.score).filter((x) => !Number.isNaN(x)).length;
    // P(|Z| > 3) = 0.27 %, plus three binomial standard deviations for the sample of `scored` points.
    const p = 0.0027;
    expect(flagged(r).length / scored).toBeLessThanOrEqual(p + 3 * Math.sqrt((p * (1 - p)) / scored));
  });
});
