package detectors

import (
	"math"
	"slices"
)

// validateSeries checks one input series: equal lengths, strictly ascending timestamps, no ±Inf values.
// NaN values are allowed (missing points). Nothing is copied or changed.
func validateSeries(detectorID string, s Series, index int) error {
	label := sprintf("%s: series %d", detectorID, index)
	if len(s.T) != len(s.V) {
		return newError(InvalidInput, "%s has %d timestamps but %d values", label, len(s.T), len(s.V))
	}
	for i, x := range s.V {
		if i > 0 && s.T[i] <= s.T[i-1] {
			return newError(InvalidInput, "%s: timestamps must be strictly ascending (index %d)", label, i)
		}
		if math.IsInf(x, 0) {
			return newError(NonFiniteInput, "%s: value at index %d is %v; remove or clamp infinities", label, i, x)
		}
	}
	return nil
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
