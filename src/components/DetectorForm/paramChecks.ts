import {
  COMMON_PARAM_NAMES,
  DetectorError,
  getDetector,
  prepareDetector,
  registryMetadata,
  resolveParams,
  withCommonOptions,
  type CommonOptions,
  type ParamValue,
  type RegistryParamSpec,
} from '../../detectors';

/**
 * What the detector form checks and shows, read from the detector registry, so both editors and the backend agree
 * on what is accepted: the detectors to pick from, each detector's parameters with their readable labels, the
 * registry's own messages for a bad value, and the help text of a parameter.
 */

/** The detector picker's options: one per registered detector, with its description. Built once. */
export const DETECTOR_OPTIONS: ReadonlyArray<{ label: string; value: string; description: string }> =
  registryMetadata().map((d) => ({ label: d.name, value: d.id, description: d.description }));

/** A detector's parameter specs (labelled), or [] for an unknown id. */
export function specsOf(detectorId: string): RegistryParamSpec[] {
  try {
    return getDetector(detectorId).params;
  } catch {
    return [];
  }
}

/**
 * Parameters the editors hold as options of their own rather than in the detector form: the time zone of daily
 * and weekly seasons, which defaults to the dashboard's (the query editor and the transformation editor each have a
 * time zone field and give it to the detectors that take one).
 */
export const CONTEXT_PARAM_NAMES: readonly string[] = ['timezone'];

/** The detector's own parameters (the common options and the context parameters excluded), or [] for an unknown id. */
export function ownParamSpecs(detectorId: string): RegistryParamSpec[] {
  return specsOf(detectorId).filter(
    (s) => !COMMON_PARAM_NAMES.includes(s.name) && !CONTEXT_PARAM_NAMES.includes(s.name)
  );
}

export function specOf(detectorId: string, name: string): RegistryParamSpec | undefined {
  return specsOf(detectorId).find((s) => s.name === name);
}

/**
 * The registry's own message for one parameter value (range, type, options), or undefined when it is valid or
 * unset. Uses the same validation the detectors run.
 */
export function paramError(
  detectorId: string,
  spec: RegistryParamSpec,
  value: ParamValue | undefined
): string | undefined {
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

/**
 * Detector-wide problems (unknown detector, rules between parameters) for a detector's own parameters with the
 * common options laid over them, or undefined.
 */
export function detectorError(
  detectorId: string,
  params: Record<string, ParamValue> | undefined,
  common: CommonOptions
): string | undefined {
  try {
    prepareDetector(detectorId, withCommonOptions(params, common));
    return undefined;
  } catch (e) {
    return e instanceof DetectorError ? e.message : String(e);
  }
}

/** Help text for a parameter: the registry's description plus its default and accepted range. */
export function paramHelp(spec: RegistryParamSpec): string {
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
