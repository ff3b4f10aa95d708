package detectors

import "math"

// LevelShift detects sudden level or slope changes by a two-window comparison.
//
// Over the valid points (NaN points skipped), for the point i at valid position j, with w = window and
// r = recent:
//
//	reference  = the w valid values ending r positions before j, at x = 0 … w − 1
//	recent     = the r valid values ending at j (i included), at x = w … w + r − 1
//	a + b·x    = the least-squares line of the reference
//	expected_i = a + b·(w − 1 + r)  (the line extrapolated to i),  spread = √(Σ residual² / (w − 2))
//	lower_i/upper_i = expected_i ∓ sensitivity·spread  (a band on the point scale, around i's expected value)
//	level_i    = expected_i + mean over the recent window of (value − line)  (the recent window's mean offset)
//	score_i    = the level scored against the band with the shared scoreAgainstBand: 1 = the recent window's
//	             mean offset from the line reaches the band edge
//
// A persistent shift of size D moves the mean offset by D·(shifted points)/r, so a shift of a few band
// half-widths is flagged after a few points; a lone spike of size D only moves it by D/r (r times less than the
// point's own score — a z-score-like detector would score the spike itself). When a slope changes, the points
// drift away from the extrapolated line, which scores the same way. After a shift enters the reference window
// the line tilts and its residuals widen, so flags stop after about r + a few points; no extra rule is needed.
//
// The line is OLS rather than median + Theil–Sen: OLS level and slope come from running sums in O(1) per point
// (Theil–Sen is O(w²)), and the recent mean offset is linear in the line, so it is O(1) too — a median of the
// offsets would need a re-sort each point because the line moves. A spike inside the reference moves the line
// by only spike/w but widens the spread (as in ZScore).
//
// x counts valid points, not time: a NaN gap or a missing timestamp is bridged as if its neighbours were
// adjacent (the usual Prometheus step is regular, so this equals time there).
//
// Warm-up: w + r − 1 valid points. Constant series: running sums are of (x − K) with K a recent value, so a
// constant gives exactly zero slope, spread and offset: a zero-width band and score 0 (the shared scoring caps a
// point off a zero-width band at 100). Cost: O(n) time, O(w + r) memory plus one n-sized level slice, allocated
// before the loop; the sums are recomputed from the ring every w + r points (amortised O(1)), re-anchoring K, so
// rounding does not drift on long series.
var LevelShift = &Detector{
	ID:          "level_shift",
	Name:        "Level shift",
	Description: "Compares the last few points with the trend line of the window before them; for sudden steps.",
	Params: append([]ParamSpec{
		intParam("window", 60, 3, 100000, "Points in the reference window whose trend line gives the expected value."),
		intParam("recent", 5, 1, 1000,
			"Latest points (the current one included) whose mean offset from the trend line is scored."),
	}, commonParams(ParamSpec{
		Description: "Band half-width in residual standard deviations of the reference trend line.",
	})...),
	Warmup: func(p Params) int { return p.Int("window") + p.Int("recent") - 1 },
	Detect: detectLevelShift,
}

func detectLevelShift(s Series, p Params) Result {
	w := p.Int("window")
	rc := p.Int("recent")
	k := p.Float("sensitivity")
	n := len(s.V)
	span := w + rc
	r := emptyResult(n, span-1)
	level := make([]float64, n)
	for i := range level {
		level[i] = nan
	}
	// The last span valid values, raw; when full, ring[head] is the oldest. Reference = the oldest w, recent =
	// the newest rc.
	ring := make([]float64, span)
	head, count := 0, 0
	// Sums of (value − anchor): reference Σy, Σy², Σx·y with x = 0 … w − 1 oldest first; recent Σy.
	anchor, sy, syy, sxy, sr := 0.0, 0.0, 0.0, 0.0, 0.0
	fw := float64(w)
	xMean := (fw - 1) / 2
	sxxCentred := (fw * (fw*fw - 1)) / 12
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if count == span {
			// Slide: the oldest value leaves the reference, the oldest recent value joins it at x = w − 1, x enters.
			oldest := ring[head] - anchor
			moving := ring[(head+w)%span] - anchor
			sy -= oldest
			syy -= oldest * oldest
			sxy -= sy
			sy += moving
			syy += moving * moving
			sxy += (fw - 1) * moving
			sr += x - anchor - moving
		} else {
			count++
		}
		ring[head] = x
		head++
		if head == span {
			head = 0
		}
		if count < span {
			continue
		}
		if head == 0 {
			// The ring is in age order: recompute the sums, anchored at the newest value (bounds rounding drift).
			anchor, sy, syy, sxy, sr = x, 0, 0, 0, 0
			for a := 0; a < w; a++ {
				d := ring[a] - anchor
				sy += d
				syy += d * d
				sxy += float64(a) * d
			}
			for a := w; a < span; a++ {
				sr += ring[a] - anchor
			}
		}
		yMean := sy / fw
		sxyCentred := sxy - xMean*sy
		slope := sxyCentred / sxxCentred
		intercept := yMean - slope*xMean
		sse := math.Max(0, syy-sy*yMean-slope*sxyCentred)
		spread := math.Sqrt(sse / (fw - 2))
		e := intercept + slope*float64(w-1+rc) + anchor
		offset := sr/float64(rc) - (intercept + slope*(fw+float64(rc-1)/2))
		r.Expected[i], r.Lower[i], r.Upper[i] = e, e-k*spread, e+k*spread
		level[i] = e + offset
	}
	// The recent level, not the point, is scored against the point's band; level is NaN exactly where the result
	// has no band or the value is missing, so runs for minConsecutive skip the same points.
	return scoreAgainstBand(level, r, p)
}
