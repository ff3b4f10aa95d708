import { readExplainInput } from '../panel/frames';
import { buildEvidence, cooccurring, severityOf } from './evidence';
import { explainAll, Explained } from './events';
import { inferMetricKind } from './metricKind';
import { templateNote } from './template';
import { loadBackendFrames } from './testing/backendFrames';
import { ExplainEvent, Shape } from './types';

/**
 * Table tests over frames made by the real backend path: testdata/explain/backend-frames.json holds the answers
 * of pkg/plugin's QueryData to the queries of pkg/plugin/explain_frames_test.go against a real Prometheus, whose
 * series carry one injected deviation each. For every query: the event at the injection time, its metric kind
 * and shape, and the template note's sections.
 */
const backend = loadBackendFrames();
const DAY10 = Date.UTC(2025, 5, 10);
const at = (h: number, m = 0) => DAY10 + (h * 60 + m) * 60_000;

function explained(refId: string): Explained[] {
  const answer = backend.answers.find((a) => a.query.refId === refId)!;
  return explainAll(readExplainInput(answer.frames, [answer.query]));
}

/** The event that starts at the injection (within two steps), of the named series. */
function injected(refId: string, start: number, series?: string): Explained {
  const found = explained(refId).find(
    (e) => Math.abs(e.event.start - start) <= 20 * 60_000 && (!series || e.event.seriesName.includes(series))
  );
  if (!found) {
    throw new Error(`${refId}: no event near ${new Date(start).toISOString()}`);
  }
  return found;
}

describe('evidence from the backend band output: shape and metric kind of each injected deviation', () => {
  const table: Array<[string, string, number, string | null, Shape, string, string | null]> = [
    ['traffic spike', 'A', at(12), '/checkout', 'spike', 'traffic', null],
    ['traffic dip', 'A', at(5), '/search', 'dip', 'traffic', null],
    ['latency level shift', 'B', at(6), null, 'level_shift', 'latency', null],
    ['memory drift', 'C', Date.UTC(2025, 5, 9, 1), null, 'drift', 'saturation', 'memory'],
    ['cpu variance change', 'D', at(13, 20), null, 'variance_change', 'saturation', 'cpu'],
    ['queue flat line', 'E', at(16, 40), null, 'flat_line', 'saturation', 'queue'],
    ['traffic seasonal break', 'F', at(6, 10), null, 'seasonal_break', 'traffic', null],
    ['error burst', 'G', at(8, 20), null, 'spike', 'errors', null],
  ];
  it.each(table)('%s', (_name, refId, start, series, shape, kind, resource) => {
    const e = injected(refId, start, series ?? undefined);
    expect(e.evidence.shape.kind).toBe(shape);
    expect(e.evidence.shape.reason.length).toBeGreaterThan(20);
    expect(e.evidence.metric.kind).toBe(kind);
    expect(e.evidence.metric.resource ?? null).toBe(resource);
    expect(e.evidence.detector.id).not.toBe('unknown');
    // Every band-output event has averages, a baseline and the band at the peak.
    expect(e.evidence.average).toBeDefined();
    expect(e.evidence.baseline!.points).toBeGreaterThanOrEqual(5);
    expect(e.evidence.peak.lower).toBeLessThanOrEqual(e.evidence.peak.upper);
  });

  it('compares with the same time yesterday when the range reaches back a day, and says why a week ago is missing', () => {
    const spike = injected('A', at(12), '/checkout').evidence;
    expect(spike.earlier.yesterday).toBeDefined();
    expect(spike.earlier.yesterday!.time).toBe(spike.window.peakTime - 86_400_000);
    expect(spike.earlier.yesterday!.observed).toBeGreaterThan(90);
    expect(spike.earlier.yesterday!.observed).toBeLessThan(110);
    expect(spike.earlier.weekAgo).toBeUndefined();
    expect(spike.limits.join(' ')).toMatch(/seven days/);
  });

  it('peak and average observed vs expected: the spike is far above, the level shift about doubles', () => {
    const spike = injected('A', at(12), '/checkout').evidence;
    expect(spike.peak.observed).toBeGreaterThan(240);
    expect(spike.peak.expected).toBeGreaterThan(95);
    expect(spike.peak.expected).toBeLessThan(105);
    expect(spike.peak.change).toBeGreaterThan(1.3);
    const shift = injected('B', at(6)).evidence;
    expect(shift.average!.observed / shift.baseline!.level).toBeGreaterThan(1.8);
    expect(shift.average!.observed / shift.baseline!.level).toBeLessThan(2.2);
    expect(shift.severity).toBe('critical');
  });

  it('events from the events output: peak facts, the shape left to the series, and the limit named', () => {
    const events = explained('I');
    expect(events.length).toBeGreaterThan(0);
    const spike = events.find((e) => Math.abs(e.event.start - at(12)) <= 20 * 60_000)!;
    expect(spike.event.source).toBe('events');
    expect(spike.evidence.peak.observed).toBeGreaterThan(240);
    expect(spike.evidence.shape.kind).toBe('unknown');
    expect(spike.evidence.limits.join(' ')).toMatch(/Output set to Band/);
    expect(spike.evidence.metric.kind).toBe('traffic');
    expect(spike.evidence.detector.id).toBe('mad');
  });

  it('events output and band output of the same series in one panel: one event each, with the full evidence', () => {
    const band = backend.answers.find((a) => a.query.refId === 'A')!;
    const events = backend.answers.find((a) => a.query.refId === 'I')!;
    const all = explainAll(readExplainInput([...events.frames, ...band.frames], [events.query, band.query]));
    const spikes = all.filter(
      (e) => Math.abs(e.event.start - at(12)) <= 20 * 60_000 && e.event.seriesName.includes('/checkout')
    );
    expect(spikes).toHaveLength(1);
    expect(spikes[0].event.source).toBe('events');
    expect(spikes[0].evidence.shape.kind).toBe('spike');
  });

  it('peer outlier events carry the contribution with the odd pod first', () => {
    const p3 = explained('H').find(
      (e) => e.event.seriesName === 'p3' && Math.abs(e.event.start - at(10)) <= 20 * 60_000
    )!;
    expect(p3.evidence.contribution![0].series).toBe('p3');
    expect(p3.evidence.contribution![0].share).toBeGreaterThan(0.9);
    expect(templateNote(p3.evidence)).toMatch(/Contribution to this multivariate anomaly: `p3` (9\d|100)%/);
  });

  it('writes a template note with every section for every event', () => {
    for (const a of backend.answers) {
      for (const e of explained(a.query.refId)) {
        const note = templateNote(e.evidence);
        expect(note).toMatch(/^\*\*Summary\.\*\* /);
        for (const section of ['**Evidence**', '**Suspected causes**', '**Suggested actions**']) {
          expect(note).toContain(section);
        }
        expect(note).toMatch(/\n1\. /);
      }
    }
  });
});

