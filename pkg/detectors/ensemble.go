package detectors

import (
	"math"
	"slices"
)

// Ensemble combines several detectors' scores and calibrates them against their own history; it is what `auto`
// runs and the product default.
//
//  1. Components run on the series with sensitivity 1, so each one's score is its plain normalised deviation
//     |x − e_c| / s_c: zscore over `window` points, ewma with half-life window/4, a change component, and
//     seasonal (the same phase over the last 8 seasons, spread pooled over ±2 neighbouring phases) when
//     `period` > 0. The change component is zscore over the last `changeWindow` point-to-point changes
//     d_i = x_i − (the previous valid value): e = previous value + mean change, s = standard deviation of the
//     changes. It follows a daily cycle that the window components take into their spread (a 6σ spike on a
//     large cycle hides inside their band) and is not warm before changeWindow points; its long window keeps
//     bursty series' ordinary jumps inside its spread. Components whose spread is 0 at a point (a flat window)
//     sit out that point unless all do. (No mad component: its spread is 0 whenever half a window repeats one
//     value, and on NAB it cost more false alarms than it found anomalies.)
//  2. Combined raw score r_i = f(x_i), with f(x) = (1/C)·Σ u_c·|x − e_c|/s_c over the C components present at
//     the point: the mean of the component scores, with the change component counted u = 1.5 times (the others
//     u = 1). So the unit of the score and of the threshold below is "spreads off, on average over components".
//  3. Calibration against the score's own history ("a new record"): a_i = mean of the last `shortWindow` raw
//     scores; M = the largest of the previous `longWindow` a-values; threshold T = max(sensitivity·M, 3.55). The
//     point is anomalous when a_i > T. This adapts to each series' own tail, which a mean ± k·σ rule on the
//     heavy-tailed scores does not. a-values enter the history clipped at T, so an anomaly raises the bar for
//     the points after it only by the factor sensitivity and does not hide the next anomaly for longWindow
//     points. shortWindow defaults to 1 (each point judged on its own score, no echo after a spike).
//  4. The band is that rule in the value's units: r* = shortWindow·T − (sum of the previous shortWindow − 1 raw
//     scores); lower/upper are the two solutions of f(x) = r* (f is convex, piecewise linear); expected is the
//     minimiser of f (the u_c/s_c-weighted median of the component expectations). The score (via the band)
//     exceeds 1 exactly when a_i > T. When r* <= f(expected) the band closes on expected.
//
// Defaults and components were chosen on the NAB benchmark (bench/nab) and the scenario suite (bench/scenarios),
// one parameter set for each whole corpus.
//
// Warm-up: the longest component warm-up (seasonal and change components excluded: until they are warm the
// others carry the point), plus shortWindow − 1, plus `minHistory` a-values of history (auto asks for more in
// its quick one-hour ensemble). Cost: the components' costs plus O(C log C) per point; no
// allocation in the loop (the history maximum is a monotonic queue, amortised O(1)). Same algorithm and
// operation order as src/detectors/ensemble.ts.
var Ensemble = &Detector{
	ID:          "ensemble",
	Name:        "Ensemble (calibrated)",
	Description: "Z-score, EWMA, change and seasonal scores combined; flags points clearly more unusual than the recent past.",
	Params: append([]ParamSpec{
		intParam("window", 360, 4, 100000,
			"Points the z-score component looks back over (EWMA uses a quarter as half-life)."),
		intParam("period", 0, 0, 2678400,
			"Season length in seconds for the seasonal component (86400 = daily, at least 60); 0 = none."),
		intParam("shortWindow", 1, 1, 1000,
			"Points the combined score is averaged over before calibration (higher = steadier, slower)."),
		intParam("longWindow", 1000, 10, 100000, "Points of score history whose largest score a point must beat."),
		intParam("changeWindow", 3000, 10, 100000,
			"Past point-to-point changes the change component is scored against (it is off until then)."),
		intParam("minHistory", 30, 1, 100000,
			"Scores of history needed before the first output (after the components are warm)."),
	}, commonParams(ensembleSensitivitySpec())...),
	Validate: func(p Params) error {
		if period := p.Int("period"); period > 0 && period < minPeriodS {
			return newError(InvalidParam,
				"ensemble: parameter \"period\" must be 0 (no season) or at least %d seconds, got %d", minPeriodS, period)
		}
		return nil
	},
	Warmup: ensembleWarmup,
	Detect: detectEnsemble,
}

