package query

import (
	"math"
	"slices"
	"time"
)

// minSpacings is how many spacings between samples a series needs before its sample interval counts.
const minSpacings = 4

// NativeInterval measures the series' own sample interval from a range query's values on a grid of the given step
// (NaN = no value at that point): per series, the interquartile mean of the spacings between the points that are
// samples of their own rather than Prometheus repeating the latest sample for its lookback; over the series, the
// smallest of those (the step must serve the finest series). A point repeats when its value equals the point before it and it
// lies at most Lookback after the first point of that run of equal values: Prometheus 2 shows a sample at every step
// up to and including Lookback after it (Debian's 2.42 in internal/promtest: a 15-minute sample on 6 points of a
// 1-minute grid), Prometheus 3 up to just before. A value that stays the same longer than the lookback is a real
// value again at every point (as in the detectors' samples.go). A series with fewer than minSpacings spacings does
// not count; 0 when none does. The first point of a series does not start a spacing (its run may have begun before
// the range).
//
// A 15-minute pushed gauge read at a 1-minute step shows each sample on 5 or 6 points, then nothing: 15m. A gauge
// scraped every 15s read at 15s: every point is a sample: 15s. A constant gauge: after the lookback every point
// counts again: the step.
func NativeInterval(step time.Duration, series [][]float64) time.Duration {
	if step <= 0 {
		return 0
	}
	lookback := int(Lookback / step) // a run repeats its first value on up to this many points after it
	best := 0.0
	var spacings []int
	for _, v := range series {
		spacings = spacings[:0]
		last, runStart := -1, 0
		for i, x := range v {
			if math.IsNaN(x) {
				continue
			}
			if i == 0 || math.IsNaN(v[i-1]) || x != v[i-1] {
				runStart = i
			} else if i-runStart <= lookback {
				continue // Prometheus repeating the sample at runStart
			}
			if last >= 0 {
				spacings = append(spacings, i-last)
			}
			if i > 0 {
				last = i
			}
		}
		if len(spacings) < minSpacings {
			continue
		}
		if m := interquartileMean(spacings); best == 0 || m < best {
			best = m
		}
	}
	return time.Duration(math.Round(best*float64(step.Milliseconds()))) * time.Millisecond
}

// interquartileMean is the mean of the middle half of the sorted values (indexes n/4 to n−n/4−1): robust to long
// gaps like a median, and exact for the alternating spacings of a grid that does not divide the sample interval
// (1-minute samples on a 40-second grid are 2 and 1 points apart: 1.5 points, 60s).
func interquartileMean(v []int) float64 {
	slices.Sort(v)
	lo, hi := len(v)/4, len(v)-len(v)/4
	sum := 0
	for _, x := range v[lo:hi] {
		sum += x
	}
	return float64(sum) / float64(hi-lo)
}
