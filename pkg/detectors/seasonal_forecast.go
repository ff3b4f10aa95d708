package detectors

import "math"

// forecastSeasonal is seasonal's forecast: the same-phase profile after the last valid point, expected(t) = the
// median of phase(t)'s last `seasons` values, σ(t) = spread(phase)·sqrt(k + 1) with k = ceil((t − last)/P) − 1 whole
// seasons between (the seasonal naive forecast's widening, Hyndman & Athanasopoulos, FPP3 §5.5, Table 5.2), band
// expected ∓ sensitivity·σ. No forecast (NaN everywhere) until the model is warm (seasonalWarm). Twin of
// src/detectors/seasonal_forecast.ts, where the model is explained.
func forecastSeasonal(s Series, p Params, times []int64, out *Forecast) {
	_, st := runSeasonal(s, p)
	if st == nil || !seasonalWarm(st, p.Int("seasons")) {
		return
	}
	z := p.Float("sensitivity")
	for i, t := range times {
		e, spread, ok := st.bandAt(st.phaseAt(t))
		if !ok {
			continue
		}
		k := math.Ceil(float64(t-st.last)/st.period) - 1
		sd := spread * math.Sqrt(k+1)
		out.Expected[i], out.Lower[i], out.Upper[i] = e, e-z*sd, e+z*sd
	}
}

// seasonalWarm reports whether the valid points span `seasons` whole seasons, last − first ≥ seasons·P − B, so every
// phase could have its `seasons` values: before that, the few phases whose history is complete would forecast
// alone from an unfinished profile (docs/forecast.md: a model that is not warm gives NaN everywhere).
func seasonalWarm(st *seasonalState, seasons int) bool {
	return float64(st.last-st.first) >= float64(seasons)*st.period-st.bucket
}
