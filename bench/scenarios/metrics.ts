/**
 * The metric types the scenario suite imitates. Each has a noise-free signal as a function of time (daily
 * and weekly seasonality driven by a shared "load" shape) and the range its values may take.
 *
 * `counter` metrics are generated as per-step increments, summed into a Prometheus counter and read back as
 * `rate(x[w])` over `rateSteps` steps, the way a dashboard shows them; everything else is a gauge.
 */
export type MetricKind = 'request_rate' | 'latency_p99' | 'error_ratio' | 'cpu_utilisation' | 'memory_bytes';

export const METRIC_KINDS: readonly MetricKind[] = [
  'request_rate',
  'latency_p99',
  'error_ratio',
  'cpu_utilisation',
  'memory_bytes',
];

export interface MetricModel {
  kind: MetricKind;
  /** The noise-free value at time tMs (Unix ms). */
  signal: (tMs: number) => number;
  /** Values are clipped into [min, max] (the physical range of the metric). */
  min: number;
  max: number;
  /** True for counters shown as rates. */
  counter: boolean;
  unit: string;
}

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** Daily load in [0, 1]: lowest at 03:00 UTC, highest at 15:00 UTC. */
export function dailyShape(tMs: number): number {
  const hour = (((tMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  return 0.5 + 0.5 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

/** Hour of day (UTC) at which dailyShape peaks. */
export const PEAK_HOUR = 15;

/** Weekly factor: 1 on weekdays, 0.65 on Saturday and Sunday, with 3-hour ramps at the day boundaries. */
export function weeklyFactor(tMs: number): number {
  const weekend = 0.65;
  const ramp = 3 * HOUR_MS;
  // 1970-01-01 was a Thursday, day 3 of a week that starts on Monday.
  const inWeek = (((tMs + 3 * DAY_MS) % (7 * DAY_MS)) + 7 * DAY_MS) % (7 * DAY_MS); // 0 = Monday 00:00
  const satStart = 5 * DAY_MS;
  const monStart = 7 * DAY_MS;
  if (inWeek < satStart - ramp / 2) {
    // Monday morning ramp-up from the weekend level wraps around the week boundary.
    return inWeek < ramp / 2 ? lerp(weekend, 1, (inWeek + ramp / 2) / ramp) : 1;
  }
  if (inWeek < satStart + ramp / 2) {
    return lerp(1, weekend, (inWeek - (satStart - ramp / 2)) / ramp);
  }
  if (inWeek < monStart - ramp / 2) {
    return weekend;
  }
  return lerp(weekend, 1, (inWeek - (monStart - ramp / 2)) / ramp);
}

/** Load in [0, 1]: the daily shape damped on weekends. */
export function load(tMs: number): number {
  return dailyShape(tMs) * weeklyFactor(tMs);
}

/** A metric of the given kind; `scale` (from the scenario's random draws) varies its level between series. */
export function metricModel(kind: MetricKind, scale: number): MetricModel {
  switch (kind) {
    case 'request_rate': {
      const base = 50 + 450 * scale; // requests per second at the daily peak
      return { kind, counter: true, min: 0, max: Infinity, unit: 'req/s', signal: (t) => base * (0.3 + 0.7 * load(t)) };
    }
    case 'latency_p99': {
      const base = 0.08 + 0.2 * scale; // seconds
      return { kind, counter: false, min: 0, max: Infinity, unit: 's', signal: (t) => base * (1 + 0.6 * load(t)) };
    }
    case 'error_ratio': {
      const base = 0.005 + 0.02 * scale;
      return { kind, counter: false, min: 0, max: 1, unit: 'ratio', signal: (t) => base * (0.8 + 0.4 * load(t)) };
    }
    case 'cpu_utilisation':
      return { kind, counter: false, min: 0, max: 1, unit: 'ratio', signal: (t) => 0.1 + 0.2 * scale + 0.45 * load(t) };
    case 'memory_bytes': {
      const base = (1 + 3 * scale) * 2 ** 30;
      return { kind, counter: false, min: 0, max: Infinity, unit: 'bytes', signal: (t) => base * (1 + 0.15 * load(t)) };
    }
  }
}

function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}
