package detectors

import "math"

// ScoreCap caps scores: a point 100 band half-widths away is as anomalous as one can usefully say, and a finite
// cap keeps zero-width bands (constant series) from producing +Inf in panels and alert frames.
const ScoreCap = 100.0

var nan = math.NaN()

// emptyResult is a result of n points, all in warm-up (NaN outputs, no anomaly) until a detector fills it.
// The four float outputs share one allocation, filled with NaN by doubling copies (memmove speed): this runs
// for every series, so it is a measurable part of the cheap detectors' cost.
func emptyResult(n, warmup int) Result {
	floats := make([]float64, 4*n)
	if len(floats) > 0 {
		floats[0] = nan
		for filled := 1; filled < len(floats); filled *= 2 {
			copy(floats[filled:], floats[:filled])
		}
	}
	return Result{
		Expected: floats[0*n : 1*n : 1*n],
		Lower:    floats[1*n : 2*n : 2*n],
		Upper:    floats[2*n : 3*n : 3*n],
		Score:    floats[3*n : 4*n : 4*n],
		Anomaly:  make([]bool, n),
		Warmup:   warmup,
	}
}

// scoreAgainstBand scores every point against the band the detector wrote into Expected/Lower/Upper and flags
// anomalies, in one pass (the rules are flagAnomalies'). score = |v − expected| / (half-width on v's side), 0 on
// the expected value, ScoreCap when the band has zero width and v is off it. With direction "up" (or "down")
// deviations on the other side score 0.
//
// Physical bounds: a band never crosses a bound the series has never crossed. When every earlier valid value of
// boundsFrom (the series itself unless a detector scores something else) is >= 0, expected, lower and upper are
// raised to at least 0; when every earlier value also is <= 1, they are lowered to at most 1. The score is taken
// before, from the band as the detector made it: the bound only narrows what is drawn. Causal.
func scoreAgainstBand(v []float64, r Result, p Params, boundsFrom ...[]float64) Result {
	direction := Direction(p.String("direction"))
	minConsecutive := p.Int("minConsecutive")
	bounds := v
	if len(boundsFrom) > 0 {
		bounds = boundsFrom[0]
	}
	run := 0
	seen, nonNegative, unit := false, true, true
	n := len(v)
	// Reslicing to n lets the compiler drop the bounds checks in the loop (this runs for every series).
	expected, lower, upper, scores, anomaly := r.Expected[:n], r.Lower[:n], r.Upper[:n], r.Score[:n], r.Anomaly[:n]
	bounds = bounds[:n]
	for i, x := range v {
		e := expected[i]
		if math.IsNaN(x) || math.IsNaN(e) {
			scores[i] = nan
			anomaly[i] = false
		} else {
			dev := x - e
			score := 0.0
			if !(dev == 0 || (direction == Up && dev < 0) || (direction == Down && dev > 0)) {
				halfWidth := e - lower[i]
				if dev > 0 {
					halfWidth = upper[i] - e
					dev = -dev
				}
				score = ScoreCap
				if halfWidth > 0 {
					if score = -dev / halfWidth; score > ScoreCap {
						score = ScoreCap
					}
				}
			}
			scores[i] = score
			if score > 1 {
				run++
			} else {
				run = 0
			}
			anomaly[i] = run >= minConsecutive
			if seen && nonNegative { // written only where clamped: most points are inside the bounds
				if lower[i] < 0 {
					lower[i] = 0
				}
				if e < 0 {
					expected[i] = 0
				}
				if upper[i] < 0 {
					upper[i] = 0
				}
				if unit {
					if upper[i] > 1 {
						upper[i] = 1
					}
					if e > 1 {
						expected[i] = 1
					}
					if lower[i] > 1 {
						lower[i] = 1
					}
				}
			}
		}
		if nonNegative { // once the series went below 0 no bound applies again
			if b := bounds[i]; b == b { // not NaN
				seen = true
				if b < 0 {
					nonNegative = false
				}
				if b > 1 {
					unit = false
				}
			}
		}
	}
	return r
}

// flagAnomalies sets Anomaly from Score: a point is anomalous when its score is above 1 and it ends a run of at
// least minConsecutive such points. Missing points (NaN value or score) neither extend nor break a run. Causal:
// the first points of a run are not flagged retroactively once the run is long enough.
func flagAnomalies(v []float64, r Result, p Params) Result {
	minConsecutive := p.Int("minConsecutive")
	run := 0
	for i, x := range v {
		s := r.Score[i]
		if math.IsNaN(x) || math.IsNaN(s) {
			r.Anomaly[i] = false
			continue
		}
		if s > 1 {
			run++
		} else {
			run = 0
		}
		r.Anomaly[i] = run >= minConsecutive
	}
	return r
}
