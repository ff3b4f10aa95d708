/** Vigil's detector library: pure TypeScript, no Grafana/React/HTTP imports. Twin of pkg/detectors (Go). */
export * from './types';
export * from './errors';
export * from './params';
export * from './detector';
export { PreparedDetector } from './prepared';
export * from './events';
export * from './contribution';
export { SCORE_CAP } from './result';
export { medianStep } from './series';
export * from './forecast';
export { AUTO_FORECAST_Z } from './auto_forecast';
export {
  DETECTORS,
  DEFAULT_DETECTOR,
  getDetector,
  prepareDetector,
  resolveDetectorParams,
  runDetector,
  registryMetadata,
  type RegisteredDetector,
  type RegistryParamSpec,
} from './registry';