const (
	ensembleMinThreshold = 3.55 // lowest threshold on the combined score: 3.55 spreads off on average
	ensembleSeasons      = 8
	ensembleNeighbours   = 2
	// ensembleChangeWeight is how many times the change component counts in the mean: once was too little to
	// lift a 6σ spike on a daily cycle over the threshold, twice cost NAB more false alarms (BENCHMARKS.md).
	ensembleChangeWeight = 1.5
	minPeriodS           = 60 // the seasonal detector's shortest period, in seconds
)

type ensembleComponent struct {
	det    *Detector
	params Params
}

// band is the component's band before scoring.
func (c ensembleComponent) band(s Series) Result {
	switch c.det {
	case ZScore:
		return zscoreBand(s, c.params.Int("window"), 1)
	case EWMA:
		return ewmaBand(s, c.params.Float("halfLife"), 1)
	default:
		return seasonalBand(s, c.params)
	}
}

func ensembleComponents(p Params) []ensembleComponent {
	window := p.Float("window")
	base := func(extra RawParams) RawParams {
		extra["sensitivity"], extra["direction"], extra["minConsecutive"] = 1.0, "both", 1.0
		return extra
	}
	list := []struct {
		det *Detector
		raw RawParams
	}{
		{ZScore, base(RawParams{"window": window})},
		{EWMA, base(RawParams{"halfLife": math.Max(1, window/4)})},
	}
	if period := p.Float("period"); period > 0 {
		list = append(list, struct {
			det *Detector
			raw RawParams
		}{Seasonal, base(RawParams{"period": period, "seasons": float64(ensembleSeasons),
			"neighbours": float64(ensembleNeighbours)})})
	}
	out := make([]ensembleComponent, len(list))
	for i, c := range list {
		resolved, err := resolveParams(c.det.ID, c.det.Params, c.raw)
		if err != nil {
			panic("ensemble: component parameters out of range: " + err.Error()) // a bug, not user input
		}
		out[i] = ensembleComponent{c.det, resolved}
	}
	return out
}

func ensembleWarmup(p Params) int {
	warm := 0
	for _, c := range ensembleComponents(p) {
		if c.det != Seasonal {
			warm = max(warm, c.det.Warmup(c.params))
		}
	}
	return warm + p.Int("shortWindow") - 1 + p.Int("minHistory")
}

// ensemblePart is a component's expectation and spread (upper − expected) per point; NaN where it has no band.
type ensemblePart struct {
	expected, spread []float64
	weight           float64
}

func bandPart(r Result) ensemblePart {
	spread := make([]float64, len(r.Expected))
	for i := range spread {
		spread[i] = r.Upper[i] - r.Expected[i]
	}
	return ensemblePart{r.Expected, spread, 1}
}

