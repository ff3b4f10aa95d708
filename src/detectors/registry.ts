import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { resolveParams } from './params';
import { detectSamples } from './samples';
import { validateSeries } from './series';
import { DetectionResult, Params, RawParams, Series } from './types';
import { zscore } from './zscore';
import { mad } from './mad';
import { ewma } from './ewma';
import { holtWinters } from './holt_winters';
import { seasonal } from './seasonal';
import { levelShift } from './level_shift';
import { isolationForest } from './isolation_forest';
import { peerOutlier } from './peer_outlier';
import { ensemble } from './ensemble';
import { auto } from './auto';

/** Every detector, in the order pickers show them (simple to strong). Mirrors pkg/detectors/registry.go. */
export const DETECTORS: readonly DetectorDefinition[] = [
  auto,
  ensemble,
  zscore,
  mad,
  ewma,
  holtWinters,
  seasonal,
  levelShift,
  isolationForest,
  peerOutlier,
];

/** The detector a user gets without choosing. */
export const DEFAULT_DETECTOR = 'auto';

const byId = new Map(DETECTORS.map((d) => [d.id, d]));

export function getDetector(id: string): DetectorDefinition {
  const d = byId.get(id);
  if (!d) {
    throw new DetectorError(
      'unknown_detector',
      `unknown detector "${id}"; valid detectors: ${[...byId.keys()].join(', ')}`
    );
  }
  return d;
}

/** Validates and fills a detector's parameters (defaults for the missing ones). */
export function resolveDetectorParams(id: string, raw?: RawParams): Params {
  const d = getDetector(id);
  const p = resolveParams(id, d.params, raw);
  d.validate?.(p);
  return p;
}

/**
 * Runs a detector on a group of series. Univariate detectors run on each series independently, on its samples
 * (a repeated sample counts once: samples.ts); multivariate ones score the group together. Returns one result per
 * input series, in input order.
 */
export function runDetector(id: string, series: readonly Series[], raw?: RawParams): DetectionResult[] {
  const d = getDetector(id);
  const p = resolveDetectorParams(id, raw);
  series.forEach((s, i) => validateSeries(id, s, i));
  if (d.detectGroup) {
    return d.detectGroup(series, p);
  }
  return series.map((s) => detectSamples(d.detect!, s, p));
}

/** The registry as plain data (ids, names, descriptions, parameters): what editors and docs read. */
export function registryMetadata() {
  return DETECTORS.map((d) => ({
    id: d.id,
    name: d.name,
    description: d.description,
    multivariate: d.multivariate,
    params: d.params,
  }));
}
