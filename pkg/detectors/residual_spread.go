package detectors

import "math"

// meanAbsToStd is sqrt(π/2): the mean absolute value of a normal variable times this is its standard deviation.
var meanAbsToStd = math.Sqrt(math.Pi / 2)

// residualSpread is the spread of a Holt model's one-step residuals (holt_winters.go, holt_linear.go): sqrt(π/2) ×
// the mean of |e| with weights halving every halfLife steps of time (for normal errors E|e| = σ·sqrt(2/π)), warm
// once at least two residuals span minResiduals steps. Times and steps in ms. Twin of ResidualSpread in
// src/detectors/residual_spread.ts.
type residualSpread struct {
	halfLife, minResiduals   float64
	count                    int
	first, previous, meanAbs float64
}

// reset forgets every residual (the model starts again after a gap).
func (r *residualSpread) reset() { r.count = 0 }

// warm reports whether the residuals seen up to time t span the warm-up at step S.
func (r *residualSpread) warm(t, S float64) bool {
	return r.count >= 2 && t-r.first >= r.minResiduals*S
}

// sd is the spread in the series' unit, before any resolution floor.
func (r *residualSpread) sd() float64 { return meanAbsToStd * r.meanAbs }

// add adds a residual's size |e| (already clipped by the caller) seen at time t, step S.
func (r *residualSpread) add(t, size, S float64) {
	if r.count == 0 {
		r.meanAbs, r.first = size, t
	} else {
		a := -math.Expm1((-math.Ln2 * ((t - r.previous) / S)) / r.halfLife)
		r.meanAbs += a * (size - r.meanAbs)
	}
	r.previous = t
	r.count++
}
