import { METRIC_KINDS, MetricKind, metricModel, PEAK_HOUR } from './metrics';
import { deriveSeed, Rng } from './random';

/**
 * Seeded generator of Prometheus-like series with labelled, injected anomalies.
 *
 * Every series is built twice from the same random draws: `clean` without anomalies and `values` with them,
 * so a test can check that an anomaly changes the series inside its labelled window and nowhere else.
 * Anomaly sizes are in units of `sigma`, the standard deviation of the series' own noise.
 */
export type AnomalyKind =
  | 'spike'
  | 'dip'
  | 'level_shift'
  | 'level_shift_large'
  | 'level_shift_small'
  | 'trend_drift'
  | 'leak'
  | 'variance_burst'
  | 'seasonal_break'
  | 'seasonal_shift'
  | 'flatline'
  | 'saturation'
  | 'drop_to_zero';

export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'spike',
  'dip',
  'level_shift',
  'level_shift_large',
  'level_shift_small',
  'trend_drift',
  'leak',
  'variance_burst',
  'seasonal_break',
  'seasonal_shift',
  'flatline',
  'saturation',
  'drop_to_zero',
];

/** Kinds that last (the others are single points or a few): the scenario bench reports their coverage. */
export const SUSTAINED_KINDS: ReadonlySet<AnomalyKind> = new Set(
  ANOMALY_KINDS.filter((k) => k !== 'spike' && k !== 'dip')
);

export type NoiseLevel = 'low' | 'medium' | 'high';

/** Noise standard deviation as a fraction of the series' mean signal. */
export const NOISE_FRACTION: Record<NoiseLevel, number> = { low: 0.02, medium: 0.05, high: 0.12 };

export interface ScenarioSpec {
  metric: MetricKind;
  anomaly: AnomalyKind;
  noise: NoiseLevel;
  stepSeconds: number;
  points: number;
  seed: number;
  /** Anomalies to inject (fewer for seasonal_break when the series has fewer daily peaks to break). */
  count: number;
}

/** A labelled anomaly: indices start..end, both included. */
export interface Label {
  kind: AnomalyKind;
  start: number;
  end: number;
}

export interface Scenario {
  spec: ScenarioSpec;
  name: string;
  /** Unix milliseconds. */
  t: Float64Array;
  values: Float64Array;
  clean: Float64Array;
  labels: Label[];
  /** Standard deviation of the noise in the final series (before clipping). */
  sigma: number;
  unit: string;
  /** Value range of the metric type. */
  min: number;
  max: number;
}

/** Monday 2026-01-05 00:00 UTC; each series starts 0-6 days later, so weekends fall on different indices. */
const START_MS = Date.UTC(2026, 0, 5);
const DAY_MS = 86_400_000;
/** Share of the series kept free of anomalies at the start: detectors need history to learn from. */
const CLEAN_HEAD = 0.35;
/** Points kept free of anomalies at the end, and between an anomaly and its slot edges. */
const TAIL = 60;
const MARGIN = 30;

/** Points averaged by the `rate(x[5m])` a dashboard would show for a counter scraped at this step. */
export function rateSteps(stepSeconds: number): number {
  return Math.max(1, Math.round(300 / stepSeconds));
}

