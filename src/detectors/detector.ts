import { ParamSpec } from './params';
import { DetectionResult, Params, Series } from './types';

/**
 * What every detector module exports. Univariate detectors implement `detect` (one series at a time);
 * multivariate ones implement `detectGroup` (aligned series scored together, one result per series).
 * Both receive validated series and resolved parameters; neither may mutate its input.
 */
export interface DetectorDefinition {
  id: string;
  name: string;
  /** One line for pickers and docs. */
  description: string;
  multivariate: boolean;
  /** Every parameter, the common ones (sensitivity, direction, minConsecutive) included. */
  params: ParamSpec[];
  /** Checks rules between parameters that single specs cannot express; throws DetectorError('invalid_param'). */
  validate?(p: Params): void;
  /** Valid points needed before the first output, for these parameters. */
  warmup(p: Params): number;
  detect?(series: Series, p: Params): DetectionResult;
  detectGroup?(series: readonly Series[], p: Params): DetectionResult[];
}