// changePart is the change component: d_i = x_i − (previous valid value) scored by zscore over the last `window`
// changes, written as a band around the previous value: e_i = previous + mean change, s_i = their std.
func changePart(s Series, window int) ensemblePart {
	v := s.V
	n := len(v)
	previous := make([]float64, n)
	changes := make([]float64, n)
	last := math.NaN()
	for i, x := range v {
		previous[i] = last
		changes[i] = x - last // NaN for the first valid point and for missing ones: zscore skips them
		if !math.IsNaN(x) {
			last = x
		}
	}
	params, err := resolveParams(ZScore.ID, ZScore.Params, RawParams{
		"window": float64(window), "sensitivity": 1.0, "direction": "both", "minConsecutive": 1.0})
	if err != nil {
		panic("ensemble: change component parameters out of range: " + err.Error()) // a bug, not user input
	}
	z := zscoreBand(Series{T: s.T, V: changes}, params.Int("window"), 1)
	expected := make([]float64, n)
	spread := make([]float64, n)
	for i := range expected {
		expected[i] = previous[i] + z.Expected[i]
		spread[i] = z.Upper[i] - z.Expected[i]
	}
	return ensemblePart{expected, spread, ensembleChangeWeight}
}

func detectEnsemble(s Series, p Params) Result {
	v := s.V
	n := len(v)
	k := p.Float("sensitivity")
	short := p.Int("shortWindow")
	long := p.Int("longWindow")
	comps := ensembleComponents(p)
	parts := make([]ensemblePart, len(comps))
	for i, c := range comps {
		parts[i] = bandPart(c.band(s))
	}
	parts = slices.Insert(parts, 2, changePart(s, p.Int("changeWindow"))) // after zscore and ewma, before seasonal
	C := len(parts)
	minHistory := p.Int("minHistory")
	r := emptyResult(n, ensembleWarmup(p))

	es := make([]float64, C) // one point's component expectations, sorted
	ws := make([]float64, C) // and their weights u/spread
	rawRing := make([]float64, short)
	history := newSlidingMax(long) // previous a-values
	rawHead, rawCount, rawSum := 0, 0, 0.0

	for i, x := range v {
		if math.IsNaN(x) {
			continue
		}
		m, flatCount, flatSum := 0, 0, 0.0
		for c := 0; c < C; c++ {
			e := parts[c].expected[i]
			if math.IsNaN(e) {
				continue
			}
			spread := parts[c].spread[i]
			if !(spread > 0) {
				flatSum += e
				flatCount++
				continue
			}
			j := m
			m++
			for j > 0 && es[j-1] > e {
				es[j], ws[j] = es[j-1], ws[j-1]
				j--
			}
			es[j], ws[j] = e, parts[c].weight/spread
		}
		if m == 0 && flatCount == 0 {
			continue // no component is warm yet
		}
		var expected, raw float64
		if m == 0 {
			// Every component is flat here (a constant window): a zero-width band at their common expectation.
			expected = flatSum / float64(flatCount)
			if x != expected {
				raw = ScoreCap
			}
		} else {
			expected = weightedMedian(es, ws, m)
			raw = convexScore(x, es, ws, m)
		}

		prevShortSum := rawSum
		if rawCount == short {
			prevShortSum = rawSum - rawRing[rawHead]
		}
		warm := history.pushed >= minHistory
		threshold := 0.0
		if warm {
			threshold = math.Max(k*history.max(), ensembleMinThreshold)
		}
		if warm && min(rawCount, short-1) == short-1 {
			need := float64(short)*threshold - prevShortSum
			r.Expected[i] = expected
			if m == 0 || need <= convexScore(expected, es, ws, m) {
				r.Lower[i], r.Upper[i] = expected, expected
			} else {
				r.Lower[i] = solveBelow(expected, need, es, ws, m)
				r.Upper[i] = solveAbove(expected, need, es, ws, m)
			}
		}

		// Push this point's raw score and, once the short window is full, its a-value, clipped at the threshold
		// so an anomaly raises the bar only by the factor sensitivity.
		if rawCount == short {
			rawSum -= rawRing[rawHead]
		} else {
			rawCount++
		}
		rawRing[rawHead] = raw
		rawHead++
		if rawHead == short {
			rawHead = 0
		}
		rawSum += raw
		if rawCount == short {
			a := rawSum / float64(short)
			if warm {
				a = math.Min(a, threshold)
			}
			history.push(a)
		}
	}
	return scoreAgainstBand(v, r, p)
}

