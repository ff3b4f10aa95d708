package detectors

import "math"

// hwVarianceFactor is the h-step forecast variance of additive Holt-Winters relative to the one-step variance,
// σ²_h / σ²:
//
//	1 + (h − 1)·(α² + α·β·h + β²·h·(2h − 1)/6) + γ·k·(2α + γ + β·m·(k + 1)),   k = floor((h − 1)/m)
//
// with α, β, γ the smoothing in error-correction form (level += α·e, trend += β·e, season += γ·e) and m the season
// in steps: the forecast variance of the ETS(A,A,A) state space model (Hyndman, Koehler, Ord & Snyder, "Forecasting
// with Exponential Smoothing: The State Space Approach", Springer 2008, Table 6.1, class 1; Hyndman &
// Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., Table 8.8). γ = 0 gives ETS(A,A,N), Holt's
// linear trend. holt_winters' beta is in Holt's form: pass alpha·beta. Twin of src/detectors/holt_winters_forecast.ts.
func hwVarianceFactor(h, alpha, beta, gamma, m float64) float64 {
	k := math.Floor((h - 1) / m)
	return 1 +
		(h-1)*(alpha*alpha+alpha*beta*h+beta*beta*h*(2*h-1)/6) +
		gamma*k*(2*alpha+gamma+beta*m*(k+1))
}

// hwSmoothing is the smoothing of a Holt-Winters model in error-correction form.
type hwSmoothing struct{ alpha, beta, gamma float64 }

// writeHoltWintersForecast writes the forecast of a fitted holt_winters model at times (each after h.last):
// ŷ(t) = level + trend·Δ + season[slot(t)], Δ = (t − last)/S, and ŷ ∓ z·max(sd·sqrt(hwVarianceFactor(h)), floor(ŷ))
// with h = max(1, round(Δ)). A slot never seen has no forecast. Twin of writeHoltWintersForecast in TypeScript.
func writeHoltWintersForecast(h *hwState, sm hwSmoothing, z float64, times []int64, out *Forecast) {
	m := math.Round(h.P / h.S)
	sd := h.spread.sd()
	for i, t := range times {
		delta := (float64(t) - h.last) / h.S
		e := h.level + h.trend*delta + h.season[h.slot(t)]
		if math.IsNaN(e) {
			continue
		}
		steps := math.Max(1, math.Round(delta))
		spread := sd * math.Sqrt(hwVarianceFactor(steps, sm.alpha, sm.beta, sm.gamma, m))
		if f := h.res.floor(e); f > spread {
			spread = f
		}
		out.Expected[i], out.Lower[i], out.Upper[i] = e, e-z*spread, e+z*spread
	}
}

// forecastHoltWinters is holt_winters' forecast: the detector run over the series, then writeHoltWintersForecast
// from its state with z = sensitivity; nothing until the model has a band.
func forecastHoltWinters(s Series, p Params, times []int64, out *Forecast) {
	_, h := runHoltWinters(s, p)
	if !h.warm() {
		return
	}
	alpha := p.Float("alpha")
	writeHoltWintersForecast(h, hwSmoothing{alpha, alpha * p.Float("beta"), p.Float("gamma")}, p.Float("sensitivity"),
		times, out)
}
