import {
  DetectorError,
  getDetector,
  ParamSpec,
  prepareDetector,
  registryMetadata,
  resolveParams,
  withCommonOptions,
} from '../../detectors';
import { ParamValue, VigilQuery } from '../types';

/** Parameters every detector has; the editor shows them once, as top-level query fields. */
export const COMMON_PARAMS = new Set(['sensitivity', 'direction', 'minConsecutive']);

export const DETECTOR_OPTIONS = registryMetadata().map((d) => ({
  label: d.name,
  value: d.id,
  description: d.description,
}));

/** The detector's own parameters (common ones excluded), or [] for an unknown id. */
export function detectorParamSpecs(detectorId: string): ParamSpec[] {
  return specsOf(detectorId).filter((s) => !COMMON_PARAMS.has(s.name));
}

export function specOf(detectorId: string, name: string): ParamSpec | undefined {
  return specsOf(detectorId).find((s) => s.name === name);
}

function specsOf(detectorId: string): ParamSpec[] {
  try {
    return getDetector(detectorId).params;
  } catch {
    return [];
  }
}

/**
 * The registry's own message for one parameter value (range, type, options), or undefined when it is valid.
 * Uses the same validation the detectors run, so the editor and the backend agree on what is accepted.
 */
export function paramError(detectorId: string, spec: ParamSpec, value: ParamValue | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    resolveParams(detectorId, [spec], { [spec.name]: value });
    return undefined;
  } catch (e) {
    return e instanceof DetectorError ? e.message : String(e);
  }
}

/** Detector-wide problems (unknown detector, rules between parameters) with the query's effective parameters. */
export function detectorError(query: VigilQuery): string | undefined {
  try {
    prepareDetector(query.detector?.type ?? 'auto', withCommonOptions(query.detector?.params, query));
    return undefined;
  } catch (e) {
    return e instanceof DetectorError ? e.message : String(e);
  }
}

/** Help text for a parameter: the registry's description plus its default and accepted range. */
export function paramHelp(spec: ParamSpec): string {
  const range =
    spec.options !== undefined
      ? `one of ${spec.options.join(', ')}`
      : spec.min !== undefined || spec.max !== undefined
        ? `${spec.min ?? '−∞'} to ${spec.max ?? '∞'}`
        : '';
  return `${spec.description} Default ${String(spec.default)}${range ? `; ${range}` : ''}.`;
}

/** A number from a text input; text that is not a number is kept so validation can name it. */
export function parseNumberInput(text: string): ParamValue | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}
