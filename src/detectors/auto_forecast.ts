import { autoParams } from './auto';
import type { ForecastValues } from './forecast';
import { hwVarianceFactor } from './holt_winters_forecast';
import { holtWinters, HoltWintersState, runHoltWinters } from './holt_winters';
import { runHoltLinear } from './holt_linear';
import { resolveParams } from './params';
import { Params, Series } from './types';
import { MEAN_ABS_TO_STD } from './residual_spread';

/**
 * Band half-width of auto's forecast in standard deviations of the forecast error: auto's `sensitivity` calibrates
 * the ensemble's scores and is no width, so the forecast band is ±3σ (nominal coverage 99.7 % for normal errors), the
 * width holt_winters and seasonal draw at their default sensitivity.
 */
export const AUTO_FORECAST_Z = 3;

/** The smoothing of auto's models: holt_winters' defaults (level, trend in Holt's form, season). */
const ALPHA = 0.1;
const BETA = 0.01;
const GAMMA = 0.1;
const HALF_LIFE = 30;
/** holt_winters' largest seasonLength. */
const MAX_SEASON_STEPS = 100_000;
/** Whole seasons of history the long-run trend is fitted over, at most. */
const TREND_SEASONS = 7;
/**
 * auto's forecast. The ensemble that scores auto has no state to extrapolate (it is a calibrated vote of windows), so
 * auto forecasts with what it finds in the series: autoParams with the season searched in the whole history
 * (detectSeason over every valid point; the detector searches only its first `trainingPoints` to stay causal, a
 * forecast is made once, from the end).
 *
 * With a season P (a day or longer; m = P/step steps), once Holt-Winters on it is warm, the average of two forecasts
 * of the season plus the long-run trend, for t after the last valid point (time `last`):
 *
 *   F(t) = (level + season[slot(t)]  +  y(t − k·P)) / 2  +  slope·(t − last),   k = ceil((t − last)/P)
 *
 * - level + season: additive Holt-Winters (holt_winters with seasonLength m and its default smoothing, alpha 0.1,
 *   beta 0.01, gamma 0.1, on auto's time zone) after the last point. Its level follows the last hours, which short
 *   horizons need. Its own trend is not extrapolated: over a day or more it follows the daily and weekly swings more
 *   than any lasting growth, and a day of it multiplied by a day of steps ruins the forecast.
 * - y(t − k·P): the seasonal naive forecast, the last valid value at or before the same time in the last season
 *   observed. It carries the season's current shape and amplitude, which long horizons need.
 * - slope: the least-squares slope over the valid points of the last whole seasons (at most 7) of history, so the
 *   season averages out of it: the lasting growth a capacity forecast extrapolates (a disk that fills by day).
 *
 * An average of forecasts whose errors differ is more accurate than either on average (Bates & Granger 1969; the
 * M competitions): here Holt-Winters wins within hours and the last season beyond a day (bench/forecast,
 * BENCHMARKS.md). The band is ±AUTO_FORECAST_Z·σ(t) with σ(t) = (σ_HW(h) + σ_SN(k))/2: the standard deviation of an
 * average of two errors is at most the average of their standard deviations, whatever their correlation.
 * σ_HW(h) = sd·sqrt(hwVarianceFactor(h) with β = 0) (holt_winters_forecast.ts: ETS(A,N,A), as the trend is not
 * extrapolated) and σ_SN(k) = sqrt(π/2)·(mean |y(t) − y(t − k·P)| over the history): the seasonal naive forecast's
 * own k-season error. The slope's own uncertainty is not in the band.
 *
 * Without a season (or before Holt-Winters is warm: two seasons and its spread's warm-up): Holt's linear trend
 * (holt_linear.ts: level and trend extrapolated, the same smoothing, initialised from two windows of auto's
 * quickSteps) with the ETS(A,A,N) band. No forecast (NaN) while neither model is warm.
 */
export function forecastAuto(series: Series, p: Params, times: ArrayLike<number>, out: ForecastValues): void {
  const choice = autoParams(series, { ...p, trainingPoints: validCount(series.v) });
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
      writeSeasonalCombination(series, state, times, out);
      return;
    }
  }
  writeHoltLinear(series, choice.quickSteps, times, out);
}

