package detectors

import "math"

// EWMA is the exponentially weighted mean ± k·(exponentially weighted standard deviation) detector.
//
// The weight of a point halves every `halfLife` valid points: alpha = 1 − exp(−ln 2 / halfLife). The state is
// the recursive (pandas adjust=False) weighted mean and variance, started from the first valid point x₀:
//
//	mean = x₀, var = 0, w2 = 1                      (w2 = sum of the squared weights)
//	for each later valid point x:  d = x − mean
//	  mean ← mean + alpha·d
//	  var  ← (1 − alpha)·(var + alpha·d²)           (weighted variance about the weighted mean)
//	  w2   ← (1 − alpha)²·w2 + alpha²
//	std = sqrt(var / (1 − w2))                      (reliability-weights unbiased)
//
// This is exactly pandas ewm(alpha=alpha, adjust=False).mean() and .var(bias=False) over the valid points; the
// unbiasing corrects the narrow bands the first points would give while x₀ still weighs a lot. For point i the
// band uses the state BEFORE i (causal, and a spike cannot widen its own band); then i updates it:
//
//	expected_i = mean,  lower_i/upper_i = mean ∓ sensitivity·std
//
// Warm-up: max(2, ceil(halfLife)) valid points. After halfLife points the first point still carries half the
// weight, so earlier bands would mostly describe the start of the series. Missing points are skipped: no
// output, no state update, and they do not age the weights. Constant series: deviations are exactly 0 (the mean
// starts at the first value), so var = 0 and the band has zero width; 0 / (1 − w2) needs no guard because
// w2 < 1 from the second point on. Flagged points do enter the state (as in ZScore), so a spike widens the band
// of the points after it a little.
//
// Cost: O(n) time, O(1) memory, no allocation in the loop.
var EWMA = &Detector{
	ID:          "ewma",
	Name:        "EWMA",
	Description: "Exponentially weighted mean ± k weighted standard deviations; follows slow drift, no window to fill.",
	Params: append([]ParamSpec{
		floatParam("halfLife", 30, 1, 100000,
			"Number of points after which a point’s weight in the mean and deviation has halved."),
	}, commonParams(ParamSpec{Description: "Band half-width in exponentially weighted standard deviations."})...),
	Warmup: func(p Params) int { return ewmaWarmup(p.Float("halfLife")) },
	Detect: detectEWMA,
}

func ewmaWarmup(halfLife float64) int {
	return max(2, int(math.Ceil(halfLife)))
}

func detectEWMA(s Series, p Params) Result {
	halfLife := p.Float("halfLife")
	k := p.Float("sensitivity")
	warmup := ewmaWarmup(halfLife)
	// 1 − exp(−ln 2 / halfLife) without the cancellation of 1 − exp(x) for long half-lives.
	alpha := -math.Expm1(-math.Ln2 / halfLife)
	decay := 1 - alpha
	r := emptyResult(len(s.V), warmup)
	count := 0
	mean, variance, sumSqWeights := 0.0, 0.0, 1.0
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if count == 0 {
			mean = x
			count = 1
			continue
		}
		if count >= warmup {
			std := math.Sqrt(variance / (1 - sumSqWeights))
			r.Expected[i], r.Lower[i], r.Upper[i] = mean, mean-k*std, mean+k*std
		}
		d := x - mean
		mean = mean + alpha*d
		variance = decay * (variance + alpha*d*d)
		sumSqWeights = decay*decay*sumSqWeights + alpha*alpha
		count++
	}
	return scoreAgainstBand(s.V, r, p)
}
