import { leastSquaresLine, valueAt } from '../../src/detectors/auto_forecast';
import { Series } from '../../src/detectors';

/**
 * The two baselines of the forecast bench, from the history up to the forecast origin (times in Unix ms, values NaN
 * where missing):
 *
 * - seasonal naive: the value one season earlier, or k seasons earlier when the forecast reaches beyond one season
 *   (ŷ(t) = y(t − k·P), k = ceil((t − now)/P), the last observed season repeated); y(τ) is the last valid value at
 *   or before τ, as a Prometheus query reads a series at τ (valueAt, the one auto's forecast uses);
 * - linear extrapolation as Prometheus' predict_linear(v[W], t − now): the least-squares line through the valid
 *   samples in (now − W, now], evaluated at t (simple linear regression of value on time; leastSquaresLine).
 */

/** History before the origin: ascending times and their values. */
export type History = Series;

/** Seasonal naive forecasts at `times` from the origin `now` with season P (ms). */
export function seasonalNaive(h: History, now: number, periodMs: number, times: ArrayLike<number>): Float64Array {
  return Float64Array.from(times, (t) => valueAt(h, t - Math.ceil((t - now) / periodMs) * periodMs));
}

/** predict_linear-style forecasts at `times`: least squares over the valid samples in (now − windowMs, now]. */
export function linearExtrapolation(h: History, now: number, windowMs: number, times: ArrayLike<number>): Float64Array {
  const line = leastSquaresLine(h, now - windowMs, now);
  const slope = Number.isNaN(line.slope) ? 0 : line.slope;
  return Float64Array.from(times, (t) => line.value + slope * (t - now));
}

/**
 * The in-sample scale of the mean absolute scaled error (Hyndman & Koehler 2006): the mean |y(t) − y(t − P)| over
 * the valid history points at least one season after the first, i.e. the seasonal naive forecast's one-season error.
 */
export function maseScale(h: History, periodMs: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < h.t.length; i++) {
    if (Number.isNaN(h.v[i]) || h.t[i] - periodMs < h.t[0]) {
      continue;
    }
    const before = valueAt(h, h.t[i] - periodMs);
    if (!Number.isNaN(before)) {
      sum += Math.abs(h.v[i] - before);
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}