function writeSeasonalCombination(
  series: Series,
  hw: HoltWintersState,
  times: ArrayLike<number>,
  out: ForecastValues
): void {
  const P = hw.period;
  const m = Math.round(P / hw.step);
  const slope = seasonalSlope(series, hw.last, P);
  const naiveSd: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const k = Math.ceil((t - hw.last) / P);
    const naive = valueAt(series, t - k * P);
    const e = (hw.level + hw.season[hw.slot(t)] + naive) / 2 + slope * (t - hw.last);
    if (Number.isNaN(e)) {
      continue;
    }
    naiveSd[k] ??= seasonalNaiveSd(series, k * P);
    if (Number.isNaN(naiveSd[k])) {
      continue; // the history holds no pair of points k seasons apart
    }
    const h = Math.max(1, Math.round((t - hw.last) / hw.step));
    const sdHW = hw.sd * Math.sqrt(hwVarianceFactor(h, ALPHA, 0, GAMMA, m));
    const sd = (sdHW + naiveSd[k]) / 2;
    const floor = hw.floor(e);
    const spread = sd > floor ? sd : floor;
    out.expected[i] = e;
    out.lower[i] = e - AUTO_FORECAST_Z * spread;
    out.upper[i] = e + AUTO_FORECAST_Z * spread;
  }
}

function writeHoltLinear(series: Series, window: number, times: ArrayLike<number>, out: ForecastValues): void {
  const state = runHoltLinear(series, { alpha: ALPHA, beta: BETA, window, halfLife: HALF_LIFE });
  if (!state?.warm) {
    return;
  }
  for (let i = 0; i < times.length; i++) {
    const delta = (times[i] - state.last) / state.step;
    const e = state.level + state.trend * delta;
    const h = Math.max(1, Math.round(delta));
    const sd = state.sd * Math.sqrt(hwVarianceFactor(h, ALPHA, ALPHA * BETA, 0, 1));
    const floor = state.floor(e);
    const spread = sd > floor ? sd : floor;
    out.expected[i] = e;
    out.lower[i] = e - AUTO_FORECAST_Z * spread;
    out.upper[i] = e + AUTO_FORECAST_Z * spread;
  }
}

function validCount(v: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) {
      n++;
    }
  }
  return n;
}

/** The last valid value at or before time τ (binary search over the ascending times), NaN when there is none. */
export function valueAt(series: Series, tau: number): number {
  const { t, v } = series;
  let lo = 0;
  let hi = t.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= tau) {
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = hi; i >= 0; i--) {
    if (!Number.isNaN(v[i])) {
      return v[i];
    }
  }
  return NaN;
}

/** Least-squares slope (per ms) over the valid points in the last whole seasons (at most TREND_SEASONS) before `last`. */
function seasonalSlope(series: Series, last: number, P: number): number {
  const seasons = Math.min(TREND_SEASONS, Math.floor((last - series.t[0]) / P));
  const slope = leastSquaresLine(series, last - seasons * P, last).slope;
  return Number.isNaN(slope) ? 0 : slope;
}

/**
 * The least-squares line of value on time through the valid points with time in (from, origin]: its value at
 * `origin` and its slope per ms (NaN with fewer than two distinct times; the value alone with one point). Times are
 * taken relative to `origin` so the sums stay small. This is what Prometheus' predict_linear fits.
 */
export function leastSquaresLine(series: Series, from: number, origin: number): { value: number; slope: number } {
  const { t, v } = series;
  let n = 0;
  let meanT = 0;
  let meanV = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] > from && t[i] <= origin && !Number.isNaN(v[i])) {
      n++;
      meanT += (t[i] - origin - meanT) / n;
      meanV += (v[i] - meanV) / n;
    }
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] > from && t[i] <= origin && !Number.isNaN(v[i])) {
      const dt = t[i] - origin - meanT;
      sxy += dt * (v[i] - meanV);
      sxx += dt * dt;
    }
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { value: n === 1 ? meanV : meanV - slope * meanT, slope };
}

/** sqrt(π/2)·(mean |y(t) − y(t − lag)|) over the valid points at least `lag` after the first one. */
function seasonalNaiveSd(series: Series, lag: number): number {
  const { t, v } = series;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (Number.isNaN(v[i]) || t[i] - lag < t[0]) {
      continue;
    }
    const before = valueAt(series, t[i] - lag);
    if (!Number.isNaN(before)) {
      sum += Math.abs(v[i] - before);
      n++;
    }
  }
  return n > 0 ? (MEAN_ABS_TO_STD * sum) / n : NaN;
}
