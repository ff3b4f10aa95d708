import React, { lazy, Suspense } from 'react';
import type { TransformerUIProps } from '@grafana/data';
import type { AnomalyTransformOptions } from './options';

/**
 * The editor (with @grafana/ui and the detector registry it lists) loads when a user opens it, not with the
 * preloaded module. Only React here, so the registration also loads in Node (tests, benchmarks).
 */
const Editor = lazy(() => import('./AnomalyTransformEditor'));

export function LazyAnomalyTransformEditor(props: TransformerUIProps<Partial<AnomalyTransformOptions>>) {
  return (
    <Suspense fallback={<span>Loading anomaly detection…</span>}>
      <Editor {...props} />
    </Suspense>
  );
}
