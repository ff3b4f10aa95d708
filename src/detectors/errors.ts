/**
 * Typed detector errors. The `code` values are shared with the Go twin (pkg/detectors/errors.go) and the
 * vector files (testdata/detectors/*.json); never rename one.
 */
export const ERROR_CODES = [
  'invalid_param', // a parameter is missing its type, out of range, or unknown to the detector
  'invalid_input', // timestamps and values differ in length, or timestamps are not strictly ascending
  'non_finite_input', // a value or timestamp is +Inf/-Inf (NaN means "missing" and is allowed)
  'too_few_points', // a function that cannot answer without enough points (e.g. season detection)
  'too_few_series', // a cross-series detector got fewer series than it needs
  'unknown_detector', // no detector with this id
  'cannot_forecast', // forecasting asked of a detector that has no forecasting model
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DetectorError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'DetectorError';
    this.code = code;
  }
}
