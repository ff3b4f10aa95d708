package detectors

import "math"

// ScoreCap caps scores: a point 100 band half-widths away is as anomalous as one can usefully say, and a finite
// cap keeps zero-width bands (constant series) from producing +Inf in panels and alert frames.
const ScoreCap = 100.0

var nan = math.NaN()

// emptyResult is a result of n points, all in warm-up (NaN outputs, no anomaly) until a detector fills it.
func emptyResult(n, warmup int) Result {
	r := Result{
		Expected: make([]float64, n),
		Lower:    make([]float64, n),
		Upper:    make([]float64, n),
		Score:    make([]float64, n),
		Anomaly:  make([]bool, n),
		Warmup:   warmup,
	}
	for i := 0; i < n; i++ {
		r.Expected[i], r.Lower[i], r.Upper[i], r.Score[i] = nan, nan, nan, nan
	}
	return r
}

// scoreAgainstBand scores every point against the band the detector wrote into Expected/Lower/Upper, then flags
// anomalies. score = |v − expected| / (half-width on v's side), 0 on the expected value, ScoreCap when the band
// has zero width and v is off it. With direction "up" (or "down") deviations on the other side score 0.
func scoreAgainstBand(v []float64, r Result, p Params) Result {
	direction := Direction(p.String("direction"))
	for i, x := range v {
		e := r.Expected[i]
		if math.IsNaN(x) || math.IsNaN(e) {
			r.Score[i] = nan
			continue
		}
		dev := x - e
		if dev == 0 || (direction == Up && dev < 0) || (direction == Down && dev > 0) {
			r.Score[i] = 0
			continue
		}
		halfWidth := e - r.Lower[i]
		if dev > 0 {
			halfWidth = r.Upper[i] - e
		}
		if halfWidth > 0 {
			r.Score[i] = math.Min(math.Abs(dev)/halfWidth, ScoreCap)
		} else {
			r.Score[i] = ScoreCap
		}
	}
	return flagAnomalies(v, r, p)
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
