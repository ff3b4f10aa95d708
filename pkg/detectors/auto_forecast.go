package detectors

import "math"

// AutoForecastZ is the band half-width of auto's forecast in standard deviations of the forecast error: auto's
// sensitivity calibrates the ensemble's scores and is no width, so the band is ±3σ (nominal 99.7 % for normal errors).
const AutoForecastZ = 3.0

// The smoothing of auto's models: holt_winters' defaults.
const (
	autoForecastAlpha    = 0.1
	autoForecastBeta     = 0.01
	autoForecastGamma    = 0.1
	autoForecastHalfLife = 30.0
	maxSeasonSteps       = 100_000 // holt_winters' largest seasonLength
	trendSeasons         = 7       // whole seasons of history the long-run trend is fitted over, at most
)

// forecastAuto is auto's forecast: with the season found in the whole history and Holt-Winters on it warm, the
// average of Holt-Winters' level + season and the seasonal naive forecast, plus the least-squares slope of the last
// whole seasons (at most 7), band ±3·(σ_HW(h) + σ_SN(k))/2; otherwise Holt's linear trend (holt_linear.go). Twin of
// src/detectors/auto_forecast.ts, where the model and its band are explained.
func forecastAuto(s Series, p Params, times []int64, out *Forecast) {
	withAll := Params{}
	for k, v := range p {
		withAll[k] = v
	}
	withAll["trainingPoints"] = float64(validCount(s.V))
	c := AutoParams(s, withAll)
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
				writeSeasonalCombination(s, h, times, out)
				return
			}
		}
	}
	writeHoltLinear(s, c.QuickSteps, times, out)
}

func writeSeasonalCombination(s Series, h *hwState, times []int64, out *Forecast) {
	P := h.P
	m := math.Round(P / h.S)
	slope := seasonalSlope(s, h.last, P)
	sd := h.spread.sd()
	naiveSd := map[float64]float64{}
	for i, t := range times {
		k := math.Ceil((float64(t) - h.last) / P)
		naive := valueAt(s, float64(t)-k*P)
		e := (h.level+h.season[h.slot(t)]+naive)/2 + slope*(float64(t)-h.last)
		if math.IsNaN(e) {
			continue
		}
		sdN, ok := naiveSd[k]
		if !ok {
			sdN = seasonalNaiveSd(s, k*P)
			naiveSd[k] = sdN
		}
		if math.IsNaN(sdN) {
			continue // the history holds no pair of points k seasons apart
		}
		steps := math.Max(1, math.Round((float64(t)-h.last)/h.S))
		spread := (sd*math.Sqrt(hwVarianceFactor(steps, autoForecastAlpha, 0, autoForecastGamma, m)) + sdN) / 2
		if f := h.res.floor(e); f > spread {
			spread = f
		}
		out.Expected[i], out.Lower[i], out.Upper[i] = e, e-AutoForecastZ*spread, e+AutoForecastZ*spread
	}
}

func writeHoltLinear(s Series, window int, times []int64, out *Forecast) {
	h := runHoltLinear(s, autoForecastAlpha, autoForecastBeta, window, autoForecastHalfLife)
	if !h.warm() {
		return
	}
	sd := h.spread.sd()
	for i, t := range times {
		delta := (float64(t) - h.last) / h.S
		e := h.level + h.trend*delta
		spread := sd * math.Sqrt(hwVarianceFactor(math.Max(1, math.Round(delta)), autoForecastAlpha,
			autoForecastAlpha*autoForecastBeta, 0, 1))
		if f := h.res.floor(e); f > spread {
			spread = f
		}
		out.Expected[i], out.Lower[i], out.Upper[i] = e, e-AutoForecastZ*spread, e+AutoForecastZ*spread
	}
}

func validCount(v []float64) int {
	n := 0
	for _, x := range v {
		if !math.IsNaN(x) {
			n++
		}
	}
	return n
}

// valueAt is the last valid value at or before time tau (binary search), NaN when there is none.
func valueAt(s Series, tau float64) float64 {
	lo, hi := 0, len(s.T)-1
	for lo <= hi {
		mid := (lo + hi) >> 1
		if float64(s.T[mid]) <= tau {
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	for i := hi; i >= 0; i-- {
		if !math.IsNaN(s.V[i]) {
			return s.V[i]
		}
	}
	return math.NaN()
}

// seasonalSlope is the least-squares slope (per ms) over the last whole seasons (at most trendSeasons) before last.
func seasonalSlope(s Series, last, P float64) float64 {
	seasons := math.Min(trendSeasons, math.Floor((last-float64(s.T[0]))/P))
	_, slope := leastSquaresLine(s, last-seasons*P, last)
	if math.IsNaN(slope) {
		return 0
	}
	return slope
}

// leastSquaresLine is the least-squares line of value on time through the valid points with time in (from, origin]:
// its value at origin and its slope per ms (NaN with fewer than two distinct times; the value alone with one point),
// as Prometheus' predict_linear fits it. Twin of leastSquaresLine in src/detectors/auto_forecast.ts.
func leastSquaresLine(s Series, from, origin float64) (value, slope float64) {
	n, meanT, meanV := 0.0, 0.0, 0.0
	for i, ts := range s.T {
		t := float64(ts)
		if t > from && t <= origin && !math.IsNaN(s.V[i]) {
			n++
			meanT += (t - origin - meanT) / n
			meanV += (s.V[i] - meanV) / n
		}
	}
	sxy, sxx := 0.0, 0.0
	for i, ts := range s.T {
		t := float64(ts)
		if t > from && t <= origin && !math.IsNaN(s.V[i]) {
			dt := t - origin - meanT
			sxy += dt * (s.V[i] - meanV)
			sxx += dt * dt
		}
	}
	slope = math.NaN()
	if sxx > 0 {
		slope = sxy / sxx
	}
	if n == 1 {
		return meanV, slope
	}
	return meanV - slope*meanT, slope
}

// seasonalNaiveSd is sqrt(π/2)·(mean |y(t) − y(t − lag)|) over the valid points at least lag after the first one.
func seasonalNaiveSd(s Series, lag float64) float64 {
	sum, n := 0.0, 0
	for i, x := range s.V {
		if math.IsNaN(x) || float64(s.T[i])-lag < float64(s.T[0]) {
			continue
		}
		if before := valueAt(s, float64(s.T[i])-lag); !math.IsNaN(before) {
			sum += math.Abs(x - before)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return meanAbsToStd * sum / float64(n)
}
