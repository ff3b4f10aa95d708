/** One series: timestamps in Unix milliseconds (strictly ascending) and values (NaN = missing). */
export interface Series {
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

/**
 * The detection contract (docs/detection-contract.md): one entry per input point, aligned by index.
 * `score` is >= 0: 0 at the expected value, 1 on the band edge, > 1 outside the band.
 * Warm-up and missing points have NaN expected/lower/upper/score and anomaly 0.
 */
export interface DetectionResult {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  /** 1 = anomalous after direction and minConsecutive rules, 0 otherwise. */
  anomaly: Uint8Array;
  /** Valid points the detector needs before its first output (the warm-up). */
  warmup: number;
}

export type Direction = 'both' | 'up' | 'down';

export type ParamValue = number | string | boolean;

/** Parameters as a caller writes them; absent or null entries take the registry default. */
export type RawParams = Record<string, ParamValue | null | undefined>;

/** Parameters after validation: every parameter of the detector present with its type checked. */
export type Params = Readonly<Record<string, ParamValue>>;
