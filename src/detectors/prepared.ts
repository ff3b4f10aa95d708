import { DetectorDefinition } from './detector';
import { detectSamples } from './samples';
import { validateSeries, withinMagnitude } from './series';
import { DetectionResult, Params, Series } from './types';

/**
 * A detector looked up and its parameters validated once (see prepareDetector in registry.ts), ready to run on any
 * number of series. The transformation prepares one per run and scores every field with it; preparing costs a
 * registry lookup and a parameter check, running costs only the detector. Twin of detectors.Prepared in Go.
 */
export class PreparedDetector {
  /** Valid points the detector needs before its first output, for these parameters (an upper bound where it
   * depends on the series; each result's `warmup` is exact). */
  readonly warmup: number;

  constructor(
    readonly definition: DetectorDefinition,
    /** Resolved parameters: every parameter of the detector present, defaults filled. */
    readonly params: Params
  ) {
    this.warmup = definition.warmup(params);
  }

  /**
   * Scores a group of series: a univariate detector each series on its own, on its samples (a repeated sample
   * counts once: samples.ts), a multivariate one the group together. One result per input series, in input order.
   * Every series is checked first (equal lengths, strictly ascending times, no ±Inf: DetectorError 'invalid_input'
   * or 'non_finite_input'); values beyond ±MAX_MAGNITUDE are detected as that bound (series.ts); inputs are never
   * changed.
   */
  run(input: readonly Series[]): DetectionResult[] {
    const beyond = input.map((s, i) => validateSeries(this.definition.id, s, i));
    const series = beyond.some(Boolean) ? input.map((s, i) => (beyond[i] ? withinMagnitude(s) : s)) : input;
    const d = this.definition;
    if (d.detectGroup) {
      return d.detectGroup(series, this.params);
    }
    return series.map((s) => detectSamples(d.detect!, s, this.params));
  }

  /** Scores one series (a multivariate detector fails with 'too_few_series'). */
  runOne(series: Series): DetectionResult {
    return this.run([series])[0];
  }
}
