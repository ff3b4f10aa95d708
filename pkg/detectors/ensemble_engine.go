package detectors

import "math"

const (
	// ensembleMinThreshold is the lowest threshold of the combined score (src/detectors/ensemble_engine.ts).
	ensembleMinThreshold = 3.55
	// historySeasons: the score history covers at least this many seasons when there is one (kind 4).
	historySeasons = 3.1
)

// engineSettings are the ensemble's parameters resolved to numbers, and Auto's extras.
type engineSettings struct {
	window, changeWindow, longWindow int
	periodMs                         float64
	timezone                         string
	seasonFrom, quickSteps           int
	minHistory                       int
	adaptMs, sensitivity             float64
	sided                            bool // direction up or down: the band keeps a flagged point on its side
}

// runEnsemble runs the components, their combination, the calibration and the lasting-deviation layer, and
// writes expected/lower/upper (the caller scores). Twin of runEnsemble in src/detectors/ensemble_engine.ts.
func runEnsemble(s Series, o engineSettings) Result {
	n := len(s.V)
	parts := append(levelParts(s, o.window, o.quickSteps), changePart(s, o.changeWindow, o.quickSteps))
	seasonal := -1
	var seasonMean, seasonSwing []float64
	if o.periodMs > 0 {
		var sp ensemblePart
		sp, seasonMean, seasonSwing = seasonalProfile(s, o.periodMs, o.timezone)
		for i := 0; i < min(o.seasonFrom, n); i++ {
			sp.expected[i] = nan
		}
		seasonal = len(parts)
		parts = append(parts, sp)
	}
	C := len(parts)
	r := emptyResult(n, o.quickSteps+o.minHistory)
	es := make([]float64, C)
	ws := make([]float64, C)
	var steps stepEstimate
	var res resolution
	history := newTimedMax()
	var flagged flaggedScores
	sustained := newSustained(o.adaptMs, o.sensitivity)
	historyStart := nan
	reference := -1
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		t := float64(s.T[i])
		step := steps.add(s.T[i])
		m := 0
		sumW, sumWE := 0.0, 0.0
		for c := range parts {
			e, sp := parts[c].expected[i], parts[c].spread[i]
			if math.IsNaN(e) || !(sp > 0) {
				continue
			}
			w := parts[c].weight / sp
			es[m], ws[m] = e, w*w
			sumW += ws[m]
			sumWE += ws[m] * e
			m++
		}
		if m == 0 {
			res.add(x)
			continue
		}
		expected := sumWE / sumW
		sq, spreadSq := 0.0, 0.0
		for c := range m {
			sq += ws[c] * (x - es[c]) * (x - es[c])
			spreadSq += ws[c] * (es[c] - expected) * (es[c] - expected)
		}
		raw := math.Sqrt(sq / float64(m))
		atExpected := spreadSq / float64(m)

		span := float64(o.longWindow) * step
		if o.periodMs > 0 {
			span = max(span, historySeasons*o.periodMs)
		}
		cutoff := t - span
		history.evictBefore(cutoff)
		flagged.evictBefore(cutoff)
		if math.IsNaN(historyStart) {
			historyStart = t
		}
		covered, full := (t-historyStart)/step, span/step
		grow := 1.0
		if covered < full {
			grow = math.Sqrt(math.Log(max(2, full)) / math.Log(max(2, covered)))
		}
		record := max(history.max(), flagged.second()) * grow
		warm := history.pushed >= o.minHistory
		threshold := max(o.sensitivity*record, ensembleMinThreshold)
		pointAnomaly := warm && raw > threshold

		ref := 1 // the EWMA level, or the seasonal component from where it takes part
		if seasonal >= 0 && i >= o.seasonFrom {
			ref = seasonal
		}
		if ref != reference {
			if reference >= 0 {
				sustained = newSustained(o.adaptMs, o.sensitivity) // the reference changes: start afresh
			}
			reference = ref
		}
		center, swing := nan, nan
		if ref == seasonal {
			center, swing = seasonMean[i], seasonSwing[i]
		}
		held := warm && sustained.step(t, x, parts[ref].expected[i], parts[ref].spread[i], pointAnomaly,
			res.floor(x), step, cutoff, grow, ref != seasonal, center, swing)

		if warm {
			// The band (ensemble_band.go): the combined one, the x where raw(x) = threshold,
			// raw² = atExpected + (Σ W/m)(x − expected)²; at flagged points the baseline's.
			half := math.Sqrt(max(0, threshold*threshold-atExpected) * float64(m) / sumW)
			baseE := nan
			if e, sp := parts[ref].expected[i], parts[ref].spread[i]; !math.IsNaN(e) && sp > 0 {
				baseE = sustained.expected
			}
			writeBand(r, i, x, pointAnomaly, held, baseE, sustained.spread, expected, half,
				math.Sqrt(float64(m)/sumW), raw/threshold, o.sensitivity, o.sided)
		}
		if warm && pointAnomaly {
			flagged.push(t, min(raw, threshold))
		} else {
			history.push(t, raw)
		}
		res.add(x)
	}
	return r
}
