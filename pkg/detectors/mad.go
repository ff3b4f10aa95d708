package detectors

import "math"

// madScale turns a MAD into a robust standard deviation: for normal data MAD ≈ σ/1.4826. The literal 1.4826 is
// used in all three implementations (this file, src/detectors/mad.ts, scripts/vectors/mad.py), not scipy's
// scale='normal' constant 1/Φ⁻¹(3/4) ≈ 1.482602218505602; the two differ by 1.5e-6 relative.
const madScale = 1.4826

// MAD is the rolling median ± k·1.4826·MAD detector, over a window in time (zscore's window: the valid points
// j < i with t_j ≥ t_i − window·step, at most `window`; a band once the series has been seen for window·step and
// the window holds max(2, ceil(window/2)) points):
//
//	expected_i = median,  MAD = median(|x − median|),  spread = max(1.4826·MAD, floor(median))
//	lower_i/upper_i = median ∓ sensitivity·spread
//
// Medians follow numpy. Robust by construction (one outlier moves median and MAD by at most one rank), so values
// enter unclipped. The floor (resolution.go) replaces the zero-width band of a window more than half of which
// holds one value. Missing (NaN) points are skipped. Twin of src/detectors/mad.ts.
//
// Cost: O(n log n) time (O(log w · log n) per point), O(n) memory (sorted values, tree, ring of ranks), no
// allocation in the loop. The valid values are sorted once to number them (RankWindow, rank_window.go); that
// uses later values only as an index, never in an output, so outputs stay causal. The window is a Fenwick tree of
// counts over those ranks: the median is an order-statistic descent, the MAD a selection from two sorted
// sequences (values below the median downwards, above it upwards). The loop is hand-written: no library keeps a
// sliding median.
var MAD = &Detector{
	ID:          "mad",
	Name:        "Median absolute deviation",
	Description: "Rolling median ± k robust standard deviations (1.4826·MAD); outliers do not distort the band.",
	Params: append([]ParamSpec{
		intParam("window", 60, 3, 100000, "Steps of time (points at the series step) the median and MAD are taken over."),
	}, commonParams(ParamSpec{Description: "Band half-width in robust standard deviations (1.4826·MAD)."})...),
	Warmup: func(p Params) int { return p.Int("window") },
	Detect: detectMAD,
}

func detectMAD(s Series, p Params) Result {
	w := p.Int("window")
	k := p.Float("sensitivity")
	n := len(s.V)
	r := emptyResult(n, w)
	window := NewRankWindow(s.V)
	minCount := max(2, (w+1)/2)
	// Ranks and times of the window's values, oldest at head. A series shorter than the window never fills it,
	// so the ring needs no more than the series' length.
	size := min(w, n)
	ringRank := make([]int, size)
	ringT := make([]int64, size)
	var steps stepEstimate
	var res resolution
	head := 0
	var first int64
	seen := false
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		t := s.T[i]
		if !seen {
			first, seen = t, true
		}
		span := float64(w) * steps.add(t)
		cutoff := float64(t) - span
		for window.Len() > 0 && float64(ringT[head]) < cutoff {
			window.Remove(ringRank[head])
			if head++; head == size {
				head = 0
			}
		}
		if window.Len() >= minCount && float64(t-first) >= span {
			med := window.Median()
			spread := madScale * window.MedianAbsDeviation(med)
			if f := res.floor(med); f > spread {
				spread = f
			}
			r.Expected[i], r.Lower[i], r.Upper[i] = med, med-k*spread, med+k*spread
		}
		if window.Len() == w {
			window.Remove(ringRank[head])
			if head++; head == size {
				head = 0
			}
		}
		tail := (head + window.Len()) % size
		rank := window.Rank(x)
		window.Add(rank)
		ringRank[tail], ringT[tail] = rank, t
		res.add(x)
	}
	return scoreAgainstBand(s.V, r, p)
}