/** Builds one scenario. Same spec (seed included) → identical output. */
export function generateScenario(spec: ScenarioSpec, noiseSeed?: number): Scenario {
  const rng = new Rng(spec.seed);
  // Peers share the scenario's level and start but draw their noise from their own stream.
  const noiseRng = noiseSeed === undefined ? rng : new Rng(noiseSeed);
  const model = metricModel(spec.metric, rng.uniform());
  const startMs = START_MS + rng.int(0, 6) * DAY_MS;
  const n = spec.points;
  const stepMs = spec.stepSeconds * 1000;
  const k = model.counter ? rateSteps(spec.stepSeconds) : 1;
  // Underlying per-step values start k-1 steps early so the first rate point has a full window.
  const lead = k - 1;
  const len = n + lead;
  const timeOf = (j: number) => startMs + (j - lead) * stepMs;

  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = timeOf(i + lead);
  }
  const signal = new Float64Array(len);
  let mean = 0;
  for (let j = 0; j < len; j++) {
    signal[j] = model.signal(timeOf(j));
    mean += signal[j] / len;
  }
  const sigma = NOISE_FRACTION[spec.noise] * mean;
  // A rate over k steps averages k increments: their noise is √k larger so the rate's noise is sigma.
  const sigmaU = sigma * Math.sqrt(k);
  const z = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    z[j] = noiseRng.normal();
  }
  const counterStart = model.counter ? rng.between(1e5, 1e7) : 0;

  const labels = placeAnomalies(spec, rng, t, k);
  const offset = new Float64Array(len); // added to the underlying value
  const factor = new Float64Array(len).fill(1); // multiplies the signal (level shifts by a ratio)
  const ceiling = new Float64Array(len).fill(Infinity); // saturation: the underlying value is capped here
  const zero = new Uint8Array(len); // drop to zero: the underlying value (gauge) or increment (counter) is 0
  const noiseGain = new Float64Array(len).fill(1);
  const shiftedSignal = new Float64Array(len).fill(NaN); // seasonal break: the signal of 12 hours away
  const dropout = new Uint8Array(len); // counters: no increments
  const frozen: Label[] = []; // gauges: value held at the one before the window
  for (const label of labels) {
    const s = label.start + lead;
    const d = label.end - label.start + 1 - (k - 1); // underlying points (the rate spreads them over k-1 more)
    injectOne(
      spec.anomaly,
      rng,
      model.counter,
      { s, d, k, sigma },
      { offset, factor, ceiling, zero, noiseGain, shiftedSignal, dropout },
      timeOf,
      model.signal
    );
    if (spec.anomaly === 'flatline' && !model.counter) {
      frozen.push(label);
    }
  }

  const underlying = (j: number, anomalous: boolean): number => {
    if (!anomalous) {
      return signal[j] + sigmaU * z[j];
    }
    const base = Number.isNaN(shiftedSignal[j]) ? signal[j] : shiftedSignal[j];
    if (dropout[j] || zero[j]) {
      return 0;
    }
    const x = base * factor[j] + offset[j] + sigmaU * noiseGain[j] * z[j];
    return x < ceiling[j] ? x : ceiling[j];
  };
  const render = (anomalous: boolean): Float64Array => {
    const out = new Float64Array(n);
    if (model.counter) {
      // Counter samples c[0..len], then rate(x[k steps]) = (c[j+1] - c[j+1-k]) / (k · step).
      const c = new Float64Array(len + 1);
      c[0] = counterStart;
      for (let j = 0; j < len; j++) {
        c[j + 1] = c[j] + Math.max(0, underlying(j, anomalous)) * spec.stepSeconds;
      }
      for (let i = 0; i < n; i++) {
        const j = i + lead;
        out[i] = (c[j + 1] - c[j + 1 - k]) / (k * spec.stepSeconds);
      }
    } else {
      for (let i = 0; i < n; i++) {
        out[i] = clip(underlying(i, anomalous), model.min, model.max);
      }
      if (anomalous) {
        for (const f of frozen) {
          out.fill(out[f.start - 1], f.start, f.end + 1);
        }
      }
    }
    return out;
  };

  return {
    spec,
    name: scenarioName(spec),
    t,
    values: render(true),
    clean: render(false),
    labels,
    sigma,
    unit: model.unit,
    min: model.min,
    max: model.max,
  };
}

/**
 * Peers of a scenario for group detectors: the same metric, level and start with independent noise and no
 * anomalies (the other pods of a deployment).
 */
export function generatePeers(spec: ScenarioSpec, count: number): Float64Array[] {
  const peers: Float64Array[] = [];
  for (let p = 0; p < count; p++) {
    peers.push(generateScenario(spec, deriveSeed(spec.seed, 1000 + p)).clean);
  }
  return peers;
}

