package detectors

import "math"

// AutoForecastZ is the band half-width of auto's forecast in standard deviations of the forecast error: auto's
// sensitivity calibrates the ensemble's scores and is no width, so the band is ±3σ (nominal 99.7 % for normal errors).
const AutoForecastZ = 3.0

// The smoothing of auto's forecasting models: holt_winters' defaults.
const (
	autoForecastAlpha    = 0.1
	autoForecastBeta     = 0.01
	autoForecastGamma    = 0.1
	autoForecastHalfLife = 30.0
	maxSeasonSteps       = 100_000 // holt_winters' largest seasonLength
)

// forecastAuto is auto's forecast: additive Holt-Winters (holt_winters with seasonLength = season/step and its
// default smoothing) when auto found a season and that model is warm, else Holt's linear trend (holt_linear.go,
// initialisation windows of auto's quickSteps). Twin of src/detectors/auto_forecast.ts, where the choice is explained.
func forecastAuto(s Series, p Params, times []int64, out *Forecast) {
	c := AutoParams(s, p)
	sm := hwSmoothing{autoForecastAlpha, autoForecastAlpha * autoForecastBeta, autoForecastGamma}
	seasonLength := 0
	if c.Step > 0 {
		seasonLength = int(math.Round(float64(c.Period) * 1000 / c.Step))
	}
	if seasonLength >= 2 && seasonLength <= maxSeasonSteps {
		hp, err := resolveParams("holt_winters", HoltWinters.Params, RawParams{
			"seasonLength": float64(seasonLength), "alpha": autoForecastAlpha, "beta": autoForecastBeta,
			"gamma": autoForecastGamma, "spreadHalfLife": autoForecastHalfLife, "timezone": p.String("timezone"),
		})
		if err == nil {
			if _, h := runHoltWinters(s, hp); h.warm() {
				writeHoltWintersForecast(h, sm, AutoForecastZ, times, out)
				return
			}
		}
	}
	h := runHoltLinear(s, autoForecastAlpha, autoForecastBeta, c.QuickSteps, autoForecastHalfLife)
	if !h.warm() {
		return
	}
	sd := meanAbsToStd * h.meanAbs
	for i, t := range times {
		delta := (float64(t) - h.last) / h.S
		e := h.level + h.trend*delta
		spread := sd * math.Sqrt(hwVarianceFactor(math.Max(1, math.Round(delta)), sm.alpha, sm.beta, 0, 1))
		if f := h.res.floor(e); f > spread {
			spread = f
		}
		out.Expected[i], out.Lower[i], out.Upper[i] = e, e-AutoForecastZ*spread, e+AutoForecastZ*spread
	}
}
