import type { ForecastValues } from './forecast';
import { seasonalBand, SeasonalState } from './seasonal';
import { Params, Series } from './types';

/**
 * seasonal's forecast: the same-phase profile after the last valid point. For a time t after it, with q its phase
 * on the clock of `timezone`:
 *
 *   expected(t) = the median of the last `seasons` values of phase q (what seasonal expects of a point at t)
 *   σ(t)        = spread(q)·sqrt(k + 1),   k = ceil((t − last)/P) − 1 (whole seasons between the last point and t)
 *   band        = expected ∓ sensitivity·σ(t)
 *
 * with spread(q) the detector's own spread for phase q (pooled leave-one-out deviations, resolution floor). The
 * leave-one-out deviation is the error of predicting one more season from the others, so within the next season
 * (k = 0) the band is the detector's. Further ahead the profile is assumed to drift from season to season like a
 * random walk, which widens the band as the seasonal naive forecast's: σ_h = σ·sqrt(k + 1) (Hyndman &
 * Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., §5.5, Table 5.2). The profile itself repeats:
 * no trend is extrapolated. No forecast (NaN) for a phase whose history is not complete, and none at all until the
 * model is warm (seasonalWarm).
 */
export function forecastSeasonal(series: Series, p: Params, times: ArrayLike<number>, out: ForecastValues): void {
  let state: SeasonalState | undefined;
  seasonalBand(series, p, (s) => (state = s));
  if (state && seasonalWarm(state, p.seasons as number)) {
    writeSeasonalForecast(state, p.sensitivity as number, times, out);
  }
}

/**
 * Whether the valid points span `seasons` whole seasons, last − first ≥ seasons·P − B, so every phase could have its
 * `seasons` values: before that, the few phases whose history is complete would forecast alone from an unfinished
 * profile (docs/forecast.md: a model that is not warm gives NaN everywhere). Twin of seasonalWarm in Go.
 */
function seasonalWarm(state: SeasonalState, seasons: number): boolean {
  return state.last - state.first >= seasons * state.period - state.bucket;
}

function writeSeasonalForecast(state: SeasonalState, z: number, times: ArrayLike<number>, out: ForecastValues): void {
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const band = state.bandAt(state.phaseAt(t));
    if (!band) {
      continue;
    }
    const [e, spread] = band;
    const k = Math.ceil((t - state.last) / state.period) - 1;
    const sd = spread * Math.sqrt(k + 1);
    out.expected[i] = e;
    out.lower[i] = e - z * sd;
    out.upper[i] = e + z * sd;
  }
}
