import { Mulberry32 } from '../detectors/mulberry32';
import { Shape } from '../explain';
import { Plan } from './plan';
import { PromSeries } from './prometheus';
import { QuerySpec, SeriesSource } from './run';

/**
 * `vigil detect --demo`: generated series with known injected anomalies, answered like Prometheus's
 * query_range so the run goes through the same planning, detection, evidence and report as a real one. Values
 * are a function of the timestamp (a daily wave, noise from mulberry32 seeded by the time, the injections placed
 * relative to now), so any step and range give consistent, reproducible series.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An anomaly the demo injects, relative to now (the last day holds them all). */
export interface Injection {
  refId: string;
  /** A label value that identifies the series in the report. */
  series: string;
  /** Start, in ms before now, and length in ms. */
  before: number;
  length: number;
  shape: Shape;
  what: string;
}

export const DEMO_INJECTIONS: Injection[] = [
  { refId: 'A', series: '/checkout', before: 5 * HOUR, length: 4 * MINUTE, shape: 'spike', what: 'traffic spike (×3)' },
  { refId: 'A', series: '/search', before: 9 * HOUR, length: 6 * MINUTE, shape: 'dip', what: 'traffic dip (to 10%)' },
  {
    refId: 'B',
    series: '/checkout',
    before: 3 * HOUR,
    length: 3 * HOUR,
    shape: 'level_shift',
    what: 'p95 latency doubles and stays',
  },
  { refId: 'C', series: '/pay', before: 14 * HOUR, length: 10 * MINUTE, shape: 'spike', what: 'error burst (×10)' },
  {
    refId: 'D',
    series: 'api',
    before: 12 * HOUR,
    length: 12 * HOUR,
    shape: 'drift',
    what: 'memory grows 0.2% a minute',
  },
  {
    refId: 'E',
    series: 'emails',
    before: 7 * HOUR,
    length: 30 * MINUTE,
    shape: 'flat_line',
    what: 'queue depth stuck at 0',
  },
];

/** The demo's queries: PromQL names of the generated metrics, each with a fitting detector (like the demo dashboard). */
export function demoQueries(detector?: string, params: QuerySpec['params'] = {}): QuerySpec[] {
  const mad = (sensitivity: number, direction = 'both') => ({ window: 60, sensitivity, direction, minConsecutive: 1 });
  const q = (refId: string, expr: string, legendFormat: string, own: QuerySpec['params']): QuerySpec => ({
    refId,
    expr,
    legend: legendFormat,
    detector: detector ?? 'mad',
    params: detector ? params : { ...own, ...params },
  });
  return [
    q('A', 'demo_http_requests_per_second', 'requests {{route}}', mad(4)),
    q('B', 'demo_request_duration_seconds{quantile="0.95"}', 'p95 latency {{route}}', mad(4, 'up')),
    q('C', 'demo_http_errors_per_second', 'errors {{route}}', mad(5, 'up')),
    q('D', 'demo_process_resident_memory_bytes', 'memory {{job}}', mad(4)),
    q('E', 'demo_queue_depth', 'queue {{queue}}', mad(4)),
  ];
}

interface Generated {
  name: string;
  labels: Record<string, string>;
  refId: string;
  value: (t: number, since: (before: number) => number) => number;
}

function noise(t: number, seed: number): number {
  const rng = new Mulberry32(Math.imul(Math.floor(t / 1000) >>> 0, 2654435761) ^ seed);
  return rng.uniform() + rng.uniform() - 1; // triangular in (-1, 1)
}

const wave = (t: number) => Math.sin((2 * Math.PI * (t % DAY)) / DAY);

const GENERATED: Generated[] = [
  {
    name: 'demo_http_requests_per_second',
    labels: { route: '/checkout' },
    refId: 'A',
    value: (t, since) => {
      const x = 100 + 10 * wave(t) + 3 * noise(t, 1);
      const s = since(5 * HOUR);
      return s >= 0 && s < 4 * MINUTE ? 3 * x : x;
    },
  },
  {
    name: 'demo_http_requests_per_second',
    labels: { route: '/search' },
    refId: 'A',
    value: (t, since) => {
      const x = 60 + 6 * wave(t) + 2 * noise(t, 2);
      const s = since(9 * HOUR);
      return s >= 0 && s < 6 * MINUTE ? 0.1 * x : x;
    },
  },
  {
    name: 'demo_request_duration_seconds',
    labels: { quantile: '0.95', route: '/checkout' },
    refId: 'B',
    value: (t, since) => (0.25 + 0.01 * noise(t, 3)) * (since(3 * HOUR) >= 0 ? 2 : 1),
  },
  {
    name: 'demo_http_errors_per_second',
    labels: { route: '/pay' },
    refId: 'C',
    value: (t, since) => {
      const x = 2 + 0.3 * noise(t, 4);
      const s = since(14 * HOUR);
      return s >= 0 && s < 10 * MINUTE ? 10 * x : x;
    },
  },
  {
    name: 'demo_process_resident_memory_bytes',
    labels: { job: 'api' },
    refId: 'D',
    value: (t, since) => {
      const grow = Math.max(0, since(12 * HOUR)) / MINUTE;
      return 4e8 * (1 + 0.002 * grow) + 2e6 * noise(t, 5);
    },
  },
  {
    name: 'demo_queue_depth',
    labels: { queue: 'emails' },
    refId: 'E',
    value: (t, since) => {
      const s = since(7 * HOUR);
      return s >= 0 && s < 30 * MINUTE ? 0 : 40 + 6 * noise(t, 6);
    },
  },
];

/**
 * A series source that answers the demo queries over any plan. `end` anchors the injections (now, for the
 * command). Unknown queries give no series.
 */
export function demoSource(end: number): SeriesSource {
  return async (expr: string, plan: Plan): Promise<PromSeries[]> => {
    const name = expr.replace(/\{.*$/, '');
    return GENERATED.filter((g) => g.name === name).map((g) => {
      const t: number[] = [];
      const v: number[] = [];
      for (let x = plan.fetchStart; x <= plan.end; x += plan.stepMs) {
        t.push(x);
        v.push(g.value(x, (before) => x - (end - before)));
      }
      return { labels: { __name__: g.name, ...g.labels }, t, v };
    });
  };
}