/** The full suite: every anomaly kind × metric × noise level × step (1 min over 3 days, 5 min over 14 days). */
export function scenarioSuite(seed: number): ScenarioSpec[] {
  const specs: ScenarioSpec[] = [];
  const steps = [
    { stepSeconds: 60, points: 3 * 1440 },
    { stepSeconds: 300, points: 14 * 288 },
  ];
  const noises: NoiseLevel[] = ['low', 'medium', 'high'];
  let i = 0;
  for (const anomaly of ANOMALY_KINDS) {
    for (const metric of METRIC_KINDS) {
      for (const noise of noises) {
        for (const step of steps) {
          specs.push({ metric, anomaly, noise, ...step, seed: deriveSeed(seed, i++), count: 3 });
        }
      }
    }
  }
  return specs;
}

export function scenarioName(spec: ScenarioSpec): string {
  return `${spec.anomaly}/${spec.metric}/${spec.noise}/${spec.stepSeconds}s/seed${spec.seed}`;
}

interface Placement {
  s: number; // first underlying index
  d: number; // underlying points
  k: number;
  sigma: number;
}

/** Underlying points an anomaly lasts (before a rate spreads it). */
function duration(kind: AnomalyKind, rng: Rng, stepSeconds: number): number {
  switch (kind) {
    case 'spike':
    case 'dip':
      return rng.int(1, 3);
    case 'level_shift':
    case 'level_shift_large':
    case 'level_shift_small':
      return rng.int(60, 180);
    case 'trend_drift':
      return rng.int(60, 240);
    case 'leak':
      return Math.round((rng.between(4, 12) * 3600) / stepSeconds); // four to twelve hours of growth
    case 'variance_burst':
    case 'flatline':
    case 'drop_to_zero':
      return rng.int(30, 120);
    case 'seasonal_break':
      return Math.round((6 * 3600) / stepSeconds); // six hours around the daily peak
    case 'seasonal_shift':
      return Math.round((8 * 3600) / stepSeconds); // the eight hours of the morning ramp
    case 'saturation':
      return Math.round((rng.between(2, 5) * 3600) / stepSeconds); // two to five hours of the ramp, capped
  }
}

/** Daily placements: the hour of day (UTC) at which an anomaly of these kinds starts (before the random part). */
const DAILY_START_HOUR: Partial<Record<AnomalyKind, number>> = {
  seasonal_break: PEAK_HOUR - 3, // six hours centred on the daily peak
  seasonal_shift: 5, // the morning ramp, 05:00-13:00
  saturation: 6, // on the ramp, 06:00-08:00, while the load rises
};

/** Labels (final-series indices) for the scenario's anomalies, one per equal slot of the region after the head. */
function placeAnomalies(spec: ScenarioSpec, rng: Rng, t: Float64Array, k: number): Label[] {
  const n = spec.points;
  const lo = Math.ceil(CLEAN_HEAD * n);
  const hi = n - TAIL;
  const labels: Label[] = [];
  const hour = DAILY_START_HOUR[spec.anomaly];
  if (hour !== undefined) {
    const d = duration(spec.anomaly, rng, spec.stepSeconds);
    const jitter = spec.anomaly === 'saturation' ? Math.round((rng.between(0, 2) * 3600) / spec.stepSeconds) : 0;
    const starts: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = i + jitter;
      if (t[i] % DAY_MS === hour * 3600_000 && s >= lo + MARGIN && s + d + k - 1 <= hi) {
        starts.push(s);
      }
    }
    // Daily starts are a day apart, so any subset is separated; keep a seeded choice of up to `count` of them.
    while (starts.length > spec.count) {
      starts.splice(rng.int(0, starts.length - 1), 1);
    }
    return starts.map((s) => ({ kind: spec.anomaly, start: s, end: s + d + k - 2 }));
  }
  const slot = (hi - lo) / spec.count;
  for (let a = 0; a < spec.count; a++) {
    const d = duration(spec.anomaly, rng, spec.stepSeconds);
    const first = Math.floor(lo + a * slot) + MARGIN;
    const last = Math.floor(lo + (a + 1) * slot) - MARGIN - d - (k - 1);
    const s = rng.int(first, Math.max(first, last));
    labels.push({ kind: spec.anomaly, start: s, end: s + d + k - 2 });
  }
  return labels;
}

