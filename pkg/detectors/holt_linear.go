package detectors

import "math"

// holtLinear is Holt's linear trend model (additive level and trend, no season; ETS(A,A,N) point forecasts) run over
// a series in time, as holt_winters runs without its season: auto's forecasting model for series without a season.
// Twin of src/detectors/holt_linear.ts, where the recursion, initialisation and spread are written out.
type holtLinear struct {
	alpha, beta, window   float64
	S, level, trend, last float64
	spread                residualSpread
	res                   resolution
}

// runHoltLinear runs the model over s; S stays 0 until it is initialised.
func runHoltLinear(s Series, alpha, beta float64, window int, halfLife float64) *holtLinear {
	h := &holtLinear{alpha: alpha, beta: beta, window: float64(window),
		spread: residualSpread{halfLife: halfLife, minResiduals: float64(max(2, int(math.Ceil(halfLife))))}}
	update := func(i int, score bool) {
		t := float64(s.T[i])
		base := h.level + h.trend*((t-h.last)/h.S)
		h.last = t
		e := s.V[i] - base
		if score {
			size := math.Abs(e)
			if h.spread.warm(t, h.S) {
				spread := h.spread.sd()
				if f := h.res.floor(base); f > spread {
					spread = f
				}
				c := clipSpreads * spread
				size = min(size, c)
				if e < -c {
					e = -c
				} else if e > c {
					e = c
				}
			}
			h.spread.add(t, size, h.S)
		}
		h.level = base + h.alpha*e
		h.trend += h.alpha * h.beta * e
	}
	var steps stepEstimate
	first := -1
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		step := steps.add(s.T[i])
		if h.S > 0 && float64(s.T[i])-h.last > 2*h.window*h.S {
			h.S, first = 0, -1 // a gap longer than the initialisation span: start again
			h.spread.reset()
		}
		if h.S > 0 {
			update(i, true)
			h.res.add(x)
			continue
		}
		if first < 0 {
			first = i
		}
		if !(step > 0 && float64(s.T[i]-s.T[first]) >= 2*h.window*step) {
			h.res.add(x)
			continue
		}
		h.S = step
		tf := float64(s.T[first])
		mean1, mean2 := spanMeans(s, first, i, h.window*step)
		h.level, h.trend = mean1, (mean2-mean1)/h.window
		h.last = tf - step
		for j := first; j < i; j++ {
			if !math.IsNaN(s.V[j]) {
				update(j, false)
			}
		}
		update(i, true)
		h.res.add(x)
	}
	return h
}

// warm reports whether the residuals span the spread's warm-up at the end.
func (h *holtLinear) warm() bool {
	return h.S > 0 && h.spread.warm(h.last, h.S)
}