describe('metric kind', () => {
  it.each([
    [
      ['http_request_duration_seconds_bucket'],
      {},
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
      'latency',
      undefined,
    ],
    [[], {}, 'rate(http_request_duration_seconds_count[5m])', 'traffic', undefined],
    [['api_latency_ms'], {}, '', 'latency', undefined],
    [
      [],
      { route: '/x' },
      'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
      'errors',
      undefined,
    ],
    [['http_requests_total'], { status: '503' }, '', 'errors', undefined],
    [['grpc_server_handled_total'], { grpc_code: 'error' }, '', 'errors', undefined],
    [['app_exceptions_total'], {}, '', 'errors', undefined],
    [['http_requests_total'], { status: '200' }, '', 'traffic', undefined],
    [[], {}, 'sum(rate(nginx_ingress_controller_requests[1m]))', 'traffic', undefined],
    [['node_cpu_seconds_total'], { mode: 'user' }, '', 'saturation', 'cpu'],
    [['container_memory_working_set_bytes'], {}, '', 'saturation', 'memory'],
    [['node_filesystem_avail_bytes'], {}, '', 'saturation', 'disk'],
    [['kafka_consumergroup_lag'], {}, '', 'saturation', 'queue'],
    [['temperature_celsius'], {}, '', 'other', undefined],
  ] as const)('%j %j %s → %s', (names, labels, expr, kind, resource) => {
    const guess = inferMetricKind([...names], { ...labels }, expr);
    expect(guess.kind).toBe(kind);
    expect(guess.resource).toBe(resource);
    expect(guess.reason).not.toBe('');
  });
});

describe('severity and co-occurrence', () => {
  it.each([
    [3.2, 1, 'critical'],
    [2.1, 12, 'critical'],
    [1.6, 1, 'warning'],
    [1.1, 6, 'warning'],
    [1.1, 2, 'info'],
  ] as const)('score %d over %d points → %s', (score, points, severity) => {
    expect(severityOf(score, points)).toBe(severity);
  });

  const ev = (series: string, start: number, end: number, maxScore: number): ExplainEvent => ({
    id: `${series}@${start}`,
    seriesKey: series,
    seriesName: series,
    labels: {},
    start,
    end,
    peakTime: start,
    peakValue: 1,
    expectedAtPeak: 0,
    maxScore,
    direction: 'up',
    points: (end - start) / 60_000 + 1,
    source: 'events',
  });

  it('ranks overlapping series by overlap, then score, and leaves out its own series and distant events', () => {
    const me = ev('a', 0, 9 * 60_000, 3);
    const list = cooccurring(
      me,
      [
        me,
        ev('a', 0, 60_000, 9),
        ev('b', 5 * 60_000, 20 * 60_000, 2),
        ev('c', 0, 9 * 60_000, 1.5),
        ev('d', 0, 9 * 60_000, 4),
        ev('e', 60 * 60_000, 61 * 60_000, 50),
      ],
      60_000
    );
    expect(list.map((c) => c.series)).toEqual(['d', 'c', 'b']);
    expect(list[0].overlap).toBe(1);
    expect(list[2].overlap).toBeCloseTo(0.5, 10);
  });

  it('builds evidence from an event alone without throwing, naming what is missing', () => {
    const e = buildEvidence(ev('x', 0, 0, 1.2), { events: [] });
    expect(e.shape.kind).toBe('unknown');
    expect(e.detector.id).toBe('unknown');
    expect(e.limits.length).toBeGreaterThanOrEqual(2);
    expect(templateNote(e)).toContain('Not determined');
  });
});
