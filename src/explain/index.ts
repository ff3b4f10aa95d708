/**
 * Vigil's explanation module: evidence about anomaly events (metric kind, shape, baseline vs peak, earlier
 * days, co-occurring series, multivariate contribution), the deterministic template note, the LLM prompt, the
 * Markdown report and its chart. Plain TypeScript with no Grafana or React imports: the explanations panel, the
 * data source's annotations and the `vigil detect` command line share it.
 */
export * from './types';
export * from './format';
export * from './promql';
export * from './metricKind';
export * from './shape';
export * from './evidence';
export * from './events';
export * from './knowledge';
export * from './template';
export * from './prompt';
export * from './report';
