/** @jest-environment node */
import { ANOMALY_KINDS, generatePeers, generateScenario, scenarioSuite, ScenarioSpec } from './generator';
import { METRIC_KINDS } from './metrics';

const base: ScenarioSpec = {
  metric: 'request_rate',
  anomaly: 'spike',
  noise: 'medium',
  stepSeconds: 60,
  points: 3 * 1440,
  seed: 7,
  count: 3,
};

/** Every combination of anomaly kind, metric and step, at one noise level each (kept small for speed). */
const cases: ScenarioSpec[] = [];
for (const anomaly of ANOMALY_KINDS) {
  for (const metric of METRIC_KINDS) {
    for (const [stepSeconds, points] of [
      [60, 3 * 1440],
      [300, 14 * 288],
    ]) {
      const noise = (['low', 'medium', 'high'] as const)[cases.length % 3];
      cases.push({ ...base, anomaly, metric, stepSeconds, points, noise, seed: 100 + cases.length });
    }
  }
}
const caseName = (s: ScenarioSpec) => `${s.anomaly} on ${s.metric} at ${s.stepSeconds}s (${s.noise} noise)`;

describe('scenario generator', () => {
  it('gives identical series and labels for the same seed and different ones for another seed', () => {
    const a = generateScenario(base);
    const b = generateScenario(base);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(Array.from(b.t)).toEqual(Array.from(a.t));
    expect(b.labels).toEqual(a.labels);
    const c = generateScenario({ ...base, seed: 8 });
    expect(Array.from(c.values)).not.toEqual(Array.from(a.values));
  });

  it('builds a suite of distinct seeds covering every anomaly kind and metric', () => {
    const suite = scenarioSuite(1);
    expect(new Set(suite.map((s) => s.seed)).size).toBe(suite.length);
    expect(new Set(suite.map((s) => s.anomaly))).toEqual(new Set(ANOMALY_KINDS));
    expect(new Set(suite.map((s) => s.metric))).toEqual(new Set(METRIC_KINDS));
    expect(scenarioSuite(1)).toEqual(suite);
  });

  it.each(cases.map((s) => [caseName(s), s] as const))('%s: changes the series inside its labels only', (_, spec) => {
    const sc = generateScenario(spec);
    expect(sc.labels.length).toBeGreaterThanOrEqual(1);
    const n = sc.values.length;
    const labelled = new Uint8Array(n);
    let prevEnd = -1;
    for (const l of sc.labels) {
      expect(l.kind).toBe(spec.anomaly);
      // Inside the series, after the clean head, ordered and not overlapping.
      expect(l.start).toBeGreaterThan(0.35 * n);
      expect(l.end).toBeLessThan(n);
      expect(l.end).toBeGreaterThanOrEqual(l.start);
      expect(l.start).toBeGreaterThan(prevEnd);
      prevEnd = l.end;
      labelled.fill(1, l.start, l.end + 1);
    }
    // Counters are summed and differenced, which rounds in the last bits; 1e-6 sigma is far below any change.
    const eps = 1e-6 * sc.sigma;
    const changed = (i: number) => Math.abs(sc.values[i] - sc.clean[i]) > eps;
    for (let i = 0; i < n; i++) {
      if (!labelled[i] && changed(i)) {
        throw new Error(`index ${i} changed outside every label`);
      }
    }
    for (const l of sc.labels) {
      expect(changed(l.start)).toBe(true);
      expect(changed(l.end)).toBe(true);
      let count = 0;
      for (let i = l.start; i <= l.end; i++) {
        count += changed(i) ? 1 : 0;
      }
      expect(count / (l.end - l.start + 1)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it.each(cases.map((s) => [caseName(s), s] as const))('%s: values are plausible for the metric', (_, spec) => {
    const sc = generateScenario(spec);
    // Plain loops: one expect per point would make this suite slow.
    const outOfRange = [...sc.values, ...sc.clean].filter((x) => !(x >= sc.min && x <= sc.max));
    expect(outOfRange).toEqual([]);
    if (spec.metric === 'error_ratio' || spec.metric === 'cpu_utilisation') {
      expect([sc.min, sc.max]).toEqual([0, 1]);
    } else {
      expect(sc.min).toBe(0);
    }
    // Regular steps at the spec's resolution.
    const steps = new Set(Array.from(sc.t.subarray(1), (x, i) => x - sc.t[i]));
    expect([...steps]).toEqual([spec.stepSeconds * 1000]);
  });

  it('moves spikes up and dips down by several sigma', () => {
    for (const anomaly of ['spike', 'dip'] as const) {
      const sc = generateScenario({ ...base, anomaly, metric: 'cpu_utilisation' });
      for (const l of sc.labels) {
        const d = sc.values[l.start] - sc.clean[l.start];
        expect(anomaly === 'spike' ? d : -d).toBeGreaterThan(3 * sc.sigma);
      }
    }
  });

  it('holds a gauge flat and drops a counter rate to zero in a flatline', () => {
    const gauge = generateScenario({ ...base, anomaly: 'flatline', metric: 'memory_bytes' });
    for (const l of gauge.labels) {
      expect(new Set(gauge.values.subarray(l.start - 1, l.end + 1)).size).toBe(1);
    }
    const rate = generateScenario({ ...base, anomaly: 'flatline', metric: 'request_rate' });
    for (const l of rate.labels) {
      // rate(x[5m]) at 1-minute steps reaches 0 once the window holds only stopped points.
      expect(Math.min(...rate.values.subarray(l.start, l.end + 1))).toBe(0);
    }
  });

  it('gives peers the same level with their own noise and no anomalies', () => {
    const sc = generateScenario(base);
    const [p1, p2] = generatePeers(base, 2);
    expect(Array.from(p1)).not.toEqual(Array.from(p2));
    expect(Array.from(p1)).not.toEqual(Array.from(sc.clean));
    let diff = 0;
    for (let i = 0; i < p1.length; i++) {
      diff += Math.abs(p1[i] - sc.clean[i]);
    }
    // Mean absolute difference of two independent noises of sd sigma: 2/√π · sigma ≈ 1.13 sigma.
    expect(diff / p1.length).toBeGreaterThan(0.8 * sc.sigma);
    expect(diff / p1.length).toBeLessThan(1.5 * sc.sigma);
  });
});
