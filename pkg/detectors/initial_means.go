package detectors

import "math"

// spanMeans is the twin of spanMeans in src/detectors/initial_means.ts: the Holt models' classical initialisation
// (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", §8.3) takes the level from the first span's
// mean and the trend from the difference of the two. It splits s[from:to) (NaN values skipped) into the spans
// [T[from], T[from]+span) and [T[from]+span, T[from]+2·span) (span in ms; values after that are ignored) and
// returns their means: first is NaN when the first span holds no valid value, second is first when the second holds
// none.
func spanMeans(s Series, from, to int, span float64) (first, second float64) {
	tf := float64(s.T[from])
	sum1, n1, sum2, n2 := 0.0, 0, 0.0, 0
	for j := from; j < to; j++ {
		if math.IsNaN(s.V[j]) {
			continue
		}
		if tj := float64(s.T[j]); tj < tf+span {
			sum1 += s.V[j]
			n1++
		} else if tj < tf+2*span {
			sum2 += s.V[j]
			n2++
		}
	}
	first = sum1 / float64(n1)
	second = first
	if n2 > 0 {
		second = sum2 / float64(n2)
	}
	return first, second
}
