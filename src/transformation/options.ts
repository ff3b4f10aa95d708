// Types only: this module is part of the preloaded app module, which must not pull in the detector library.
import type { Direction, RawParams } from '../detectors';

/** Same as DEFAULT_DETECTOR in src/detectors (a test checks); repeated so the detectors stay code-split. */
export const DEFAULT_DETECTOR_ID = 'auto';

/** Which outputs the transformation adds next to each analysed field. */
export interface AnomalyOutputs {
  expected: boolean;
  /** The `lower` and `upper` fields, drawn as a filled band. */
  band: boolean;
  /** Hidden from the graph, shown in the tooltip and usable by later transformations. */
  score: boolean;
  /** The field value where the point is anomalous, null elsewhere: red points. */
  anomaly: boolean;
}

/** A level whose crossing by the forecast is reported: `above` = reaches value or more, `below` = value or less. */
export interface ForecastThreshold {
  value: number;
  direction: 'above' | 'below';
}

/** The forecast option: the expected value and band continued past the last point (docs/output-frames.md). */
export interface ForecastOption {
  enabled: boolean;
  /** A duration such as 1d; '' = up to the end of the panel's time range. */
  horizon: string;
  /** Adds, per series, the seconds from its last point until the forecast and its band reach the threshold. */
  threshold?: ForecastThreshold;
}

/** Options of the "Anomaly detection" transformation as they are saved in the panel JSON. */
export interface AnomalyTransformOptions {
  /** A detector id from src/detectors (registryMetadata()). */
  detector: string;
  /** The detector's own parameters (not sensitivity/direction/minConsecutive); absent ones take defaults. */
  params: RawParams;
  /** Undefined = the detector's default (it differs between detectors). */
  sensitivity?: number;
  direction: Direction;
  minConsecutive: number;
  /** Display names of the fields to analyse; empty = every numeric field. */
  fields: string[];
  outputs: AnomalyOutputs;
  /** append: keep the analysed fields; replace: drop them (time, other fields and the outputs stay). */
  mode: 'append' | 'replace';
  /**
   * IANA time zone of daily and weekly seasons, given to detectors with a `timezone` parameter. Unset = the
   * dashboard's time zone (Grafana's $__timezone; the browser's where a panel cannot tell, see transformerInfo.ts).
   */
  timezone?: string;
  forecast: ForecastOption;
}

export const DEFAULT_OUTPUTS: AnomalyOutputs = { expected: true, band: true, score: true, anomaly: true };

export const DEFAULT_FORECAST: ForecastOption = { enabled: false, horizon: '' };

export const DEFAULT_OPTIONS: AnomalyTransformOptions = {
  detector: DEFAULT_DETECTOR_ID,
  params: {},
  direction: 'both',
  minConsecutive: 1,
  fields: [],
  outputs: DEFAULT_OUTPUTS,
  mode: 'append',
  forecast: DEFAULT_FORECAST,
};

const NO_PARAMS: RawParams = Object.freeze({});
const ALL_FIELDS: string[] = Object.freeze([]) as unknown as string[];

/**
 * Saved options may be partial or come from an older version: fill every gap with the defaults. The defaults are
 * shared constants, not new objects, so the editor's controls keep their values' identity from render to render.
 */
export function withDefaults(options: Partial<AnomalyTransformOptions> | undefined): AnomalyTransformOptions {
  const o = options ?? {};
  return {
    ...DEFAULT_OPTIONS,
    ...o,
    params: o.params ?? NO_PARAMS,
    fields: o.fields ?? ALL_FIELDS,
    outputs: o.outputs ? { ...DEFAULT_OUTPUTS, ...o.outputs } : DEFAULT_OUTPUTS,
    forecast: o.forecast ? { ...DEFAULT_FORECAST, ...o.forecast } : DEFAULT_FORECAST,
  };
}
