package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/peer_outlier.ts and the doc_example vector case: four pods,
// the last one is off its peers at t = 1; the group's spread is pooled over 2 steps (t = 0 is warm-up).
func ExamplePeerOutlier() {
	t := []int64{0, 1, 2, 3}
	pods := []detectors.Series{
		{T: t, V: []float64{10, 11, 10.5, 10}},
		{T: t, V: []float64{10.5, 12, 11, 10.5}},
		{T: t, V: []float64{11, 11, 9.5, 11}},
		{T: t, V: []float64{9.5, 30, 10, 10.4}},
	}
	out, err := detectors.Run("peer_outlier", pods, detectors.RawParams{"window": 2})
	if err != nil {
		panic(err)
	}
	r := out[3]
	fmt.Printf("expected: %.4f\n", r.Expected)
	fmt.Printf("upper:    %.4f\n", r.Upper)
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	// Output:
	// expected: [NaN 11.5000 10.2500 10.4500]
	// upper:    [NaN 15.2065 13.9565 14.1565]
	// score:    [NaN 4.9912 0.0674 0.0135]
	// anomaly:  [false true false false]
}
