import { CoreApp, DataQueryRequest, DataSourceInstanceSettings, dateTime, ScopedVars } from '@grafana/data';
import { BackendSrv, setBackendSrv, setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { lastValueFrom, of } from 'rxjs';

import { loadBackendFrames } from '../explain/testing/backendFrames';
import { DataSource } from './datasource';
import { DEFAULT_QUERY, VigilDataSourceOptions, VigilQuery } from './types';

/**
 * Grafana's TemplateSrv lives in Grafana itself, not in an npm package; this stand-in implements the documented
 * contract (`$name`, `${name}`, scopedVars win over dashboard variables, multi values go through the format
 * function) so the data source's interpolation can be checked end to end through DataSourceWithBackend.query.
 */
class DashboardTemplateSrv implements Partial<TemplateSrv> {
  constructor(private vars: Record<string, string | string[]>) {}
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    return (target ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced, plain) => {
      const name = braced ?? plain;
      const value = scopedVars?.[name]?.value ?? this.vars[name];
      if (value === undefined) {
        return match;
      }
      return typeof format === 'function' ? format(value) : String(value);
    });
  }
}

const settings = {
  id: 1,
  uid: 'vigil',
  type: 'vigil-anomaly-datasource',
  name: 'Vigil',
  jsonData: { prometheusUrl: 'http://prometheus:9090' },
  meta: { id: 'vigil-anomaly-datasource' },
  access: 'proxy',
  readOnly: false,
} as unknown as DataSourceInstanceSettings<VigilDataSourceOptions>;

function query(patch: Partial<VigilQuery>): VigilQuery {
  return { ...DEFAULT_QUERY, refId: 'A', ...patch } as VigilQuery;
}

describe('DataSource template variables', () => {
  beforeEach(() => {
    setTemplateSrv(
      new DashboardTemplateSrv({ job: 'api', instance: ['a:9100', 'b.example:9100'] }) as unknown as TemplateSrv
    );
  });

  it('interpolates expr and legendFormat and leaves the rest of the query alone', () => {
    const ds = new DataSource(settings);
    const out = ds.applyTemplateVariables(
      query({
        expr: 'rate(http_requests_total{job="$job"}[$__interval])',
        legendFormat: '${job} {{route}}',
        sensitivity: 4,
      }),
      { __interval: { text: '2m', value: '2m' } }
    );
    expect(out.expr).toBe('rate(http_requests_total{job="api"}[$__interval])');
    expect(out.legendFormat).toBe('api {{route}}');
    expect(out.sensitivity).toBe(4);
    expect(out.detector).toEqual({ type: 'auto', params: {} });
  });

  it('turns a multi-value variable into an escaped regex alternation', () => {
    const ds = new DataSource(settings);
    const out = ds.applyTemplateVariables(query({ expr: 'up{instance=~"$instance"}' }), {});
    expect(out.expr).toBe('up{instance=~"(a:9100|b\\\\.example:9100)"}');
  });

  it("leaves Grafana's interval and range variables for the backend, which replaces them with the detection step", async () => {
    const bodies = captureBackend();
    const ds = new DataSource(settings);
    await lastValueFrom(
      ds.query(
        request('utc', [
          query({
            expr: 'rate(x{job="$job"}[$__rate_interval]) / rate(x[${__interval}]) * $__range_s + $__interval_ms',
          }),
        ])
      )
    );
    expect(bodies[0].queries[0].expr).toBe(
      'rate(x{job="api"}[$__rate_interval]) / rate(x[$__interval]) * $__range_s + $__interval_ms'
    );
  });

  it("gives a query without a time zone the dashboard's, resolved to an IANA name; a query's own stays", async () => {
    const bodies = captureBackend();
    const ds = new DataSource(settings);
    const targets = [query({ expr: 'up' }), query({ refId: 'B', expr: 'up', timezone: 'Asia/Tokyo' })];
    await lastValueFrom(ds.query(request('utc', targets)));
    await lastValueFrom(ds.query(request('Europe/Paris', targets)));
    await lastValueFrom(ds.query(request('browser', targets)));
    const zones = bodies.map((b) => b.queries.map((q: VigilQuery) => q.timezone));
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(zones).toEqual([
      ['UTC', 'Asia/Tokyo'],
      ['Europe/Paris', 'Asia/Tokyo'],
      [browser, 'Asia/Tokyo'],
    ]);
    expect(targets[0].timezone).toBeUndefined(); // the saved query is not changed
  });

  it("sets the scrape interval as the panels' minimum interval, as Grafana's Prometheus data source does", () => {
    expect(new DataSource(settings).interval).toBe('15s');
    const slow = { ...settings, jsonData: { ...settings.jsonData, timeInterval: '1m' } };
    expect(new DataSource(slow).interval).toBe('1m');
  });
});

