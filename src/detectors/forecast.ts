import { forecastAuto } from './auto_forecast';
import { DetectorError } from './errors';
import { forecastHoltWinters } from './holt_winters_forecast';
import type { PreparedDetector } from './prepared';
import { repeatSources } from './samples';
import { forecastSeasonal } from './seasonal_forecast';
import { validateSeries, withinMagnitude } from './series';
import { Params, Series } from './types';

/**
 * Forecasting: the expected value and band of a series at times after its last point, from the state its detector
 * reaches at that point. Twin of pkg/detectors/forecast.go; the models and their band growth are documented in
 * holt_winters_forecast.ts, seasonal_forecast.ts and auto_forecast.ts, the vectors are testdata/forecast.json
 * (scripts/vectors/forecast.py, statsmodels' Holt-Winters forecasts and prediction variances).
 */

/** The expected value and band at each forecast time (NaN where the detector has no forecast). */
export interface ForecastValues {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** A forecast: the times asked for (Unix ms) and the values there. */
export interface Forecast extends ForecastValues {
  t: Float64Array;
}

type Forecaster = (series: Series, p: Params, times: ArrayLike<number>, out: ForecastValues) => void;

const FORECASTERS: Readonly<Record<string, Forecaster>> = {
  holt_winters: forecastHoltWinters,
  seasonal: forecastSeasonal,
  auto: forecastAuto,
};

/** The detectors that can forecast, in registry order. */
export const FORECAST_DETECTORS: readonly string[] = ['auto', 'holt_winters', 'seasonal'];

/** Throws 'cannot_forecast' (naming the detectors that can) unless the detector can forecast. */
export function checkForecast(detectorId: string): void {
  if (!FORECASTERS[detectorId]) {
    throw new DetectorError(
      'cannot_forecast',
      `${detectorId} cannot forecast; the detectors that can are ${FORECAST_DETECTORS.join(', ')}`
    );
  }
}

/**
 * Forecasts one series at `times` (Unix ms, strictly ascending, each after the series' last valid point) with a
 * prepared detector's model and parameters. The detector sees the series as it scores it (a repeated sample counts
 * once, samples.ts). Physical bounds as in the detector's band (result.ts): when every valid value of the series is
 * >= 0 the forecast and its band are raised to >= 0, when every value is also <= 1 lowered to <= 1.
 *
 * Errors (DetectorError): 'cannot_forecast' for a detector that cannot forecast (checkForecast), 'invalid_input' or
 * 'non_finite_input' for a bad series (as the detectors) or times that are not finite, not ascending or not after
 * the last valid point. A series whose model is not warm yet (too few points, or a restart after a long gap) gets
 * NaN everywhere, not an error.
 */
export function forecastSeries(detector: PreparedDetector, series: Series, times: ArrayLike<number>): Forecast {
  const id = detector.definition.id;
  checkForecast(id);
  // As PreparedDetector.run: values beyond ±MAX_MAGNITUDE count as that bound.
  const samples = samplesOf(validateSeries(id, series) ? withinMagnitude(series) : series);
  const last = lastValidTime(samples);
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1])) || !(times[i] > last)) {
      throw new DetectorError(
        'invalid_input',
        `${id}: forecast times must be finite, strictly ascending and after the series' last valid point (index ${i})`
      );
    }
  }
  const n = times.length;
  const floats = new Float64Array(3 * n).fill(NaN);
  const out: Forecast = {
    t: Float64Array.from(times),
    expected: floats.subarray(0, n),
    lower: floats.subarray(n, 2 * n),
    upper: floats.subarray(2 * n, 3 * n),
  };
  if (Number.isFinite(last)) {
    FORECASTERS[id](samples, detector.params, times, out);
    applyBounds(samples.v, out);
  }
  return out;
}

/** The grid of forecast times after `from`: from + k·step for k = 1 … floor(horizon/step) (all in ms). */
export function forecastTimes(from: number, step: number, horizon: number): Float64Array {
  const n = step > 0 && horizon > 0 ? Math.floor(horizon / step) : 0;
  const out = new Float64Array(n);
  for (let k = 1; k <= n; k++) {
    out[k - 1] = from + k * step;
  }
  return out;
}

/** A threshold a forecast may cross: `above` = at or above value, `below` = at or below. */
export interface Threshold {
  value: number;
  direction: 'above' | 'below';
}

/** Whether x is at or past the threshold (at or above for `above`, at or below for `below`); false for NaN. Twin of
 * Threshold.Reached in pkg/detectors/forecast.go. */
export function reachesThreshold(x: number, threshold: Threshold): boolean {
  return threshold.direction === 'above' ? x >= threshold.value : x <= threshold.value;
}

/** When a forecast first reaches a threshold: Unix ms, NaN when it does not within the forecast. */
export interface Crossing {
  /** The first time the expected value is at or beyond the threshold. */
  expected: number;
  /** The first time the band's edge on the threshold's side (upper for above, lower for below) is. */
  band: number;
}

/** The first forecast times at which the expected value and the band reach the threshold (NaN values skipped). */
export function firstCrossing(f: Forecast, threshold: Threshold): Crossing {
  const reaches = (x: number) => reachesThreshold(x, threshold);
  const edge = threshold.direction === 'above' ? f.upper : f.lower;
  let expected = NaN;
  let band = NaN;
  for (let i = 0; i < f.t.length && Number.isNaN(expected); i++) {
    if (Number.isNaN(band) && reaches(edge[i])) {
      band = f.t[i];
    }
    if (reaches(f.expected[i])) {
      expected = f.t[i];
    }
  }
  return { expected, band };
}

/** The series without its repeated samples (samples.ts), as the registry runs a univariate detector. */
function samplesOf(series: Series): Series {
  const sources = repeatSources(series);
  if (!sources) {
    return series;
  }
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    if (sources[i] < 0) {
      t.push(series.t[i]);
      v.push(series.v[i]);
    }
  }
  return { t, v };
}

function lastValidTime(series: Series): number {
  for (let i = series.v.length - 1; i >= 0; i--) {
    if (!Number.isNaN(series.v[i])) {
      return series.t[i];
    }
  }
  return -Infinity;
}

/** The detector's physical bounds (result.ts), decided from every valid value of the series. */
function applyBounds(v: ArrayLike<number>, f: ForecastValues): void {
  let nonNegative = true;
  let unit = true;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) {
      nonNegative = false;
    }
    if (v[i] < 0 || v[i] > 1) {
      unit = false;
    }
  }
  if (!nonNegative) {
    return;
  }
  const hi = unit ? 1 : Infinity;
  for (const a of [f.expected, f.lower, f.upper]) {
    for (let i = 0; i < a.length; i++) {
      a[i] = a[i] < 0 ? 0 : a[i] > hi ? hi : a[i];
    }
  }
}
