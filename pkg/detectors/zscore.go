package detectors

import "math"

// ZScore is the rolling mean ± k·std detector.
//
// For point i, mean and sample standard deviation (ddof = 1) are taken over the `window` valid points before i
// (the point itself is excluded so a spike cannot widen its own band):
//
//	expected_i = mean,  lower_i/upper_i = mean ∓ sensitivity·std
//
// Missing points are skipped and do not enter the window.
//
// Cost: O(n) time, O(window) memory, no allocation in the loop. Running sums are kept of (x − K) with K the
// first valid value ("shifted data"), so a constant series gives a variance of exactly 0 (zero-width band) and
// large offsets lose no precision.
var ZScore = &Detector{
	ID:          "zscore",
	Name:        "Z-score",
	Description: "Rolling mean ± k standard deviations over the last points; fast, for steady noisy series.",
	Params: append([]ParamSpec{
		intParam("window", 60, 2, 100000, "Number of previous points the mean and standard deviation are taken over."),
	}, commonParams(ParamSpec{Description: "Band half-width in standard deviations."})...),
	Warmup: func(p Params) int { return p.Int("window") },
	Detect: detectZScore,
}

func detectZScore(s Series, p Params) Result {
	w := p.Int("window")
	k := p.Float("sensitivity")
	r := emptyResult(len(s.V), w)
	ring := make([]float64, w)
	head, count := 0, 0
	sum, sumSq := 0.0, 0.0
	shift := nan
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if math.IsNaN(shift) {
			shift = x
		}
		if count == w {
			mean := sum / float64(w)
			variance := (sumSq - sum*mean) / float64(w-1)
			if variance < 0 { // rounding can leave a tiny negative; a branch is cheaper than math.Max here
				variance = 0
			}
			std := math.Sqrt(variance)
			e := mean + shift
			r.Expected[i], r.Lower[i], r.Upper[i] = e, e-k*std, e+k*std
			old := ring[head]
			sum -= old
			sumSq -= old * old
		} else {
			count++
		}
		d := x - shift
		ring[head] = d
		head++
		if head == w {
			head = 0
		}
		sum += d
		sumSq += d * d
	}
	return scoreAgainstBand(s.V, r, p)
}