/** The arrays an anomaly writes into (underlying-value indices). */
interface Injection {
  offset: Float64Array;
  factor: Float64Array;
  ceiling: Float64Array;
  zero: Uint8Array;
  noiseGain: Float64Array;
  shiftedSignal: Float64Array;
  dropout: Uint8Array;
}

function injectOne(
  kind: AnomalyKind,
  rng: Rng,
  counter: boolean,
  at: Placement,
  into: Injection,
  timeOf: (j: number) => number,
  signalAt: (tMs: number) => number
): void {
  const { s, d, k, sigma } = at;
  const { offset, factor, ceiling, zero, noiseGain, shiftedSignal, dropout } = into;
  switch (kind) {
    case 'spike':
    case 'dip': {
      // Height in the final series ≈ size·sigma: a rate averages the d raised points over k steps.
      const size = rng.between(6, 12) * sigma * (k / Math.min(d, k));
      const sign = kind === 'spike' ? 1 : -1;
      for (let j = s; j < s + d; j++) {
        offset[j] = sign * size;
      }
      return;
    }
    case 'level_shift': {
      const size = rng.sign() * rng.between(4, 8) * sigma;
      for (let j = s; j < s + d; j++) {
        offset[j] = size;
      }
      return;
    }
    case 'level_shift_large':
    case 'level_shift_small': {
      // The level times f (or divided by f): f in [1.5, 3) or, for the subtle kind, [1.25, 1.5).
      const f = kind === 'level_shift_large' ? rng.between(1.5, 3) : rng.between(1.25, 1.5);
      const ratio = rng.sign() > 0 ? f : 1 / f;
      factor.fill(ratio, s, s + d);
      return;
    }
    case 'trend_drift': {
      // Ramps to its full size over the window, then the series is back (a leak followed by a restart).
      const size = rng.sign() * rng.between(6, 10) * sigma;
      for (let q = 0; q < d; q++) {
        offset[s + q] = (size * (q + 1)) / d;
      }
      return;
    }
    case 'leak': {
      // Steady growth to +20-50 % of the level over hours, then a restart brings it back.
      const size = rng.between(0.2, 0.5) * signalAt(timeOf(s));
      for (let q = 0; q < d; q++) {
        offset[s + q] = (size * (q + 1)) / d;
      }
      return;
    }
    case 'variance_burst': {
      const gain = rng.between(3, 5);
      for (let j = s; j < s + d; j++) {
        noiseGain[j] = gain;
      }
      return;
    }
    case 'seasonal_break':
      // The daily peak does not come: the window shows the load of 12 hours away (the night's).
      for (let j = s; j < s + d; j++) {
        shiftedSignal[j] = signalAt(timeOf(j) + DAY_MS / 2);
      }
      return;
    case 'seasonal_shift': {
      // The morning ramp comes 2-4 hours early or late (a batch job or a time zone moved).
      const shift = rng.sign() * rng.between(2, 4) * 3600_000;
      for (let j = s; j < s + d; j++) {
        shiftedSignal[j] = signalAt(timeOf(j) - shift);
      }
      return;
    }
    case 'saturation': {
      // Capped 3 sigma below where the rising load was at the start (a pool or a limit reached).
      const cap = signalAt(timeOf(s)) - 3 * sigma * Math.sqrt(k);
      ceiling.fill(cap, s, s + d);
      return;
    }
    case 'drop_to_zero':
      zero.fill(1, s, s + d);
      return;
    case 'flatline':
      // Counters stop increasing (rate drops to 0); gauges are frozen later, after clipping.
      if (counter) {
        dropout.fill(1, s, s + d);
      }
      return;
  }
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
