import { DataFrame, DataTransformerInfo } from '@grafana/data';
import { catchError, from, map, mergeMap, of, OperatorFunction } from 'rxjs';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { notice, withNotices } from './notices';
import { AnomalyTransformOptions, DEFAULT_OPTIONS } from './options';

/** How the operator module (with the detectors) is obtained: a dynamic import (code-split) or a static one. */
export type OperatorLoader = () => Promise<Pick<typeof import('./detectAnomalies'), 'detectAnomalies'>>;

/** Frames in, frames out; if the code chunk cannot load (network, deploy) the data passes through with a notice. */
export function anomalyOperator(
  loadOperator: OperatorLoader,
  options: Partial<AnomalyTransformOptions>
): OperatorFunction<DataFrame[], DataFrame[]> {
  return (source) =>
    source.pipe(
      mergeMap((frames) =>
        from(loadOperator()).pipe(
          map((m) => m.detectAnomalies(frames, options)),
          catchError((e) =>
            of(frames.map((f) => withNotices(f, [notice('error', `could not load (${String(e?.message ?? e)}).`)])))
          )
        )
      )
    );
}

export function createTransformerInfo(
  loadOperator: OperatorLoader
): DataTransformerInfo<Partial<AnomalyTransformOptions>> {
  return {
    id: ANOMALY_TRANSFORMATION_ID,
    name: 'Anomaly detection',
    description: 'Adds an expected value, a band, a score and anomaly markers to every numeric series, in its colour.',
    defaultOptions: DEFAULT_OPTIONS,
    operator: (options) => anomalyOperator(loadOperator, options),
  };
}
