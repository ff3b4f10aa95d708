import {
  AnnotationQuery,
  AnnotationSupport,
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

import { promDuration, rateIntervalMs } from './rateInterval';
import { DEFAULT_QUERY, VigilDataSourceOptions, VigilQuery } from './types';

export class DataSource extends DataSourceWithBackend<VigilQuery, VigilDataSourceOptions> {
  /**
   * Anomaly events as dashboard annotations: the annotation query is a normal Vigil query forced to the `events`
   * output, whose frame has the fields Grafana's default annotation processing reads (time, timeEnd, title, text,
   * tags). The standard query editor is reused.
   */
  annotations: AnnotationSupport<VigilQuery> = {
    getDefaultQuery: () => ({ ...DEFAULT_QUERY, output: 'events' }),
    prepareQuery: (anno: AnnotationQuery<VigilQuery>) => {
      const target = anno.target;
      if (!target?.expr) {
        return undefined; // nothing to run yet: Grafana skips the annotation quietly
      }
      return { ...DEFAULT_QUERY, ...target, refId: target.refId || 'Anno', output: 'events' } as VigilQuery;
    },
  };

  constructor(instanceSettings: DataSourceInstanceSettings<VigilDataSourceOptions>) {
    super(instanceSettings);
  }

  /** Alert rules reduce and compare numbers, so a new query in the alert rule editor answers with scores. */
  getDefaultQuery(app: CoreApp): Partial<VigilQuery> {
    return app === CoreApp.UnifiedAlerting ? { ...DEFAULT_QUERY, output: 'score' } : DEFAULT_QUERY;
  }

  /**
   * Grafana's query runner puts `$__interval` (and `$__interval_ms`, `$__range`, …) in `scopedVars`; it does not
   * add `$__rate_interval`, which only its Prometheus data source knows. Add it here so the template service
   * replaces both like any other variable.
   */
  query(request: DataQueryRequest<VigilQuery>): Observable<DataQueryResponse> {
    const rate = rateIntervalMs(request.intervalMs);
    const scopedVars: ScopedVars = {
      ...request.scopedVars,
      __rate_interval: { text: promDuration(rate), value: promDuration(rate) },
      __rate_interval_ms: { text: String(rate), value: rate },
    };
    return super.query({ ...request, scopedVars });
  }

  applyTemplateVariables(query: VigilQuery, scopedVars: ScopedVars): VigilQuery {
    const templateSrv = getTemplateSrv();
    return {
      ...query,
      expr: templateSrv.replace(query.expr ?? '', scopedVars, interpolatePromValue),
      legendFormat: query.legendFormat ? templateSrv.replace(query.legendFormat, scopedVars) : query.legendFormat,
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
