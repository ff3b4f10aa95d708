import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { PARAM_LABELS, ParamSpec, resolveParams } from './params';
import { PreparedDetector } from './prepared';
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

/** A parameter spec as the registry hands it out: always with its readable label. */
export type RegistryParamSpec = ParamSpec & { label: string };

/** A detector as the registry hands it out: its parameters labelled. */
export interface RegisteredDetector extends DetectorDefinition {
  params: RegistryParamSpec[];
}

function labelled(d: DetectorDefinition): RegisteredDetector {
  return { ...d, params: d.params.map((p) => ({ ...p, label: p.label ?? PARAM_LABELS[p.name] })) };
}

/** Every detector, in the order pickers show them (simple to strong). Mirrors pkg/detectors/registry.go. */
export const DETECTORS: readonly RegisteredDetector[] = [
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
].map(labelled);

/** The detector a user gets without choosing. */
export const DEFAULT_DETECTOR = 'auto';

const byId = new Map(DETECTORS.map((d) => [d.id, d]));

export function getDetector(id: string): RegisteredDetector {
  const d = byId.get(id);
  if (!d) {
    throw new DetectorError(
      'unknown_detector',
      `unknown detector "${id}"; valid detectors: ${[...byId.keys()].join(', ')}`
    );
  }
  return d;
}

/**
 * Looks a detector up and resolves its parameters once. Throws DetectorError: 'unknown_detector' for an unknown id,
 * 'invalid_param' for a parameter that is unknown, of the wrong type or out of range, or that breaks a rule between
 * parameters.
 */
export function prepareDetector(id: string, raw?: RawParams): PreparedDetector {
  const d = getDetector(id);
  const p = resolveParams(id, d.params, raw);
  d.validate?.(p);
  return new PreparedDetector(d, p);
}

/** Validates and fills a detector's parameters (defaults for the missing ones); errors as prepareDetector. */
export function resolveDetectorParams(id: string, raw?: RawParams): Params {
  return prepareDetector(id, raw).params;
}

/**
 * Runs a detector on a group of series (prepareDetector, then run): univariate detectors on each series
 * independently, multivariate ones on the group together. Returns one result per input series, in input order.
 */
export function runDetector(id: string, series: readonly Series[], raw?: RawParams): DetectionResult[] {
  return prepareDetector(id, raw).run(series);
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