/** Records the bodies the data source posts to /api/ds/query. */
function captureBackend(): any[] {
  const bodies: any[] = [];
  setBackendSrv({
    fetch: (options: { data: unknown }) => {
      bodies.push(options.data);
      return of({ data: { results: { A: { frames: [] } } }, status: 200, ok: true });
    },
  } as unknown as BackendSrv);
  return bodies;
}

function request(timezone: string, targets: VigilQuery[]): DataQueryRequest<VigilQuery> {
  return {
    targets,
    intervalMs: 60_000,
    interval: '1m',
    scopedVars: { __interval: { text: '1m', value: '1m' }, __interval_ms: { text: '60000', value: 60000 } },
    range: { from: dateTime(0), to: dateTime(3_600_000), raw: { from: 'now-1h', to: 'now' } },
    maxDataPoints: 100,
    requestId: 'r',
    app: 'dashboard',
    timezone,
    startTime: 0,
  } as unknown as DataQueryRequest<VigilQuery>;
}

describe('DataSource.getDefaultQuery', () => {
  it('answers with scores in the alert rule editor and bands elsewhere', () => {
    const ds = new DataSource(settings);
    expect(ds.getDefaultQuery(CoreApp.UnifiedAlerting).output).toBe('score');
    expect(ds.getDefaultQuery(CoreApp.Dashboard).output).toBe('band');
  });
});

describe('DataSource.filterQuery', () => {
  it('drops queries without PromQL and hidden queries', () => {
    const ds = new DataSource(settings);
    expect(ds.filterQuery(query({ expr: '' }))).toBe(false);
    expect(ds.filterQuery(query({ expr: '   ' }))).toBe(false);
    expect(ds.filterQuery(query({ expr: 'up', hide: true }))).toBe(false);
    expect(ds.filterQuery(query({ expr: 'up' }))).toBe(true);
  });
});

describe('DataSource annotations', () => {
  it('runs the annotation target as a band query (the evidence needs the series) and skips empty ones', () => {
    const ds = new DataSource(settings);
    const prepared = ds.annotations.prepareQuery!({
      name: 'Anomalies',
      enable: true,
      iconColor: 'red',
      target: query({ expr: 'up', output: 'events' }),
    });
    expect(prepared?.output).toBe('band');
    expect(prepared?.expr).toBe('up');
    expect(
      ds.annotations.prepareQuery!({ name: 'x', enable: true, iconColor: 'red', target: query({ expr: '' }) })
    ).toBeUndefined();
  });
});

describe('DataSource annotations: processEvents on frames from the real backend path', () => {
  it('makes one region per event with the evidence summary and the vigil tags', async () => {
    const answer = loadBackendFrames().answers.find((a) => a.query.refId === 'B')!;
    const ds = new DataSource(settings);
    const frames = answer.frames.map((f) => ({ ...f, refId: 'Anno' }));
    const target = { ...(answer.query as unknown as VigilQuery), refId: 'Anno' };
    const events = await lastValueFrom(
      ds.annotations.processEvents!({ name: 'Vigil', enable: true, iconColor: 'red', target }, frames)
    );
    expect(events!.length).toBeGreaterThan(0);
    const shift = events![0];
    expect(shift.isRegion).toBe(true);
    expect(shift.timeEnd! - shift.time!).toBeGreaterThan(0);
    expect(shift.title).toMatch(/^Latency level shift on api_request_duration_seconds/);
    expect(shift.text).toMatch(/Shape: level shift \(the level moved from 0\.2/);
    expect(shift.tags).toEqual(['vigil', 'mad', 'latency', 'critical']);
  });

  it('gives no annotations for empty or malformed frames', async () => {
    const ds = new DataSource(settings);
    const anno = { name: 'Vigil', enable: true, iconColor: 'red', target: query({ expr: 'up' }) };
    const broken = { name: 'x', length: 2, fields: [{ name: 'expected', type: 'number', config: {}, values: [1] }] };
    expect(await lastValueFrom(ds.annotations.processEvents!(anno, []))).toEqual([]);
    expect(await lastValueFrom(ds.annotations.processEvents!(anno, [broken as any]))).toEqual([]);
  });
});
