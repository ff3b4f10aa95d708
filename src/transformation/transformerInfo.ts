import { DataFrame, DataTransformContext, DataTransformerInfo } from '@grafana/data';
import { catchError, from, map, mergeMap, of, OperatorFunction } from 'rxjs';
import { browserTimeZone, resolveTimeZone } from '../components/TimeZoneField/timeZone';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { notice, withNotices } from './notices';
import { AnomalyTransformOptions, DEFAULT_OPTIONS } from './options';

/** How the operator module (with the detectors) is obtained: a dynamic import (code-split) or a static one. */
export type OperatorLoader = () => Promise<Pick<typeof import('./detectAnomalies'), 'detectAnomalies'>>;

/** Grafana's macro for the dashboard's time zone (Grafana 10+ dashboards, Scenes: "browser" resolved to IANA). */
const TIMEZONE_MACRO = '${__timezone}';

/**
 * The time zone of daily and weekly seasons for this panel: the option when set, else the dashboard's. A
 * transformation is not told the dashboard's time zone directly; it learns it by interpolating Grafana's $__timezone
 * macro with its context (the panel's scene, so a panel's own time zone override counts too). Where the context does
 * not resolve the macro (an older Grafana, a transformation run outside a dashboard), the browser's time zone is used.
 * Grafana's "utc" and "browser" become IANA names.
 */
export function seasonTimeZone(options: Partial<AnomalyTransformOptions>, ctx?: DataTransformContext): string {
  if (options.timezone) {
    return resolveTimeZone(options.timezone);
  }
  let dashboard: string | undefined;
  try {
    dashboard = ctx?.interpolate?.(TIMEZONE_MACRO);
  } catch {
    dashboard = undefined;
  }
  return dashboard && !dashboard.includes('__timezone') ? resolveTimeZone(dashboard) : browserTimeZone();
}

/** Frames in, frames out; if the code chunk cannot load (network, deploy) the data passes through with a notice. */
export function anomalyOperator(
  loadOperator: OperatorLoader,
  options: Partial<AnomalyTransformOptions>,
  ctx?: DataTransformContext
): OperatorFunction<DataFrame[], DataFrame[]> {
  return (source) =>
    source.pipe(
      mergeMap((frames) =>
        from(loadOperator()).pipe(
          map((m) =>
            m.detectAnomalies(
              frames,
              { ...options, timezone: seasonTimeZone(options, ctx) },
              { rangeEnd: rangeEnd(ctx) }
            )
          ),
          catchError((e) =>
            of(frames.map((f) => withNotices(f, [notice('error', `could not load (${String(e?.message ?? e)}).`)])))
          )
        )
      )
    );
}

/**
 * The end of the panel's time range in Unix ms, from the dashboard's $__to variable (the transformation context has
 * no time range of its own); undefined where it cannot be read (a test, an export without a dashboard).
 */
export function rangeEnd(context?: DataTransformContext): number | undefined {
  const to = Number(context?.interpolate?.('$__to'));
  return Number.isFinite(to) && to > 0 ? to : undefined;
}

export function createTransformerInfo(
  loadOperator: OperatorLoader
): DataTransformerInfo<Partial<AnomalyTransformOptions>> {
  return {
    id: ANOMALY_TRANSFORMATION_ID,
    name: 'Anomaly detection',
    description: 'Adds an expected value, a band, a score and anomaly markers to every numeric series, in its colour.',
    defaultOptions: DEFAULT_OPTIONS,
    operator: (options, ctx) => anomalyOperator(loadOperator, options, ctx),
  };
}
