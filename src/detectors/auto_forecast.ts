import { autoParams } from './auto';
import type { ForecastValues } from './forecast';
import { hwVarianceFactor, writeHoltWintersForecast } from './holt_winters_forecast';
import { holtWinters, runHoltWinters } from './holt_winters';
import { runHoltLinear } from './holt_linear';
import { resolveParams } from './params';
import { Params, Series } from './types';

/**
 * Band half-width of auto's forecast in standard deviations of the forecast error: auto's `sensitivity` calibrates
 * the ensemble's scores and is no width, so the forecast band is ±3σ (nominal coverage 99.7 % for normal errors), the
 * width holt_winters and seasonal draw at their default sensitivity.
 */
export const AUTO_FORECAST_Z = 3;

/** The smoothing of auto's forecasting models: holt_winters' defaults (level, trend in Holt's form, season). */
const ALPHA = 0.1;
const BETA = 0.01;
const GAMMA = 0.1;
const HALF_LIFE = 30;
/** holt_winters' largest seasonLength. */
const MAX_SEASON_STEPS = 100_000;

/**
 * auto's forecast. The ensemble that scores auto has no state to extrapolate (it is a calibrated vote of windows), so
 * auto forecasts with the model of the same family that fits what it found in the series (autoParams):
 *
 * - a season (a day or longer): additive Holt-Winters, holt_winters with seasonLength = season / step and its default
 *   smoothing (alpha 0.1, beta 0.01, gamma 0.1, spread half-life 30 steps), on auto's time zone; level, trend and
 *   the daily (or weekly) shape are all extrapolated, so a disk that fills faster by day is forecast as it fills;
 * - no season, or Holt-Winters not warm yet (it needs two seasons and its spread's warm-up): Holt's linear trend
 *   (holt_linear.ts) with the same smoothing, initialised from two windows of an hour of steps each (auto's
 *   quickSteps, 30 to 720 steps).
 *
 * The band is ±AUTO_FORECAST_Z standard deviations of the h-step error of that model (hwVarianceFactor; γ = 0 for
 * Holt's linear trend). No forecast (NaN) while neither model is warm.
 */
export function forecastAuto(series: Series, p: Params, times: ArrayLike<number>, out: ForecastValues): void {
  const choice = autoParams(series, p);
  const smoothing = { alpha: ALPHA, beta: ALPHA * BETA, gamma: GAMMA };
  const seasonLength = choice.step > 0 ? Math.round((choice.period * 1000) / choice.step) : 0;
  if (seasonLength >= 2 && seasonLength <= MAX_SEASON_STEPS) {
    const hwParams = resolveParams('holt_winters', holtWinters.params, {
      seasonLength,
      alpha: ALPHA,
      beta: BETA,
      gamma: GAMMA,
      spreadHalfLife: HALF_LIFE,
      timezone: p.timezone,
    });
    const { state } = runHoltWinters(series, hwParams);
    if (state?.warm) {
      writeHoltWintersForecast(state, smoothing, AUTO_FORECAST_Z, times, out);
      return;
    }
  }
  const state = runHoltLinear(series, { alpha: ALPHA, beta: BETA, window: choice.quickSteps, halfLife: HALF_LIFE });
  if (!state?.warm) {
    return;
  }
  for (let i = 0; i < times.length; i++) {
    const delta = (times[i] - state.last) / state.step;
    const e = state.level + state.trend * delta;
    const h = Math.max(1, Math.round(delta));
    const sd = state.sd * Math.sqrt(hwVarianceFactor(h, smoothing.alpha, smoothing.beta, 0, 1));
    const floor = state.floor(e);
    const spread = sd > floor ? sd : floor;
    out.expected[i] = e;
    out.lower[i] = e - AUTO_FORECAST_Z * spread;
    out.upper[i] = e + AUTO_FORECAST_Z * spread;
  }
}
