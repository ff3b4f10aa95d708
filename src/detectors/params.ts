import { DetectorError } from './errors';
import { Direction, Params, RawParams } from './types';

/** A detector parameter as the registry, the editors and the docs describe it. */
export interface ParamSpec {
  name: string;
  /** Readable name for editors and docs ("Training points"); the registry fills it from PARAM_LABELS. */
  label?: string;
  type: 'int' | 'float' | 'enum' | 'bool' | 'string';
  default: number | string | boolean;
  /** Inclusive bounds for int and float parameters. */
  min?: number;
  max?: number;
  /** Allowed values of an enum parameter. */
  options?: string[];
  description: string;
}

/**
 * The readable names of every detector parameter, by parameter name (a name means the same thing in every detector
 * that has it). One table for all detectors so the labels read alike; the registry puts them on each spec and a test
 * fails when a parameter has none. Twin of paramLabels in pkg/detectors/params.go.
 */
export const PARAM_LABELS: Readonly<Record<string, string>> = {
  trainingPoints: 'Training points',
  window: 'Window (points)',
  period: 'Season (seconds)',
  longWindow: 'Score history (points)',
  changeWindow: 'Change history (points)',
  minHistory: 'Min score history',
  halfLife: 'Half-life (points)',
  seasonLength: 'Season (points)',
  alpha: 'Level smoothing',
  beta: 'Trend smoothing',
  gamma: 'Seasonal smoothing',
  spreadHalfLife: 'Spread half-life (points)',
  seasons: 'Seasons',
  bucket: 'Phase width (seconds)',
  neighbours: 'Neighbour phases',
  recent: 'Recent points',
  retrain: 'Retrain every (points)',
  trees: 'Trees',
  sampleSize: 'Sample size',
  lags: 'Lag features',
  seed: 'Random seed',
  minSpread: 'Min spread',
  sensitivity: 'Sensitivity',
  direction: 'Direction',
  minConsecutive: 'Min consecutive points',
  adaptAfter: 'Adapt after (seconds)',
  timezone: 'Time zone',
};

/** Parameters every detector accepts; `sensitivity` may be given a per-detector default and description. */
export function commonParams(sensitivity: Partial<ParamSpec> = {}): ParamSpec[] {
  return [
    {
      name: 'sensitivity',
      type: 'float',
      default: 3,
      min: 0.1,
      max: 100,
      description:
        'Band half-width in the detector’s spread unit (e.g. standard deviations); larger = fewer anomalies.',
      ...sensitivity,
    },
    {
      name: 'direction',
      type: 'enum',
      default: 'both',
      options: ['both', 'up', 'down'],
      description: 'Which deviations count: above the band (up), below it (down) or both.',
    },
    {
      name: 'minConsecutive',
      type: 'int',
      default: 1,
      min: 1,
      max: 1000,
      description: 'Flag a point only when it is the n-th or later consecutive point outside the band.',
    },
  ];
}

/** Names of the options every detector takes; editors show them as their own controls. */
export const COMMON_PARAM_NAMES: readonly string[] = ['sensitivity', 'direction', 'minConsecutive'];

/** The common options as queries and the transformation hold them, next to a detector's own parameters. */
export interface CommonOptions {
  /** Undefined or null = not set (the detector's default, or the value in its params). */
  sensitivity?: number | null;
  direction?: Direction | null;
  minConsecutive?: number | null;
}

/**
 * A copy of a detector's raw parameters with the set common options laid over them: a set option replaces the same
 * key in `params`, an unset one leaves `params` (or the detector's default) in place. The one place the common
 * options meet a detector's parameters (twin of CommonOptions.Over in pkg/detectors/params.go).
 */
export function withCommonOptions(params: RawParams | undefined, common: CommonOptions): RawParams {
  const out: RawParams = { ...params };
  if (common.sensitivity != null) {
    out.sensitivity = common.sensitivity;
  }
  if (common.direction != null) {
    out.direction = common.direction;
  }
  if (common.minConsecutive != null) {
    out.minConsecutive = common.minConsecutive;
  }
  return out;
}

/**
 * Validates raw parameters against the specs and fills defaults. Unknown names, wrong types and values out of
 * range raise `invalid_param` with a message that names the parameter and the accepted values.
 */
export function resolveParams(detectorId: string, specs: readonly ParamSpec[], raw: RawParams = {}): Params {
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      throw new DetectorError(
        'invalid_param',
        `${detectorId}: unknown parameter "${name}"; valid parameters: ${[...known].join(', ')}`
      );
    }
  }
  const out: Record<string, number | string | boolean> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    out[spec.name] = value === undefined || value === null ? spec.default : checkValue(detectorId, spec, value);
  }
  return out;
}

function checkValue(detectorId: string, spec: ParamSpec, value: number | string | boolean): number | string | boolean {
  const where = `${detectorId}: parameter "${spec.name}"`;
  switch (spec.type) {
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new DetectorError('invalid_param', `${where} must be true or false, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'string':
      if (typeof value !== 'string') {
        throw new DetectorError('invalid_param', `${where} must be a string, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.options!.includes(value)) {
        throw new DetectorError(
          'invalid_param',
          `${where} must be one of ${spec.options!.join(', ')}, got ${JSON.stringify(value)}`
        );
      }
      return value;
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DetectorError('invalid_param', `${where} must be a finite number, got ${JSON.stringify(value)}`);
      }
      if (spec.type === 'int' && !Number.isInteger(value)) {
        throw new DetectorError('invalid_param', `${where} must be a whole number, got ${value}`);
      }
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        throw new DetectorError('invalid_param', `${where} must be between ${spec.min} and ${spec.max}, got ${value}`);
      }
      return value;
    }
  }
}
