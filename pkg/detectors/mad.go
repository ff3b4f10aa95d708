package detectors

import "math"

// madScale turns a MAD into a robust standard deviation: for normal data MAD ≈ σ/1.4826. The literal 1.4826 is
// used in all three implementations (this file, src/detectors/mad.ts, scripts/vectors/mad.py), not scipy's
// scale='normal' constant 1/Φ⁻¹(3/4) ≈ 1.482602218505602; the two differ by 1.5e-6 relative.
const madScale = 1.4826

// MAD is the rolling median ± k·1.4826·MAD detector.
//
// For point i, over the `window` valid points before i (the point itself is excluded so a spike cannot move its
// own band):
//
//	expected_i = median,  MAD = median(|x − median|),  lower_i/upper_i = median ∓ sensitivity·1.4826·MAD
//
// Medians follow numpy: the mean of the two middle values for an even count. Median and MAD ignore up to half of
// the window being outliers, so past spikes neither drag the expected value nor widen the band as they do for
// zscore.
//
// Missing (NaN) points are skipped: NaN output, no anomaly, and they do not enter the window. Warm-up: the first
// `window` valid points output NaN. Constant series: MAD = 0, a zero-width band (no division is involved), and
// any deviation scores ScoreCap. More generally, whenever more than half of a window holds the same value its
// MAD is 0 and the band has zero width, so any other value scores ScoreCap (e.g. a counter that is mostly flat);
// this is the definition, kept as is — there is no hidden fallback to another spread.
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
		intParam("window", 60, 3, 100000, "Number of previous points the median and MAD are taken over."),
	}, commonParams(ParamSpec{Description: "Band half-width in robust standard deviations (1.4826·MAD)."})...),
	Warmup: func(p Params) int { return p.Int("window") },
	Detect: detectMAD,
}

func detectMAD(s Series, p Params) Result {
	w := p.Int("window")
	k := p.Float("sensitivity")
	r := emptyResult(len(s.V), w)
	window := NewRankWindow(s.V)
	// Ranks of the window's values, oldest at head once full. A series shorter than the window never fills it,
	// so the ring needs no more than the series' length.
	ring := make([]int, min(w, len(s.V)))
	head := 0
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if window.Len() == w {
			med := window.Median()
			spread := madScale * window.MedianAbsDeviation(med)
			r.Expected[i], r.Lower[i], r.Upper[i] = med, med-k*spread, med+k*spread
			window.Remove(ring[head])
		}
		rank := window.Rank(x)
		window.Add(rank)
		ring[head] = rank
		head++
		if head == w {
			head = 0
		}
	}
	return scoreAgainstBand(s.V, r, p)
}
