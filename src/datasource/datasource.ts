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

import { anomalyAnnotations } from './annotations';
import { crossingAnnotations } from './crossingAnnotations';

import { promDuration, rateIntervalMs } from './rateInterval';
import { DEFAULT_QUERY, VigilDataSourceOptions, VigilQuery } from './types';

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
