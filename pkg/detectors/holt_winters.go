package detectors

import "math"

// HoltWinters is additive Holt-Winters (triple exponential smoothing) forecast ± k·(spread of its residuals),
// with its season on the clock of a time zone and its trend in elapsed time. Twin of
// src/detectors/holt_winters.ts, where the formulas are written out:
//
//	S = the series step (step.go, frozen at initialisation), P = seasonLength·S, slot q(t) = floor((local(t) mod P)/S)
//	base = l + b·Δ (Δ = elapsed steps),  ŷ = base + s[q],  e = x − ŷ
//	l ← base + alpha·ẽ,  b ← b + alpha·beta·ẽ,  s[q] ← s[q] + gamma·ẽ   (ẽ = e clipped to ±3 spreads once banded)
//	spread = max(sqrt(π/2)·EW mean of |e| (half-life spreadHalfLife steps, clipped), floor(ŷ))
//
// Initialisation from the valid points of [t_f, t_f + P) and [t_f + P, t_f + 2P) once a point lies 2P after the
// first one f; an output once the residuals span max(2, ceil(spreadHalfLife)) steps. After a gap longer than two
// seasons the model starts again.
var HoltWinters = &Detector{
	ID:          "holt_winters",
	Name:        "Holt-Winters",
	Description: "Seasonal forecast (level + trend + season) ± k residual deviations; for daily or weekly cycles.",
	Params: append([]ParamSpec{
		intParam("seasonLength", 24, 2, 100000,
			"Steps in one season (e.g. 24 for a daily cycle at 1-hour steps); warm-up is two seasons."),
		floatParam("alpha", 0.1, 0, 1,
			"Level smoothing: how fast the level follows new points (larger = faster, spikes move it more)."),
		floatParam("beta", 0.01, 0, 1,
			"Trend smoothing: how fast the slope follows changes in the level (0 keeps the initial slope)."),
		floatParam("gamma", 0.1, 0, 1,
			"Seasonal smoothing: how fast each position of the season follows new points."),
		floatParam("spreadHalfLife", 30, 1, 100000,
			"Half-life, in steps of time, of the running mean absolute forecast error that sets the band width."),
		timezoneParam(),
	}, commonParams(ParamSpec{Description: "Band half-width in standard deviations of the one-step forecast error."})...),
	Validate: func(p Params) error { return checkTimeZone("holt_winters", p.String("timezone")) },
	Warmup:   holtWintersWarmup,
	Detect:   detectHoltWinters,
}

func hwResidualWarmup(spreadHalfLife float64) int {
	return max(2, int(math.Ceil(spreadHalfLife)))
}

func holtWintersWarmup(p Params) int {
	return 2*p.Int("seasonLength") + hwResidualWarmup(p.Float("spreadHalfLife"))
}

type hwState struct {
	v                     []float64
	ts                    []int64
	m                     int
	alpha, beta, gamma, k float64
	clock                 *zoneClock
	res                   *resolution
	r                     Result
	season                []float64
	S, P                  float64
	level, trend          float64
	last                  float64 // time of the previous valid point
	spread                residualSpread
}

func (h *hwState) slot(t int64) int {
	q := math.Mod(float64(h.clock.local(t)), h.P)
	if q < 0 {
		q += h.P
	}
	if i := int(math.Floor(q / h.S)); i < h.m {
		return i
	}
	return h.m - 1
}

// update is one step of the recursion for the valid point i; score = collect residuals and output a band.
func (h *hwState) update(i int, score bool) {
	x, t := h.v[i], h.ts[i]
	base := h.level + h.trend*((float64(t)-h.last)/h.S)
	h.last = float64(t)
	q := h.slot(t)
	if math.IsNaN(h.season[q]) {
		h.season[q], h.level = x-base, base
		return
	}
	forecast := base + h.season[q]
	e := x - forecast
	if score {
		size := math.Abs(e)
		if h.spread.warm(float64(t), h.S) {
			spread := h.spread.sd()
			if f := h.res.floor(forecast); f > spread {
				spread = f
			}
			h.r.Expected[i], h.r.Lower[i], h.r.Upper[i] = forecast, forecast-h.k*spread, forecast+h.k*spread
			c := clipSpreads * spread
			size = min(size, c)
			if e < -c {
				e = -c
			} else if e > c {
				e = c
			}
		}
		h.spread.add(float64(t), size, h.S)
	}
	h.level = base + h.alpha*e
	h.trend += h.alpha * h.beta * e
	h.season[q] += h.gamma * e
}

func detectHoltWinters(s Series, p Params) Result {
	r, _ := runHoltWinters(s, p)
	return r
}

// warm reports whether the residuals span the band's warm-up at the end: the model has a band to forecast with.
func (h *hwState) warm() bool {
	return h.S > 0 && h.spread.warm(h.last, h.S)
}

// runHoltWinters is holt_winters' result and its state after the last valid point (holt_winters_forecast.go
// forecasts from it; S == 0 until the model is initialised).
func runHoltWinters(s Series, p Params) (Result, *hwState) {
	m := p.Int("seasonLength")
	h := &hwState{
		v: s.V, ts: s.T, m: m, alpha: p.Float("alpha"), beta: p.Float("beta"), gamma: p.Float("gamma"),
		k: p.Float("sensitivity"),
		spread: residualSpread{halfLife: p.Float("spreadHalfLife"),
			minResiduals: float64(hwResidualWarmup(p.Float("spreadHalfLife")))},
		clock: newZoneClock(p.String("timezone")), res: &resolution{},
		r: emptyResult(len(s.V), holtWintersWarmup(p)), season: make([]float64, m),
	}
	for q := range h.season {
		h.season[q] = nan // slot not seen yet
	}
	var steps stepEstimate
	first := -1
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		step := steps.add(s.T[i])
		if h.S > 0 && float64(s.T[i])-h.last > 2*h.P {
			// A gap longer than two seasons: the model starts again from this point.
			h.S, first = 0, -1
			h.spread.reset()
			for q := range h.season {
				h.season[q] = nan
			}
		}
		if h.S > 0 {
			h.update(i, true)
			h.res.add(x)
			continue
		}
		if first < 0 {
			first = i
		}
		if !(step > 0 && float64(s.T[i]-s.T[first]) >= 2*float64(m)*step) {
			h.res.add(x)
			continue
		}
		// Initialise from the two seasons before this point, filter them, then score this point.
		h.S = step
		h.P = float64(m) * step
		tf := float64(s.T[first])
		mean1, mean2 := spanMeans(s, first, i, h.P)
		for j := first; j < i; j++ {
			tj := float64(s.T[j])
			if math.IsNaN(s.V[j]) || tj >= tf+2*h.P {
				continue
			}
			if q := h.slot(s.T[j]); math.IsNaN(h.season[q]) {
				if tj < tf+h.P {
					h.season[q] = s.V[j] - mean1
				} else {
					h.season[q] = s.V[j] - mean2
				}
			}
		}
		h.level, h.trend = mean1, (mean2-mean1)/float64(m)
		h.last = tf - step // the initial states are those one step before the first point
		for j := first; j < i; j++ {
			if !math.IsNaN(s.V[j]) {
				h.update(j, false)
			}
		}
		h.update(i, true)
		h.res.add(x)
	}
	return scoreAgainstBand(s.V, h.r, p), h
}
