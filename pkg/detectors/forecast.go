package detectors

import (
	"math"
	"strings"
)

// Forecast is the expected value and band of a series at times after its last point (Unix ms), aligned by index;
// NaN where the detector has no forecast. Twin of Forecast in src/detectors/forecast.ts.
type Forecast struct {
	T                      []int64
	Expected, Lower, Upper []float64
}

type forecaster func(s Series, p Params, times []int64, out *Forecast)

var forecasters = map[string]forecaster{
	"holt_winters": forecastHoltWinters,
	"seasonal":     forecastSeasonal,
	"auto":         forecastAuto,
}

// ForecastDetectors are the detectors that can forecast, in registry order.
var ForecastDetectors = []string{"auto", "holt_winters", "seasonal"}

// CheckForecast returns a CannotForecast error (naming the detectors that can) unless the detector can forecast.
func CheckForecast(detectorID string) error {
	if forecasters[detectorID] == nil {
		return newError(CannotForecast, "%s cannot forecast; the detectors that can are %s", detectorID,
			strings.Join(ForecastDetectors, ", "))
	}
	return nil
}

// ForecastSeries forecasts one series at times (Unix ms, strictly ascending, each after the series' last valid
// point) from the state the prepared detector reaches at that point; the models and their band growth are
// documented in src/detectors/holt_winters_forecast.ts, seasonal_forecast.ts and auto_forecast.ts (docs/forecast.md).
// The detector sees the series as it scores it (a repeated sample counts once). Physical bounds as in the
// detector's band: all valid values >= 0 raise the forecast and band to >= 0, all also <= 1 lower them to <= 1.
//
// Errors (*Error): CannotForecast, InvalidInput or NonFiniteInput for a bad series, InvalidInput for times that are
// not ascending or not after the last valid point. A model that is not warm yet gives NaN, not an error.
func ForecastSeries(p *Prepared, s Series, times []int64) (Forecast, error) {
	id := p.Detector.ID
	if err := CheckForecast(id); err != nil {
		return Forecast{}, err
	}
	beyond, err := validateSeries(id, s, 0)
	if err != nil {
		return Forecast{}, err
	}
	if beyond {
		s = withinMagnitude(s) // as Run does: values beyond ±MaxMagnitude count as that bound
	}
	samples := samplesOf(s)
	last, hasValid := lastValidTime(samples)
	for i, t := range times {
		if (i > 0 && t <= times[i-1]) || (hasValid && t <= last) {
			return Forecast{}, newError(InvalidInput, "%s: forecast times must be strictly ascending and after the "+
				"series' last valid point (index %d)", id, i)
		}
	}
	n := len(times)
	floats := make([]float64, 3*n)
	for i := range floats {
		floats[i] = math.NaN()
	}
	out := Forecast{T: append([]int64(nil), times...), Expected: floats[:n:n], Lower: floats[n : 2*n : 2*n],
		Upper: floats[2*n:]}
	if hasValid {
		forecasters[id](samples, p.Params, times, &out)
		applyForecastBounds(samples.V, &out)
	}
	return out, nil
}

// ForecastTimes is the grid from + k·step, k = 1 … floor(horizon/step) (ms).
func ForecastTimes(from, step, horizon int64) []int64 {
	if step <= 0 || horizon <= 0 {
		return nil
	}
	out := make([]int64, horizon/step)
	for k := range out {
		out[k] = from + int64(k+1)*step
	}
	return out
}

// Threshold is a level a forecast may cross: Above = at or above Value, otherwise at or below.
type Threshold struct {
	Value float64
	Above bool
}

// Reached reports whether x is at or past the threshold (at or above it for Above, at or below otherwise); false
// for NaN. Twin of reachesThreshold in src/detectors/forecast.ts.
func (th Threshold) Reached(x float64) bool {
	if th.Above {
		return x >= th.Value
	}
	return x <= th.Value
}

// Crossing is when a forecast first reaches a threshold (Unix ms; ok false when it does not within the forecast).
type Crossing struct {
	Expected, Band     int64 // the expected value; the band's edge on the threshold's side
	ExpectedOK, BandOK bool
}

// FirstCrossing finds the first forecast times at which the expected value and the band reach the threshold.
func FirstCrossing(f Forecast, th Threshold) Crossing {
	reaches := th.Reached
	edge := f.Lower
	if th.Above {
		edge = f.Upper
	}
	var c Crossing
	for i := 0; i < len(f.T) && !c.ExpectedOK; i++ {
		if !c.BandOK && reaches(edge[i]) {
			c.Band, c.BandOK = f.T[i], true
		}
		if reaches(f.Expected[i]) {
			c.Expected, c.ExpectedOK = f.T[i], true
		}
	}
	return c
}

// samplesOf is the series without its repeated samples (samples.go), as Run scores a univariate detector.
func samplesOf(s Series) Series {
	sources := repeatSources(s)
	if sources == nil {
		return s
	}
	var out Series
	for i, src := range sources {
		if src < 0 {
			out.T = append(out.T, s.T[i])
			out.V = append(out.V, s.V[i])
		}
	}
	return out
}

func lastValidTime(s Series) (int64, bool) {
	for i := len(s.V) - 1; i >= 0; i-- {
		if !math.IsNaN(s.V[i]) {
			return s.T[i], true
		}
	}
	return 0, false
}

// applyForecastBounds applies the detector's physical bounds, decided from every valid value of the series.
func applyForecastBounds(v []float64, f *Forecast) {
	nonNegative, unit := true, true
	for _, x := range v {
		if x < 0 {
			nonNegative = false
		}
		if x < 0 || x > 1 {
			unit = false
		}
	}
	if !nonNegative {
		return
	}
	hi := math.Inf(1)
	if unit {
		hi = 1
	}
	for _, a := range [][]float64{f.Expected, f.Lower, f.Upper} {
		for i, x := range a {
			if x < 0 {
				a[i] = 0
			} else if x > hi {
				a[i] = hi
			}
		}
	}
}
