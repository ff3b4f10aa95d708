package detectors

import "math"

// clipSpreads: values enter a window clipped to this many spreads from the expected value they were scored
// against, so an outlier weighs like a point on the default band's edge (src/detectors/zscore.ts CLIP_SPREADS).
const clipSpreads = 3.0

// ZScore is the rolling mean ± k·std detector, over a window in time.
//
// Window: the step is the median of the series' first gaps (step.go) and the window covers the last
// W = window·step ms: for point i it holds the valid points j < i with t_j ≥ t_i − W, at most `window` of them
// (points leave it when older and do not come back). Warm-up in time: a band once the series has been seen for W
// and the window holds at least max(2, ceil(window/2)) points.
//
//	mean, std = mean and sample standard deviation (ddof = 1) of the window's entries
//	spread    = max(std, floor(mean))      (resolution.go)
//	expected_i = mean,  lower_i/upper_i = mean ∓ sensitivity·spread
//
// The point itself is excluded. Robust update: a point that got a band enters the window as
// min(max(x, mean − 3·spread), mean + 3·spread); when the next point is also more than 3 spreads off on the same
// side, the entry is restored to its value (it was not a lone outlier). Warm-up points enter as they are.
// Missing points are skipped.
//
// Cost: O(n) time, O(window) memory, no allocation in the loop. Running sums of (x − K), K the first valid value,
// recomputed from the ring whenever it has turned over. Twin of src/detectors/zscore.ts.
var ZScore = &Detector{
	ID:          "zscore",
	Name:        "Z-score",
	Description: "Rolling mean ± k standard deviations over the last points; fast, for steady noisy series.",
	Params: append([]ParamSpec{
		intParam("window", 60, 2, 100000,
			"Steps of time (points at the series step) the mean and standard deviation are taken over."),
	}, commonParams(ParamSpec{Description: "Band half-width in standard deviations."})...),
	Warmup: func(p Params) int { return p.Int("window") },
	Detect: detectZScore,
}

func detectZScore(s Series, p Params) Result {
	return scoreAgainstBand(s.V, zscoreBand(s, p.Int("window"), p.Float("sensitivity"), p.Int("window")), p)
}

// zscoreBand is zscore's band before scoring (ensemble uses it as a component, with warmupSteps of data before
// its first band: an expanding window until the full one).
func zscoreBand(s Series, window int, k float64, warmupSteps int) Result {
	r := emptyResult(len(s.V), window)
	minCount := max(2, (min(window, warmupSteps)+1)/2)
	ringT := make([]int64, window)
	ringD := make([]float64, window) // entries minus shift
	var steps stepEstimate
	var res resolution
	head, count := 0, 0
	sum, sumSq := 0.0, 0.0
	shift := nan
	var first int64
	// The last entry, when it was clipped: where it is, what was cut off, and on which side.
	pendingSlot, pendingSide := -1, 0
	var pendingT int64
	pendingExcess := 0.0
	dropOldest := func() {
		old := ringD[head]
		sum -= old
		sumSq -= old * old
		if head++; head == window {
			head = 0
		}
		count--
	}
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		t := s.T[i]
		if math.IsNaN(shift) {
			shift, first = x, t
		}
		step := steps.add(t)
		span := float64(window) * step
		cutoff := float64(t) - span
		for count > 0 && float64(ringT[head]) < cutoff {
			dropOldest()
		}
		d := x - shift
		side := 0
		if count >= minCount && float64(t-first) >= float64(warmupSteps)*step {
			mean := sum / float64(count)
			variance := (sumSq - sum*mean) / float64(count-1)
			if variance < 0 { // rounding can leave a tiny negative
				variance = 0
			}
			e := mean + shift
			spread := math.Sqrt(variance)
			if f := res.floor(e); f > spread {
				spread = f
			}
			r.Expected[i], r.Lower[i], r.Upper[i] = e, e-k*spread, e+k*spread
			lo, hi := mean-clipSpreads*spread, mean+clipSpreads*spread
			if d > hi {
				side = 1
			} else if d < lo {
				side = -1
			}
			if side != 0 && side == pendingSide && count > 0 && ringT[pendingSlot] == pendingT {
				// Two extreme points in a row on one side: the last one was not a lone outlier; it counts in full.
				clipped := ringD[pendingSlot]
				raw := clipped + pendingExcess
				ringD[pendingSlot] = raw
				sum += pendingExcess
				sumSq += raw*raw - clipped*clipped
			}
			if side > 0 { // a branch, not min/max: the builtins' NaN handling costs in this loop
				d = hi
			} else if side < 0 {
				d = lo
			}
		}
		excess := x - shift - d
		if count == window {
			dropOldest()
		}
		tail := head + count
		if tail >= window {
			tail -= window
		}
		ringT[tail], ringD[tail] = t, d
		pendingSlot, pendingT, pendingExcess, pendingSide = tail, t, excess, side
		count++
		sum += d
		sumSq += d * d
		if tail == window-1 && head == 0 {
			sum, sumSq = 0, 0
			for j := range count {
				sum += ringD[j]
				sumSq += ringD[j] * ringD[j]
			}
		}
		res.add(x)
	}
	return r
}
