package detectors

import (
	"math"
	"slices"
)

// MaxMagnitude is the largest magnitude a detector works with: a finite value beyond ±MaxMagnitude is taken as
// ±MaxMagnitude (see withinMagnitude). Sums of squares over a window of up to 10^5 points of differences up to
// 2·10^150 stay below math.MaxFloat64 (about 1.8·10^308), so spreads, bands and scores stay finite; no metric
// comes near it (a 64-bit byte counter ends at 1.8·10^19). Twin of MAX_MAGNITUDE in src/detectors/series.ts.
const MaxMagnitude = 1e150

// validateSeries checks one input series: equal lengths, strictly ascending timestamps, no ±Inf values.
// NaN values are allowed (missing points). Nothing is copied or changed. beyond reports a value beyond
// ±MaxMagnitude (the series is then detected as withinMagnitude gives it).
func validateSeries(detectorID string, s Series, index int) (beyond bool, err error) {
	label := sprintf("%s: series %d", detectorID, index)
	if len(s.T) != len(s.V) {
		return false, newError(InvalidInput, "%s has %d timestamps but %d values", label, len(s.T), len(s.V))
	}
	for i, x := range s.V {
		if i > 0 && s.T[i] <= s.T[i-1] {
			return false, newError(InvalidInput, "%s: timestamps must be strictly ascending (index %d)", label, i)
		}
		if x > MaxMagnitude || x < -MaxMagnitude {
			if math.IsInf(x, 0) {
				return false, newError(NonFiniteInput, "%s: value at index %d is %v; remove or clamp infinities", label, i, x)
			}
			beyond = true
		}
	}
	return beyond, nil
}

// withinMagnitude is the series a detector scores when a value lies beyond ±MaxMagnitude: a copy with such
// values clamped to ±MaxMagnitude (saturation, point by point, so causality and the prefix property hold).
// Without it the spreads of the detectors that keep sums of squares (zscore, level_shift) or smooth squared or
// absolute errors (ewma, holt_winters, seasonal) overflow to ±Inf and the band becomes NaN.
func withinMagnitude(s Series) Series {
	v := make([]float64, len(s.V))
	for i, x := range s.V {
		v[i] = min(max(x, -MaxMagnitude), MaxMagnitude)
	}
	return Series{T: s.T, V: v}
}

// MedianStep is the median spacing of timestamps in ms (the series step); 0 for fewer than two points.
func MedianStep(t []int64) float64 {
	n := len(t)
	if n < 2 {
		return 0
	}
	d := make([]float64, n-1)
	for i := 1; i < n; i++ {
		d[i-1] = float64(t[i] - t[i-1])
	}
	slices.Sort(d)
	m := len(d) / 2
	if len(d)%2 == 1 {
		return d[m]
	}
	return (d[m-1] + d[m]) / 2
}
