import {
  AnnotationQuery,
  AnnotationSupport,
  CoreApp,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { Observable, of } from 'rxjs';

import { resolveTimeZone } from '../components/TimeZoneField/timeZone';
import { anomalyAnnotations } from './annotations';
import { DEFAULT_QUERY, SETTINGS_DEFAULTS, VigilDataSourceOptions, VigilQuery } from './types';
import { crossingAnnotations } from './crossingAnnotations';

/**
 * Grafana's interval and range variables, replaced on the server with the detection step, the query's range and the
 * scrape interval (pkg/query/variables.go), as Grafana's Prometheus data source does, so panels, alert rules and
 * recording rules get the same values. Each is mapped to its own name in the scoped variables, so the browser leaves
 * it in place (the way Grafana's Prometheus data source keeps $__interval for its backend).
 */
const SERVER_VARIABLES = [
  '__interval',
  '__interval_ms',
  '__rate_interval',
  '__rate_interval_ms',
  '__range',
  '__range_s',
  '__range_ms',
];

export class DataSource extends DataSourceWithBackend<VigilQuery, VigilDataSourceOptions> {
  /**
   * Anomaly events as dashboard annotations: the annotation query is a normal Vigil query forced to the `band`
   * output, and processEvents turns its frames into one region per event with the evidence summary
   * (src/datasource/annotations.ts); Grafana (Scenes' executeAnnotationQuery) calls it with the frames. The
   * standard query editor is reused. An annotation query set to the crossings output gives instead the forecast's
   * threshold crossings, annotations in the future (crossingAnnotations.ts).
   */
  annotations: AnnotationSupport<VigilQuery> = {
    getDefaultQuery: () => ({ ...DEFAULT_QUERY, output: 'band' }),
    prepareQuery: (anno: AnnotationQuery<VigilQuery>) => {
      const target = anno.target;
      if (!target?.expr) {
        return undefined; // nothing to run yet: Grafana skips the annotation quietly
      }
      const output = target.output === 'crossings' ? 'crossings' : 'band';
      return { ...DEFAULT_QUERY, ...target, refId: target.refId || 'Anno', output } as VigilQuery;
    },
    processEvents: (anno: AnnotationQuery<VigilQuery>, frames: DataFrame[]) =>
      of(
        anno.target?.output === 'crossings'
          ? crossingAnnotations(frames)
          : anomalyAnnotations(frames, anno.target ? { ...anno.target, refId: 'Anno' } : undefined)
      ),
  };

  constructor(instanceSettings: DataSourceInstanceSettings<VigilDataSourceOptions>) {
    super(instanceSettings);
    // A panel's minimum interval, as Grafana's Prometheus data source sets it from its scrape interval: Grafana's
    // query runner never gives a panel a finer interval.
    this.interval = instanceSettings.jsonData.timeInterval || SETTINGS_DEFAULTS.timeInterval;
  }

  /** Alert rules reduce and compare numbers, so a new query in the alert rule editor answers with scores. */
  getDefaultQuery(app: CoreApp): Partial<VigilQuery> {
    return app === CoreApp.UnifiedAlerting ? { ...DEFAULT_QUERY, output: 'score' } : DEFAULT_QUERY;
  }

  /**
   * A query that names no time zone gets the dashboard's (the request's; "browser" and Grafana's "utc" resolved to
   * IANA names), so daily and weekly seasons follow the clock the dashboard shows. Saved queries are not changed:
   * the same query in an alert rule uses the data source's default time zone.
   */
  query(request: DataQueryRequest<VigilQuery>): Observable<DataQueryResponse> {
    const timezone = resolveTimeZone(request.timezone);
    const targets = request.targets.map((t) => (t.timezone ? t : { ...t, timezone }));
    return super.query({ ...request, targets });
  }

  applyTemplateVariables(query: VigilQuery, scopedVars: ScopedVars): VigilQuery {
    const templateSrv = getTemplateSrv();
    const vars: ScopedVars = { ...scopedVars };
    for (const name of SERVER_VARIABLES) {
      vars[name] = { text: `$${name}`, value: `$${name}` };
    }
    return {
      ...query,
      expr: templateSrv.replace(query.expr ?? '', vars, interpolatePromValue),
      legendFormat: query.legendFormat ? templateSrv.replace(query.legendFormat, vars) : query.legendFormat,
      timezone: query.timezone ? templateSrv.replace(query.timezone, vars) : query.timezone,
    };
  }

  /** Queries without PromQL are not sent (a new, empty query row would otherwise fail on the backend). */
  filterQuery(query: VigilQuery): boolean {
    return !query.hide && !!query.expr?.trim();
  }
}

/**
 * Multi-value and "All" variables become a regex alternation, as in Grafana's Prometheus data source, so that
 * `{instance=~"$instance"}` works; single values are inserted as they are.
 */
export function interpolatePromValue(value: string | string[]): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? escapeRegex(value[0]) : `(${value.map(escapeRegex).join('|')})`;
  }
  return value;
}

function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');
}
