package detectors

import "math"

// EWMA is the exponentially weighted mean ± k·(exponentially weighted standard deviation) detector, with weights
// in time.
//
// A point's weight halves every `halfLife` steps of time (step.go): a point Δt after the previous one is mixed in
// with alpha = 1 − 2^(−Δt/(halfLife·step)) (1 − exp(−ln 2 / halfLife) on a regular series). The state is the
// recursive (pandas adjust=False) weighted mean and variance, started from the first valid point x₀:
//
//	mean = x₀, var = 0, w2 = 1                      (w2 = sum of the squared weights)
//	for each later valid point x:  d = x − mean  (clipped once the band exists)
//	  mean ← mean + alpha·d
//	  var  ← (1 − alpha)·(var + alpha·d²)
//	  w2   ← (1 − alpha)²·w2 + alpha²
//	std = sqrt(var / (1 − w2)),  spread = max(std, floor(mean))  (resolution.go)
//	expected_i = mean,  lower_i/upper_i = mean ∓ sensitivity·spread   (the state BEFORE i)
//
// Robust update: once a point has a band, d enters clipped to ±3·spread; when the next point is also more than 3
// spreads off on the same side, the last update is redone with its full deviation. Warm-up in time: a band once the state
// holds max(2, ceil(halfLife)) steps of time and at least two points; a gap longer than that span restarts the state. Missing points are
// skipped. Twin of src/detectors/ewma.ts.
//
// Cost: O(n) time, O(1) memory, no allocation in the loop.
var EWMA = &Detector{
	ID:          "ewma",
	Name:        "EWMA",
	Description: "Exponentially weighted mean ± k weighted standard deviations; follows slow drift, no window to fill.",
	Params: append([]ParamSpec{
		floatParam("halfLife", 30, 1, 100000,
			"Steps of time (points at the series step) after which a point’s weight in the mean and deviation has halved."),
	}, commonParams(ParamSpec{Description: "Band half-width in exponentially weighted standard deviations."})...),
	Warmup: func(p Params) int { return ewmaWarmup(p.Float("halfLife")) },
	Detect: detectEWMA,
}

func ewmaWarmup(halfLife float64) int {
	return max(2, int(math.Ceil(halfLife)))
}

func detectEWMA(s Series, p Params) Result {
	halfLife := p.Float("halfLife")
	return scoreAgainstBand(s.V, ewmaBand(s, halfLife, p.Float("sensitivity"), ewmaWarmup(halfLife)), p)
}

// ewmaBand is ewma's band before scoring (ensemble uses it as a component, with warmupSteps of state before its
// first band).
func ewmaBand(s Series, halfLife, k float64, warmupSteps int) Result {
	warmup := float64(warmupSteps)
	r := emptyResult(len(s.V), int(warmup))
	var steps stepEstimate
	var res resolution
	count := 0
	var start, last int64
	mean, variance, sumSqWeights := 0.0, 0.0, 1.0
	// The state before the last point and that point's weight and full deviation, while it was clipped.
	pendingSide := 0
	beforeMean, beforeVariance, pendingAlpha, pendingD := 0.0, 0.0, 0.0, 0.0
	var lastGap int64 = -1
	lastStep, alpha := 0.0, 0.0
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		t := s.T[i]
		step := steps.add(t)
		if count > 0 && float64(t-last) > warmup*step {
			count = 0 // a gap longer than the warm-up span: start again
		}
		if count == 0 {
			mean, variance, sumSqWeights = x, 0, 1
			count, start, last = 1, t, t
			pendingSide = 0
			res.add(x)
			continue
		}
		// 1 − 2^(−Δt/(halfLife·step)) without the cancellation of 1 − exp(x) for long half-lives; recomputed only
		// when the spacing (or the step estimate) changes.
		if gap := t - last; gap != lastGap || step != lastStep {
			lastGap, lastStep = gap, step
			alpha = -math.Expm1((-math.Ln2 * (float64(gap) / step)) / halfLife)
		}
		decay := 1 - alpha
		d := x - mean
		side := 0
		if count >= 2 && float64(t-start) >= warmup*step {
			spread := math.Sqrt(variance / (1 - sumSqWeights))
			if f := res.floor(mean); f > spread {
				spread = f
			}
			r.Expected[i], r.Lower[i], r.Upper[i] = mean, mean-k*spread, mean+k*spread
			c := clipSpreads * spread
			if d > c {
				side = 1
			} else if d < -c {
				side = -1
			}
			if side != 0 && side == pendingSide {
				// Two extreme points in a row on one side: redo the last update with its full deviation.
				a := pendingAlpha
				mean = beforeMean + a*pendingD
				variance = (1 - a) * (beforeVariance + a*pendingD*pendingD)
				d = x - mean
			}
			if d > c { // branches, not min/max: the builtins' NaN handling costs in this loop
				d = c
			} else if d < -c {
				d = -c
			}
		}
		pendingSide, beforeMean, beforeVariance, pendingAlpha, pendingD = side, mean, variance, alpha, x-mean
		mean += alpha * d
		variance = decay * (variance + alpha*d*d)
		sumSqWeights = decay*decay*sumSqWeights + alpha*alpha
		count++
		last = t
		res.add(x)
	}
	return r
}
