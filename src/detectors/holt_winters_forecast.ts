import type { ForecastValues } from './forecast';
import { HoltWintersState, runHoltWinters } from './holt_winters';
import { Params, Series } from './types';

/**
 * The h-step forecast variance of additive Holt-Winters relative to the one-step variance, σ²_h / σ²:
 *
 *   1 + (h − 1)·(α² + α·β·h + β²·h·(2h − 1)/6) + γ·k·(2α + γ + β·m·(k + 1)),   k = floor((h − 1)/m)
 *
 * with α, β, γ the smoothing parameters of the model in error-correction form (level += α·e, trend += β·e,
 * season += γ·e) and m the season length in steps. This is the forecast variance of the ETS(A,A,A) state space model,
 * the model whose point forecasts are additive Holt-Winters': Hyndman, Koehler, Ord & Snyder, "Forecasting with
 * Exponential Smoothing: The State Space Approach" (Springer 2008), Table 6.1 (class 1); also Hyndman &
 * Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), Table 8.8. With γ = 0 (no season) it is the
 * variance of ETS(A,A,N), Holt's linear trend. It assumes independent normal one-step errors of constant variance.
 * statsmodels' ETSModel computes the same (scripts/vectors/forecast.py checks it against this formula).
 *
 * holt_winters' `beta` smooths the trend in Holt's form (trend ← beta·(level change) + (1 − beta)·trend), which in
 * error-correction form is trend += alpha·beta·e: pass alpha·beta as `beta` here.
 */
export function hwVarianceFactor(h: number, alpha: number, beta: number, gamma: number, m: number): number {
  const k = Math.floor((h - 1) / m);
  return (
    1 +
    (h - 1) * (alpha * alpha + alpha * beta * h + (beta * beta * h * (2 * h - 1)) / 6) +
    gamma * k * (2 * alpha + gamma + beta * m * (k + 1))
  );
}

/**
 * Writes the forecast of a fitted holt_winters model at `times` (each after state.last): the point forecast
 *
 *   ŷ(t) = level + trend·Δ + season[slot(t)],   Δ = (t − last)/S steps (the trend in elapsed time, as the detector)
 *
 * and the band ŷ ∓ z·σ_h with σ_h = max(sd·sqrt(hwVarianceFactor(h)), floor(ŷ)), h = max(1, round(Δ)) (sd: the
 * model's one-step standard deviation at the end; floor: the resolution floor the detector's band has). A slot
 * never seen has no forecast (NaN). `smoothing` holds α, β (error-correction form) and γ.
 */
export function writeHoltWintersForecast(
  state: HoltWintersState,
  smoothing: { alpha: number; beta: number; gamma: number },
  z: number,
  times: ArrayLike<number>,
  out: ForecastValues
): void {
  const m = Math.round(state.period / state.step);
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const delta = (t - state.last) / state.step;
    const e = state.level + state.trend * delta + state.season[state.slot(t)];
    if (Number.isNaN(e)) {
      continue;
    }
    const h = Math.max(1, Math.round(delta));
    const sd = state.sd * Math.sqrt(hwVarianceFactor(h, smoothing.alpha, smoothing.beta, smoothing.gamma, m));
    const floor = state.floor(e);
    const spread = sd > floor ? sd : floor;
    out.expected[i] = e;
    out.lower[i] = e - z * spread;
    out.upper[i] = e + z * spread;
  }
}

/**
 * holt_winters' forecast: the detector run over the series (its samples), then writeHoltWintersForecast from its
 * state after the last valid point with z = sensitivity. No forecast (NaN) until the model has a band.
 */
export function forecastHoltWinters(series: Series, p: Params, times: ArrayLike<number>, out: ForecastValues): void {
  const { state } = runHoltWinters(series, p);
  if (!state?.warm) {
    return;
  }
  const alpha = p.alpha as number;
  const smoothing = { alpha, beta: alpha * (p.beta as number), gamma: p.gamma as number };
  writeHoltWintersForecast(state, smoothing, p.sensitivity as number, times, out);
}