func ensembleSensitivitySpec() ParamSpec {
	lo, hi := 1.0, 100.0
	return ParamSpec{Default: 1.15, Min: &lo, Max: &hi,
		Description: "How far a score must beat the largest of the last longWindow scores (1.15 = by 15%); larger = fewer anomalies."}
}

// slidingMax keeps the maximum of the last `size` pushed values in amortised O(1): a monotonic queue of positions
// whose values decrease from front to back (a value outlived by a later, larger one can never be the maximum).
type slidingMax struct {
	pushed int       // values pushed so far
	values []float64 // ring: the value pushed at position p sits at p % size
	queue  []int     // ring of positions, front = the current maximum
	head   int
	length int
}

func newSlidingMax(size int) *slidingMax {
	return &slidingMax{values: make([]float64, size), queue: make([]int, size)}
}

func (q *slidingMax) push(x float64) {
	p := q.pushed
	q.pushed++
	size := len(q.values)
	if q.length > 0 && q.queue[q.head] <= p-size {
		q.head++
		if q.head == size {
			q.head = 0
		}
		q.length--
	}
	for q.length > 0 && q.values[q.queue[(q.head+q.length-1)%size]%size] <= x {
		q.length--
	}
	q.values[p%size] = x
	q.queue[(q.head+q.length)%size] = p
	q.length++
}

// max is the largest of the last size values (−Inf before the first push).
func (q *slidingMax) max() float64 {
	if q.length == 0 {
		return math.Inf(-1)
	}
	return q.values[q.queue[q.head]%len(q.values)]
}

// convexScore is f(x) = mean over components of |x − e_c|·w_c.
func convexScore(x float64, es, ws []float64, m int) float64 {
	sum := 0.0
	for c := 0; c < m; c++ {
		sum += math.Abs(x-es[c]) * ws[c]
	}
	return sum / float64(m)
}

// weightedMedian is the minimiser of f: the weighted median of the sorted expectations (the lower on a tie).
func weightedMedian(es, ws []float64, m int) float64 {
	total := 0.0
	for c := 0; c < m; c++ {
		total += ws[c]
	}
	acc := 0.0
	for c := 0; c < m; c++ {
		acc += ws[c]
		if 2*acc >= total {
			return es[c]
		}
	}
	return es[m-1]
}

// solveAbove is the x > from where f(x) = need; f grows piecewise linearly with slope (Σw left − Σw right)/m.
func solveAbove(from, need float64, es, ws []float64, m int) float64 {
	x := from
	fx := convexScore(x, es, ws, m)
	for c := 0; c <= m; c++ {
		if c < m && es[c] <= x {
			continue
		}
		slope := 0.0
		for d := 0; d < m; d++ {
			if es[d] <= x {
				slope += ws[d]
			} else {
				slope -= ws[d]
			}
		}
		slope /= float64(m)
		next, fNext := math.Inf(1), math.Inf(1)
		if c < m {
			next = es[c]
			fNext = convexScore(next, es, ws, m)
		}
		if fNext >= need {
			return x + (need-fx)/slope
		}
		x, fx = next, fNext
	}
	return x
}

// solveBelow is the x < from where f(x) = need (mirror of solveAbove).
func solveBelow(from, need float64, es, ws []float64, m int) float64 {
	x := from
	fx := convexScore(x, es, ws, m)
	for c := m - 1; c >= -1; c-- {
		if c >= 0 && es[c] >= x {
			continue
		}
		slope := 0.0
		for d := 0; d < m; d++ {
			if es[d] >= x {
				slope += ws[d]
			} else {
				slope -= ws[d]
			}
		}
		slope /= float64(m)
		next, fNext := math.Inf(-1), math.Inf(1)
		if c >= 0 {
			next = es[c]
			fNext = convexScore(next, es, ws, m)
		}
		if fNext >= need {
			return x - (need-fx)/slope
		}
		x, fx = next, fNext
	}
	return x
}
