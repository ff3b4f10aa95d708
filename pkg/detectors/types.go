package detectors

import "fmt"

var sprintf = fmt.Sprintf

// Series is one input series: timestamps in Unix milliseconds (strictly ascending) and values (NaN = missing).
type Series struct {
	T []int64
	V []float64
}

// Result is the detection contract: one entry per input point, aligned by index. Score is >= 0: 0 at the
// expected value, 1 on the band edge, > 1 outside the band. Warm-up and missing points have NaN
// Expected/Lower/Upper/Score and Anomaly false.
type Result struct {
	Expected []float64
	Lower    []float64
	Upper    []float64
	Score    []float64
	// Anomaly is true when the point is anomalous after the direction and minConsecutive rules.
	Anomaly []bool
	// Warmup is the number of valid points the detector needs before its first output.
	Warmup int
}

// Direction selects which deviations count.
type Direction string

const (
	Both Direction = "both"
	Up   Direction = "up"
	Down Direction = "down"
)
