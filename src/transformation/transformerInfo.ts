import { DataFrame, DataTransformContext, DataTransformerInfo } from '@grafana/data';
import { catchError, from, map, mergeMap, of, OperatorFunction } from 'rxjs';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { notice, withNotices } from './notices';
import { AnomalyTransformOptions, DEFAULT_OPTIONS } from './options';

/** How the operator module (with the detectors) is obtained: a dynamic import (code-split) or a static one. */
export type OperatorLoader = () => Promise<Pick<typeof import('./detectAnomalies'), 'detectAnomalies'>>;

/** Frames in, frames out; if the code chunk cannot load (network, deploy) the data passes through with a notice. */
export function anomalyOperator(
  loadOperator: OperatorLoader,
  options: Partial<AnomalyTransformOptions>,
  context?: DataTransformContext
): OperatorFunction<DataFrame[], DataFrame[]> {
  return (source) =>
    source.pipe(
      mergeMap((frames) =>
        from(loadOperator()).pipe(
          map((m) => m.detectAnomalies(frames, options, { rangeEnd: rangeEnd(context) })),
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
    operator: (options, context) => anomalyOperator(loadOperator, options, context),
  };
}
